"""The published shape of the case events on Kafka: one JSON Schema (2020-12) document per event
type and version, made from the domain's own event classes, so that a consumer written by
someone else can rely on it.

A document describes the message value as the relay sends it (`consumers.messages.encode`): the
record's id and version, the event's topic, and `state`, the event as stored, a JSON text. Its
schema is `$defs/state`: every fact of the event, with dates, instants and ids in the store's
transcoded form (`{"_type_": "date_iso", "_data_": "2026-03-01"}`). The documents are checked in
under `schemas/events/` (`casetrail schemas` writes them; a test fails when they differ from what
this module makes) and served by the API at `/schemas/events`.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
import types
import typing
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.utils import get_topic

import domain
from domain.episode.base import EpisodeEvent
from domain.episode.everyday import VisitRecorded
from domain.episode.looked_after import (
    PLACEMENT_DETAILS,
    PREVIOUS_PERMANENCE,
    BecameLookedAfter,
    PlacementChanged,
)
from domain.episode.protection import ConferenceHeld
from domain.record import CaseCreated, CaseEvent
from domain.workforce import WorkerJoined

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INDEX = "index.json"
DOCUMENT = re.compile(r".+\.v\d+\.json")

# Bases that are never recorded themselves, only their subclasses.
BASES: frozenset[type[Any]] = frozenset({CaseEvent, CaseCreated, EpisodeEvent, ConferenceHeld})


@dataclass(frozen=True)
class EarlierShape:
    """How version N of an event's state differed from version N+1: the facts N+1 added (that
    `upcast_vN_vN+1` fills in), and those N had that N+1 dropped (name -> type)."""

    without: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


# Every version below an event's class_version, step by step: stored events keep the shape they
# were written in, and a message carries the stored state as it is.
EARLIER_SHAPES: Mapping[tuple[type[Any], int], EarlierShape] = {
    (VisitRecorded, 1): EarlierShape(without=("seen_alone",)),
    (WorkerJoined, 1): EarlierShape(without=("registration_number",)),
    (BecameLookedAfter, 1): EarlierShape(without=(*PLACEMENT_DETAILS, *PREVIOUS_PERMANENCE)),
    (PlacementChanged, 1): EarlierShape(without=PLACEMENT_DETAILS),
}

DESCRIPTIONS = {
    "timestamp": "when the system stored the event (recorded_at, server time)",
    "originator_topic": "the kind of record this first event begins (module:class)",
    "occurred_at": "when it happened in the world",
    "actor": "who recorded it (a staff id, or a user name)",
    "on_behalf_of": "the worker it was recorded for, where someone records for another",
    "reason": "why, where the action needs a reason (an extension, a correction, a closure)",
    "correlation_id": "ties together the events of one request",
    "causation_id": "what caused this request, where known",
    "child_id": "the child the event is about",
    "corrects_version": "the entry (originator_version) of the same record that this corrects",
    "changes": "the corrected facts by name, each encoded as in the corrected event's state",
}

# The store's encodings of values JSON lacks (domain/transcodings.py and the library's own).
TRANSCODINGS: Mapping[type[Any], tuple[str, dict[str, Any], str]] = {
    datetime: (
        "datetime_iso",
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}$",
        },
        "an instant: ISO 8601 with its UTC offset",
    ),
    date: (
        "date_iso",
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "a calendar date: ISO 8601",
    ),
    UUID: ("uuid_hex", {"type": "string", "pattern": "^[0-9a-f]{32}$"}, "an id: 32 hex digits"),
    Decimal: ("decimal_str", {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, "a decimal"),
}
UUID_TEXT = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


@dataclass(frozen=True)
class Published:
    """Every document, by (event type, version), and the index that lists them."""

    documents: Mapping[tuple[str, int], dict[str, Any]]
    index: dict[str, Any]

    def files(self) -> dict[str, str]:
        """File name -> text, as checked in under schemas/events/."""
        files = {INDEX: _text(self.index)}
        for (event_type, version), document in self.documents.items():
            files[file_name(event_type, version)] = _text(document)
        return files


@cache
def published() -> Published:
    """The documents for every event class in the domain, at each of its versions."""
    documents = {
        (cls.__qualname__, version): event_document(cls, version)
        for cls in event_classes()
        for version in range(1, cls.class_version + 1)
    }
    return Published(documents, _index(documents))


def file_name(event_type: str, version: int) -> str:
    return f"{event_type}.v{version}.json"


def event_classes() -> list[type[Any]]:
    """The event classes the domain records: top-level ones and those nested in aggregates,
    leaving out the bases and the `Event` and `Created` classes the library makes for every
    aggregate."""
    found: dict[str, type[Any]] = {}
    for module_info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if not inspect.isclass(value) or value.__module__ != module.__name__:
                continue
            if issubclass(value, DomainEvent):
                found[value.__qualname__] = value
            elif issubclass(value, Aggregate):
                for name, nested in vars(value).items():
                    if (inspect.isclass(nested) and issubclass(nested, DomainEvent)
                            and name not in ("Event", "Created")):
                        found[nested.__qualname__] = nested
    return [found[name] for name in sorted(found) if found[name] not in BASES]


def event_document(cls: type[Any], version: int) -> dict[str, Any]:
    """The JSON Schema of the message value carrying a `cls` event stored at `version`."""
    used: set[type[Any]] = set()
    state = _state_schema(cls, version, used)
    name = cls.__qualname__
    about = _docstring(cls)
    return {
        "$schema": DIALECT,
        "$id": f"urn:casetrail:event:{name}:v{version}",
        "title": f"{name}, version {version}",
        "description": (f"{about}\n\n" if about else "") + (
            f"The value of a message whose headers say event-type {name} and event-version "
            f"{version}. `state` is the event as stored, a JSON text: see $defs/state."
        ),
        "type": "object",
        "properties": {
            "originator_id": {
                "type": "string", "pattern": UUID_TEXT,
                "description": "the record (aggregate) the event belongs to",
            },
            "originator_version": {
                "type": "integer", "minimum": 1,
                "description": "the event's place in that record's history, from 1",
            },
            "topic": {"const": get_topic(cls), "description": "the event's class (module:class)"},
            "state": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": "#/$defs/state"},
            },
        },
        "required": ["originator_id", "originator_version", "topic", "state"],
        "additionalProperties": False,
        "$defs": {
            "state": state,
            **{TRANSCODINGS[kind][0]: _transcoded(kind) for kind in _ordered(used)},
        },
    }


def fields_at(cls: type[Any], version: int) -> dict[str, Any]:
    """The stored facts of a `cls` event at `version` (name -> type), in the class's order."""
    hints = typing.get_type_hints(cls)
    facts = {
        f.name: hints[f.name] for f in dataclasses.fields(cls)
        if f.name not in ("originator_id", "originator_version")
    }
    for earlier in range(cls.class_version - 1, version - 1, -1):
        shape = EARLIER_SHAPES.get((cls, earlier))
        if shape is None:
            raise LookupError(
                f"{cls.__qualname__} is at version {cls.class_version}: declare how version "
                f"{earlier} differed in EARLIER_SHAPES"
            )
        facts = {k: v for k, v in facts.items() if k not in shape.without} | dict(shape.extra)
    return facts


