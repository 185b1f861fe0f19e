// An OPC UA test server on node-opcua, a second implementation next to the asyncua one the
// OPC UA source is built on. A Machinery machine (Press-7) with live, bad and uncertain
// values and a historized variable with known raw history.
//
//   node server.mjs --port N --pki DIR [--no-anonymous]
//
// When ready it prints one JSON line on stdout (endpoint, namespace, node ids, history);
// all logging goes to stderr. SIGTERM or SIGINT shut it down.

import { parseArgs } from "node:util";
import path from "node:path";

import {
    BrowseDirection,
    DataType,
    MessageSecurityMode,
    OPCUACertificateManager,
    OPCUAServer,
    SecurityPolicy,
    StatusCodes,
    makeEUInformation,
    nodesets,
    standardUnits
} from "node-opcua";

// node-opcua logs with console.log; stdout carries only the ready line.
console.log = console.error;

const NAMESPACE = "urn:plantset:test:nodeopcua";
const DI = "http://opcfoundation.org/UA/DI/";
const MACHINERY = "http://opcfoundation.org/UA/Machinery/";
const MACHINE = "Press-7";
const USER = { name: "operator", password: "s3cret-pass" };
const HISTORY = { start: Date.parse("2026-03-02T00:00:00Z"), periodMs: 1000, count: 2000, step: 0.5 };
const TICK_MS = 100;
const PROGRAMS = ["PRG-100-BRACKET", "PRG-200-HOUSING", "PRG-300-COVER"];

function parseCommandLine() {
    const { values } = parseArgs({
        options: {
            port: { type: "string" },
            pki: { type: "string" },
            "no-anonymous": { type: "boolean", default: false }
        }
    });
    if (!values.port || !values.pki) {
        throw new Error("usage: node server.mjs --port N --pki DIR [--no-anonymous]");
    }
    return { port: Number(values.port), pki: path.resolve(values.pki), allowAnonymous: !values["no-anonymous"] };
}

async function makeServer({ port, pki, allowAnonymous }) {
    // Unknown client certificates are trusted on first use: a test client brings a fresh
    // self-signed certificate every run.
    const serverCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pki, "server"),
        automaticallyAcceptUnknownCertificate: true
    });
    const userCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pki, "user"),
        automaticallyAcceptUnknownCertificate: true
    });
    return new OPCUAServer({
        port,
        // Bind and advertise loopback only: the machine's FQDN may not resolve offline.
        host: "127.0.0.1",
        hostname: "127.0.0.1",
        resourcePath: "/plantset",
        nodesets: [nodesets.standard, nodesets.di, nodesets.ia, nodesets.machinery],
        securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
        securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
        allowAnonymous,
        userManager: {
            isValidUser: (username, password) => username === USER.name && password === USER.password
        },
        serverCertificateManager,
        userCertificateManager,
        buildInfo: { productName: "plantset node-opcua test server", manufacturerName: "plantset" }
    });
}

function addMachine(addressSpace, namespace) {
    const machines = addressSpace.findNode(`ns=${addressSpace.getNamespaceIndex(MACHINERY)};i=1001`);
    const machine = namespace.addObject({ browseName: MACHINE, nodeId: `s=${MACHINE}`, organizedBy: machines });
    addIdentification(addressSpace, namespace, machine);
    return machine;
}

// Machinery: the MachineIdentificationType instance is named Identification in the DI namespace.
function addIdentification(addressSpace, namespace, machine) {
    const identificationType = addressSpace.findObjectType("MachineIdentificationType", addressSpace.getNamespaceIndex(MACHINERY));
    const identification = identificationType.instantiate({
        browseName: { name: "Identification", namespaceIndex: addressSpace.getNamespaceIndex(DI) },
        nodeId: `s=${MACHINE}.Identification`,
        namespace,
        componentOf: machine,
        optionals: ["Model", "SerialNumber", "YearOfConstruction", "ProductInstanceUri"]
    });
    const properties = {
        Manufacturer: { dataType: DataType.LocalizedText, value: { text: "Plantset Presswerk GmbH" } },
        Model: { dataType: DataType.LocalizedText, value: { text: "HP-400" } },
        SerialNumber: { dataType: DataType.String, value: "HP400-2019-0007" },
        YearOfConstruction: { dataType: DataType.UInt16, value: 2019 },
        ProductInstanceUri: { dataType: DataType.String, value: "urn:plantset:press:HP400-2019-0007" }
    };
    for (const [name, variant] of Object.entries(properties)) {
        const property = identification.getChildByName(name);
        if (!property) {
            throw new Error(`MachineIdentificationType instance has no ${name}`);
        }
        property.setValueFromSource(variant);
    }
    return identification;
}

