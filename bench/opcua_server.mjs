// Load server for bench/opcua.py: N Double variables that all change every tick, on node-opcua.
//
//   node bench/opcua_server.mjs --port N --items N --tick-ms MS --pki DIR [--max-per-publish N]
//
// Variables are grouped 100 to a machine, Bench/M0000/S00 ... (node ids s=M0000.S00), each machine
// an instance of BenchMachineType, the way a plant server groups signals under equipment. Every
// tick sets every variable to the tick number, so a client can tell per item which values it got:
// the value is the sequence. Variables have MinimumSamplingInterval 0, so an item sampled at 0
// is served exception-based and every change is reported (no sampling timer to skip one).
//
// Ticks are scheduled against the clock (not chained setIntervals) so the rate stays fixed; once
// a second a stats line on stdout says how late ticks ran and how much CPU the server used, so
// the benchmark can tell whether the server kept up. The first stdout line is the ready line.
// node-opcua is imported from tests/opcua/nodeopcua (`npm ci` there installs it).

import { parseArgs } from "node:util";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "opcua", "nodeopcua", "package.json"));
const opcua = require("node-opcua");
const { DataType, MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy, StatusCodes, Variant } = opcua;

console.log = console.error; // node-opcua logs with console.log; stdout carries only our lines

const NAMESPACE = "urn:plantset:bench:opcua";
const PER_MACHINE = 100;

function options() {
    const { values } = parseArgs({
        options: {
            port: { type: "string" },
            items: { type: "string" },
            "tick-ms": { type: "string", default: "250" },
            pki: { type: "string" },
            "max-per-publish": { type: "string", default: "0" }
        }
    });
    if (!values.port || !values.items || !values.pki) {
        throw new Error("usage: node opcua_server.mjs --port N --items N --tick-ms MS --pki DIR [--max-per-publish N]");
    }
    return {
        port: Number(values.port),
        items: Number(values.items),
        tickMs: Number(values["tick-ms"]),
        pki: path.resolve(values.pki),
        maxPerPublish: Number(values["max-per-publish"])
    };
}

function addVariables(addressSpace, namespace, items) {
    const type = namespace.addObjectType({ browseName: "BenchMachineType" });
    const bench = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: "Bench", nodeId: "s=Bench" });
    const variables = [];
    for (let m = 0; m * PER_MACHINE < items; m++) {
        const machineName = `M${String(m).padStart(4, "0")}`;
        const machine = namespace.addObject({ browseName: machineName, nodeId: `s=${machineName}`, typeDefinition: type, organizedBy: bench });
        for (let s = 0; s < PER_MACHINE && m * PER_MACHINE + s < items; s++) {
            const name = `S${String(s).padStart(2, "0")}`;
            variables.push(namespace.addVariable({
                browseName: name, nodeId: `s=${machineName}.${name}`, componentOf: machine, dataType: "Double",
                minimumSamplingInterval: 0, value: { dataType: DataType.Double, value: 0 }
            }));
        }
    }
    return variables;
}

// One tick: every variable takes the tick number, with one source timestamp for the tick.
function setAll(variables, tick) {
    const now = new Date();
    const value = new Variant({ dataType: DataType.Double, value: tick });
    for (const variable of variables) {
        variable.setValueFromSource(value, StatusCodes.Good, now);
    }
}

function startTicking(variables, tickMs) {
    const started = Date.now();
    const stats = { tick: 0, lateMax: 0, updateMax: 0 };
    const run = () => {
        const due = started + (stats.tick + 1) * tickMs;
        const late = Date.now() - due;
        stats.tick += 1;
        const begin = performance.now();
        setAll(variables, stats.tick);
        const took = performance.now() - begin;
        stats.lateMax = Math.max(stats.lateMax, late);
        stats.updateMax = Math.max(stats.updateMax, took);
        timer = setTimeout(run, Math.max(0, started + (stats.tick + 1) * tickMs - Date.now()));
    };
    let timer = setTimeout(run, tickMs);
    const reporter = setInterval(() => {
        const cpu = process.cpuUsage();
        const line = { stats: { t: Date.now(), tick: stats.tick, late_ms_max: stats.lateMax, update_ms_max: stats.updateMax,
                                cpu_ms: (cpu.user + cpu.system) / 1000 } };
        process.stdout.write(JSON.stringify(line) + "\n");
        stats.lateMax = 0;
        stats.updateMax = 0;
    }, 1000);
    return { started, stop: () => { clearTimeout(timer); clearInterval(reporter); } };
}

async function main() {
    const { port, items, tickMs, pki, maxPerPublish } = options();
    if (maxPerPublish > 0) {
        opcua.Subscription.maxNotificationPerPublishHighLimit = maxPerPublish;
    }
    const server = new OPCUAServer({
        port,
        host: "127.0.0.1",
        hostname: "127.0.0.1",
        resourcePath: "/bench",
        securityPolicies: [SecurityPolicy.None],
        securityModes: [MessageSecurityMode.None],
        allowAnonymous: true,
        serverCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, "server"), automaticallyAcceptUnknownCertificate: true }),
        userCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, "user"), automaticallyAcceptUnknownCertificate: true }),
        buildInfo: { productName: "plantset OPC UA bench server", manufacturerName: "plantset" }
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    const namespace = addressSpace.registerNamespace(NAMESPACE);
    const variables = addVariables(addressSpace, namespace, items);
    await server.start();
    const ticking = startTicking(variables, tickMs);
    const stop = async () => {
        ticking.stop();
        await server.shutdown(0);
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    const ready = {
        endpoint: server.getEndpointUrl(), namespace: NAMESPACE, namespace_index: namespace.index, items,
        per_machine: PER_MACHINE, tick_ms: tickMs, started_ms: ticking.started, type: "BenchMachineType", folder: "Bench",
        max_per_publish: opcua.Subscription.maxNotificationPerPublishHighLimit
    };
    process.stdout.write(JSON.stringify({ ready }) + "\n");
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