def _state_schema(cls: type[Any], version: int, used: set[type[Any]]) -> dict[str, Any]:
    code_lists: Mapping[str, Collection[str]] = getattr(cls, "code_lists", {})
    properties: dict[str, Any] = {}
    for name, hint in fields_at(cls, version).items():
        schema = _value_schema(hint, code_lists.get(name), used)
        if name in DESCRIPTIONS:
            schema = {**schema, "description": DESCRIPTIONS[name]}
        properties[name] = schema
    required = list(properties)
    if version > 1:
        # The library writes the version into the state from 2 on; version 1 has none.
        properties["class_version"] = {"const": version}
        required.append("class_version")
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _value_schema(
    hint: Any, codes: Collection[str] | None, used: set[type[Any]]
) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arguments = typing.get_args(hint)
        options = [_value_schema(a, codes, used) for a in arguments if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return _nullable(schema) if type(None) in arguments else schema
    if origin is list:
        (item,) = typing.get_args(hint)
        return {"type": "array", "items": _value_schema(item, codes, used)}
    if origin is dict:
        return {"type": "object"}
    if hint is Any:
        return {}
    if hint in TRANSCODINGS:
        used.add(hint)
        return {"$ref": f"#/$defs/{TRANSCODINGS[hint][0]}"}
    if hint is str:
        return _code_schema(codes) if codes else {"type": "string"}
    simple = {bool: "boolean", int: "integer", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for a fact of type {hint!r}: teach consumers/event_schema.py")


def _code_schema(codes: Collection[str]) -> dict[str, Any]:
    if isinstance(codes, Mapping):
        return {"type": "string", "anyOf": [
            {"const": code, "title": str(codes[code])} for code in sorted(codes)
        ]}
    return {"type": "string", "enum": sorted(codes)}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if set(schema) == {"type"} and isinstance(schema["type"], str):
        return {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _transcoded(kind: type[Any]) -> dict[str, Any]:
    name, data, description = TRANSCODINGS[kind]
    return {
        "type": "object",
        "description": description,
        "properties": {"_type_": {"const": name}, "_data_": data},
        "required": ["_type_", "_data_"],
        "additionalProperties": False,
    }


def _ordered(used: set[type[Any]]) -> Iterator[type[Any]]:
    return (kind for kind in TRANSCODINGS if kind in used)


def _docstring(cls: type[Any]) -> str:
    # A class without a docstring of its own gets the dataclass's signature: not a description.
    doc = cls.__dict__.get("__doc__") or ""
    if doc.startswith(f"{cls.__name__}("):
        return ""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


def _index(documents: Mapping[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    latest: dict[str, int] = {}
    for event_type, version in documents:
        latest[event_type] = max(version, latest.get(event_type, 0))
    return {
        "$comment": "Made by `casetrail schemas`: do not edit by hand.",
        "title": "Casetrail case events on Kafka",
        "dialect": DIALECT,
        "message": {
            "topic": "CASETRAIL_KAFKA_TOPIC (default casetrail.case-events), one per authority",
            "key": (
                "the child's id as text: the event's child_id, or for the events of a child's own "
                "record its originator_id; events about no child (workers, teams, access to no "
                "child) are keyed by their originator_id. One key's events are in one partition, "
                "in the order they were stored."
            ),
            "headers": {
                "notification-id": "the event's position in the store's log (gaps are normal)",
                "event-type": "the event's class, as `type` below",
                "event-version": "the version of the stored state, as `version` below",
            },
            "value": "JSON described by the event's document",
            "delivery": (
                "at least once: a message may come again (same notification-id, later offset); "
                "drop what you have applied, e.g. by record (originator_id, originator_version)"
            ),
        },
        "events": [
            {
                "type": event_type,
                "version": version,
                "latest": version == latest[event_type],
                "topic": document["properties"]["topic"]["const"],
                "file": file_name(event_type, version),
                "href": f"/schemas/events/{event_type}/{version}",
            }
            for (event_type, version), document in documents.items()
        ],
    }


def differences(directory: Path) -> list[str]:
    """The files in `directory` that are missing, differ from or are not among the published
    documents."""
    files = published().files()
    found = {
        p.name for p in directory.glob("*.json") if p.name == INDEX or DOCUMENT.fullmatch(p.name)
    } if directory.is_dir() else set()
    stale = sorted(found - set(files))
    changed = [
        name for name, text in files.items()
        if name not in found or (directory / name).read_text(encoding="utf-8") != text
    ]
    return sorted(changed) + stale


def write(directory: Path) -> list[str]:
    """Write every document and the index into `directory`, removing documents no longer
    published; return the names of the files changed."""
    changed = differences(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = published().files()
    for name in changed:
        path = directory / name
        if name in files:
            path.write_text(files[name], encoding="utf-8")
        else:
            path.unlink()
    return changed


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