function addMonitoring(namespace, machine) {
    const monitoring = namespace.addObject({ browseName: "Monitoring", nodeId: `s=${MACHINE}.Monitoring`, componentOf: machine });
    const id = (name) => `s=${MACHINE}.Monitoring.${name}`;
    const analog = (name, units, range) =>
        namespace.addAnalogDataItem({
            browseName: name,
            nodeId: id(name),
            componentOf: monitoring,
            dataType: "Double",
            engineeringUnits: units,
            engineeringUnitsRange: range,
            minimumSamplingInterval: TICK_MS
        });
    const plain = (name, dataType) =>
        namespace.addVariable({ browseName: name, nodeId: id(name), componentOf: monitoring, dataType, minimumSamplingInterval: TICK_MS });
    return {
        monitoring,
        temperature: analog("Temperature", standardUnits.degree_celsius, { low: 0, high: 200 }),
        vibration: analog("Vibration", makeEUInformation("C16", "mm/s", "millimetre per second"), { low: 0, high: 50 }),
        program: plain("Program", "String"),
        counter: plain("Counter", "UInt32"),
        faulty: plain("Faulty", "Double"),
        drifting: plain("Drifting", "Double"),
        history: plain("History", "Double")
    };
}

// Values are a function of the tick number alone, so a test can reason about them.
function updateLive(nodes, tick) {
    const now = new Date();
    const t = (tick * TICK_MS) / 1000;
    const set = (node, dataType, value, status = StatusCodes.Good) =>
        node.setValueFromSource({ dataType, value }, status, now);
    set(nodes.temperature, DataType.Double, 60 + 5 * Math.sin(t));
    set(nodes.vibration, DataType.Double, 2.5 + Math.cos(t / 2));
    set(nodes.program, DataType.String, PROGRAMS[Math.floor(t / 10) % PROGRAMS.length]);
    set(nodes.counter, DataType.UInt32, tick);
    set(nodes.faulty, DataType.Double, -999, StatusCodes.BadSensorFailure);
    set(nodes.drifting, DataType.Double, 20 + 0.01 * tick, StatusCodes.UncertainLastUsableValue);
}

// Each value goes through the historian as a value change with the sample's source
// timestamp; the node's current value ends as the last sample.
function fillHistory(addressSpace, history) {
    addressSpace.installHistoricalDataNode(history, { maxOnlineValues: HISTORY.count });
    for (let i = 0; i < HISTORY.count; i++) {
        const sourceTimestamp = new Date(HISTORY.start + i * HISTORY.periodMs);
        history.setValueFromSource({ dataType: DataType.Double, value: i * HISTORY.step }, StatusCodes.Good, sourceTimestamp);
    }
}

// Path of qualified names from the Objects folder, along the inverse hierarchical references.
function browsePath(addressSpace, node) {
    const objects = addressSpace.rootFolder.objects;
    const path = [];
    for (let current = node; current !== objects; ) {
        path.unshift(`${current.browseName.namespaceIndex}:${current.browseName.name}`);
        const [up] = current.findReferencesEx("HierarchicalReferences", BrowseDirection.Inverse);
        current = addressSpace.findNode(up.nodeId);
    }
    return ["0:Objects", ...path];
}

function readyLine(server, namespace, nodes, allowAnonymous) {
    const addressSpace = server.engine.addressSpace;
    const entries = Object.entries(nodes);
    return {
        endpoint: server.getEndpointUrl(),
        namespace: NAMESPACE,
        namespace_index: namespace.index,
        namespace_array: addressSpace.getNamespaceArray().map((ns) => ns.namespaceUri),
        node_ids: Object.fromEntries(entries.map(([key, node]) => [key, node.nodeId.toString()])),
        browse_paths: Object.fromEntries(entries.map(([key, node]) => [key, browsePath(addressSpace, node)])),
        history_start: new Date(HISTORY.start).toISOString(),
        history_period_ms: HISTORY.periodMs,
        history_count: HISTORY.count,
        history_step: HISTORY.step,
        tick_ms: TICK_MS,
        user: USER.name,
        password: USER.password,
        allow_anonymous: allowAnonymous
    };
}

async function main() {
    const options = parseCommandLine();
    const server = await makeServer(options);
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    const namespace = addressSpace.registerNamespace(NAMESPACE);
    const machine = addMachine(addressSpace, namespace);
    const monitoring = addMonitoring(namespace, machine);
    fillHistory(addressSpace, monitoring.history);
    let tick = 0;
    updateLive(monitoring, tick);
    const timer = setInterval(() => updateLive(monitoring, ++tick), TICK_MS);
    await server.start();

    let stopping = false;
    const stop = async () => {
        if (stopping) return;
        stopping = true;
        clearInterval(timer);
        await server.shutdown(0);
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    const nodes = { machine, identification: machine.getChildByName("Identification"), ...monitoring };
    process.stdout.write(JSON.stringify(readyLine(server, namespace, nodes, options.allowAnonymous)) + "\n");
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
