"""The node-opcua test server, seen through a plain asyncua client: what the OPC UA source may rely on."""

from __future__ import annotations

import asyncio
import math
import socket

import pytest
from asyncua import Client, ua
from asyncua.crypto.cert_gen import setup_self_signed_certificate
from asyncua.crypto.security_policies import SecurityPolicyBasic256Sha256
from cryptography.x509.oid import ExtendedKeyUsageOID
from waiting import MARGIN, wait_for_async

HISTORY_CHUNK = 300  # values per HistoryRead call; less than the 2,000 samples, so continuation points


def client_for(server, *, user: str | None = None, password: str | None = None):
    client = Client(server.endpoint, timeout=10, watchdog_intervall=10)
    if user is not None:
        client.set_user(user)
        client.set_password(password)
    return client


async def read_temperature(client, server):
    temperature = client.get_node(server.node_ids["temperature"])
    return await temperature.read_value()


def test_anonymous_read_of_temperature_with_engineering_units(nodeopcua_server):
    async def read():
        async with client_for(nodeopcua_server) as client:
            temperature = await client.nodes.objects.get_child(nodeopcua_server.browse_paths["temperature"][1:])
            value = await temperature.read_data_value()
            units = await (await temperature.get_child("0:EngineeringUnits")).read_value()
            eu_range = await (await temperature.get_child("0:EURange")).read_value()
            return temperature.nodeid, value, units, eu_range

    node_id, value, units, eu_range = asyncio.run(read())
    assert node_id.to_string() == nodeopcua_server.node_ids["temperature"]
    assert value.StatusCode.is_good()
    assert value.Value.VariantType == ua.VariantType.Double
    assert 55.0 <= value.Value.Value <= 65.0
    assert units.UnitId == 4408652  # UNECE "CEL"
    assert units.DisplayName.Text == "°C"
    assert units.NamespaceUri == "http://www.opcfoundation.org/UA/units/un/cefact"
    assert (eu_range.Low, eu_range.High) == (0.0, 200.0)


def test_live_values_change_every_tick(nodeopcua_server):
    async def read_counter_twice():
        async with client_for(nodeopcua_server) as client:
            counter = client.get_node(nodeopcua_server.node_ids["counter"])
            first = await counter.read_value()

            async def moved():
                return await counter.read_value() != first

            await wait_for_async(moved, seconds=3 * MARGIN * nodeopcua_server.tick.total_seconds(),
                                 what="the counter changing")
            return first, await counter.read_value()

    first, second = asyncio.run(read_counter_twice())
    assert second > first


def test_machinery_identification(nodeopcua_server):
    async def read():
        async with client_for(nodeopcua_server) as client:
            identification = await client.nodes.objects.get_child(nodeopcua_server.browse_paths["identification"][1:])
            manufacturer = await identification.get_child("2:Manufacturer")
            type_definition = await identification.read_type_definition()
            return await manufacturer.read_value(), type_definition, await client.get_namespace_array()

    manufacturer, type_definition, namespaces = asyncio.run(read())
    assert manufacturer.Text == "Plantset Presswerk GmbH"
    assert namespaces[type_definition.NamespaceIndex] == "http://opcfoundation.org/UA/Machinery/"
    assert type_definition.Identifier == 1012  # MachineIdentificationType


def test_bad_and_uncertain_statuses_reach_the_client(nodeopcua_server):
    async def read():
        async with client_for(nodeopcua_server) as client:
            faulty = client.get_node(nodeopcua_server.node_ids["faulty"])
            drifting = client.get_node(nodeopcua_server.node_ids["drifting"])
            with pytest.raises(ua.UaStatusCodeError) as refused:
                await faulty.read_value()
            return (refused.value, await faulty.read_data_value(raise_on_bad_status=False),
                    await drifting.read_data_value(raise_on_bad_status=False))

    refused, faulty, drifting = asyncio.run(read())
    assert refused.code == ua.StatusCodes.BadSensorFailure
    assert faulty.StatusCode.value == ua.StatusCodes.BadSensorFailure
    assert drifting.StatusCode.value == ua.StatusCodes.UncertainLastUsableValue
    assert drifting.StatusCode.is_uncertain()
    assert math.isfinite(drifting.Value.Value)


def test_raw_history_in_chunks_through_continuation_points(nodeopcua_server):
    server = nodeopcua_server

    async def read_all():
        details = ua.ReadRawModifiedDetails(
            IsReadModified=False, StartTime=server.history_start, EndTime=server.history_end,
            NumValuesPerNode=HISTORY_CHUNK, ReturnBounds=False,
        )
        chunks, continuation_point = [], None
        async with client_for(server) as client:
            history = client.get_node(server.node_ids["history"])
            while True:
                result = await history.history_read(details, continuation_point)
                result.StatusCode.check()
                chunks.append(result.HistoryData.DataValues)
                continuation_point = result.ContinuationPoint
                if continuation_point is None:
                    return chunks

    chunks = asyncio.run(read_all())
    values = [value for chunk in chunks for value in chunk]
    assert [len(chunk) for chunk in chunks] == [HISTORY_CHUNK] * 6 + [200]
    assert [value.Value.Value for value in values] == [i * server.history_step for i in range(server.history_count)]
    assert [value.SourceTimestamp for value in values] == [
        server.history_start + i * server.history_period for i in range(server.history_count)
    ]
    assert all(value.StatusCode.is_good() for value in values)


def test_user_and_password(nodeopcua_server):
    async def connect(password):
        async with client_for(nodeopcua_server, user=nodeopcua_server.user, password=password) as client:
            return await read_temperature(client, nodeopcua_server)

    assert 55.0 <= asyncio.run(connect(nodeopcua_server.password)) <= 65.0
    with pytest.raises(ua.UaStatusCodeError) as refused:
        asyncio.run(connect("wrong-pass"))
    assert refused.value.code == ua.StatusCodes.BadUserAccessDenied


def test_anonymous_refused_when_disabled(nodeopcua_server_no_anonymous):
    server = nodeopcua_server_no_anonymous

    async def connect(user, password):
        async with client_for(server, user=user, password=password) as client:
            return await read_temperature(client, server)

    with pytest.raises(ua.UaStatusCodeError) as refused:
        asyncio.run(connect(None, None))
    assert refused.value.code == ua.StatusCodes.BadIdentityTokenInvalid
    assert 55.0 <= asyncio.run(connect(server.user, server.password)) <= 65.0


def test_basic256sha256_sign_and_encrypt_with_a_generated_certificate(nodeopcua_server, tmp_path):
    key, certificate = tmp_path / "client-key.pem", tmp_path / "client-cert.der"

    async def connect():
        client = client_for(nodeopcua_server)
        await setup_self_signed_certificate(
            key, certificate, client.application_uri, socket.gethostname(),
            [ExtendedKeyUsageOID.CLIENT_AUTH], {"organizationName": "plantset tests"},
        )
        await client.set_security(SecurityPolicyBasic256Sha256, str(certificate), str(key),
                                  mode=ua.MessageSecurityMode.SignAndEncrypt)
        async with client:
            return client.security_policy.Mode, await read_temperature(client, nodeopcua_server)

    mode, temperature = asyncio.run(connect())
    assert mode == ua.MessageSecurityMode.SignAndEncrypt
    assert 55.0 <= temperature <= 65.0
    trusted = list((nodeopcua_server.pki / "server" / "trusted" / "certs").iterdir())
    assert trusted, "the server should have trusted the client's new certificate on first use"
