"""docker-compose.yml cannot run here (no Docker engine), so its Casetrail configuration is checked
against the settings: every CASETRAIL_ variable it sets must be one the settings know."""

from __future__ import annotations

from pathlib import Path

import yaml

from runtime.cli import command_parser
from runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, dict[str, dict[str, object]]]:
    loaded = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_casetrail_variable_in_compose_is_a_known_setting() -> None:
    known = {f"CASETRAIL_{name.upper()}" for name in Settings.model_fields}
    services = _compose()["services"]
    casetrail_services = [s for s in services.values() if s.get("image") == "casetrail:latest"]
    assert len(casetrail_services) == 4, "the api, the relay and two kinds of consumer"
    for service in casetrail_services:
        environment = service["environment"]
        assert isinstance(environment, dict)
        variables = set(environment)
        assert variables, "each Casetrail service is configured through CASETRAIL_ variables"
        assert all(v.startswith("CASETRAIL_") for v in variables), sorted(variables)
        assert variables <= known, sorted(variables - known)


def test_compose_runs_postgres_and_kafka_in_kraft_mode() -> None:
    services = _compose()["services"]
    assert str(services["postgres"]["image"]).startswith("postgres:")
    kafka = services["kafka"]
    assert str(kafka["image"]).startswith("apache/kafka:")
    environment = kafka["environment"]
    assert isinstance(environment, dict)
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"


def test_every_casetrail_service_runs_a_command_the_command_line_takes() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        if service.get("image") != "casetrail:latest":
            continue
        command = service["command"]
        assert isinstance(command, list) and command[0] == "casetrail", name
        args = command_parser().parse_args([str(word) for word in command[1:]])  # exits if not
        assert args.command in ("serve", "relay", "consume"), name


def test_the_api_feeds_no_view_where_consumers_keep_them() -> None:
    services = _compose()["services"]
    commands = [s["command"] for s in services.values() if s.get("image") == "casetrail:latest"]
    consumers = {str(c[2]) for c in commands if isinstance(c, list) and c[1] == "consume"}
    environment = services["api"]["environment"]
    assert isinstance(environment, dict)
    assert consumers == {"projections", "reporting"}
    assert environment["CASETRAIL_PROJECTION_FEED"] == "none"
