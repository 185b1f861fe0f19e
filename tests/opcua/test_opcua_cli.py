"""`plantset opcua browse` and `plantset opcua read` against a real server."""

from __future__ import annotations

import pytest
from opcua_servers import NAMESPACE, AsyncuaServer
from typer.testing import CliRunner

from plantset.cli import app


@pytest.fixture(scope="module")
def server():
    with AsyncuaServer() as running:
        yield running


def test_browse_prints_the_tree_with_types_units_and_node_ids(server):
    result = CliRunner().invoke(app, ["opcua", "browse", server.endpoint, "--depth", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Plant  (Object FolderType)  nsu=urn:plantset:test:asyncua;s=Plant" in lines
    assert f"    M1  (Object MachineType)  nsu={NAMESPACE};s=M1" in lines
    assert f"        Temperature  (Variable Double [°C])  nsu={NAMESPACE};s=M1.Temperature" in lines
    assert not any(line.startswith("Server") for line in lines)  # the standard Server object only on request
    below = CliRunner().invoke(app, ["opcua", "browse", server.endpoint, "Plant/Line1/M2", "--depth", "1"])
    assert below.output.splitlines() == [f"Monitoring  (Object BaseObjectType)  nsu={NAMESPACE};s=M2.Monitoring"]


def test_read_prints_values_with_unit_status_and_time(server):
    result = CliRunner().invoke(app, ["opcua", "read", server.endpoint, "Plant/Line1/M1/Monitoring/State",
                                      f"nsu={NAMESPACE};s=Drifting"])
    assert result.exit_code == 0, result.output
    state, drifting = result.output.splitlines()
    assert state.startswith("Plant/Line1/M1/Monitoring/State = Idle  Good  2")
    assert drifting.startswith("Drifting = 2.5  UncertainLastUsableValue  2")


def test_a_wrong_path_names_the_closest_ones(server):
    result = CliRunner().invoke(app, ["opcua", "read", server.endpoint, "Plant/Line2/M1"])
    assert result.exit_code == 1
    assert "no node at browse path 'Plant/Line2/M1'" in result.output and "Plant/Line1" in result.output
