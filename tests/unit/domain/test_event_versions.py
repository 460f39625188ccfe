"""Every event the domain records says which version of its shape it is, and every version
above the first has the upcasters that bring older shapes up to it."""

from __future__ import annotations

import inspect
from typing import Any

from consumers.event_schema import BASES, event_classes
from domain.episode.everyday import VisitRecorded
from domain.record import CaseEvent


def domain_event_classes() -> list[type[Any]]:
    """Every event class declared in `domain` (the walk the published schemas are made from),
    with the bases the schemas leave out."""
    return [*event_classes(), *sorted(BASES, key=lambda cls: cls.__qualname__)]


def test_the_walk_finds_the_events_of_every_record() -> None:
    names = {cls.__name__ for cls in domain_event_classes()}
    assert {"ReferralReceived", "VisitRecorded", "ChildRegistered", "WorkerJoined"} <= names
    assert {"TeamFormed", "EpisodeEventCorrected", "EpisodeEntryInError", "Recorded"} <= names
    assert len(names) > 60


def test_every_event_class_in_the_domain_declares_a_class_version() -> None:
    undeclared = [
        cls.__qualname__
        for cls in domain_event_classes()
        if not any(
            "class_version" in vars(k) and k.__module__.startswith("domain.") for k in cls.__mro__
        )
    ]
    assert undeclared == []


def test_every_class_version_above_one_has_an_upcaster_for_each_step() -> None:
    for cls in domain_event_classes():
        version = cls.class_version
        assert isinstance(version, int) and version >= 1, cls.__qualname__
        for step in range(1, version):
            upcaster = inspect.getattr_static(cls, f"upcast_v{step}_v{step + 1}", None)
            assert isinstance(upcaster, staticmethod), f"{cls.__qualname__} v{step}->v{step + 1}"


def test_the_base_case_event_is_version_one_and_a_visit_is_version_two() -> None:
    assert CaseEvent.class_version == 1
    assert VisitRecorded.class_version == 2


def test_a_first_version_visit_was_never_seen_alone() -> None:
    state: dict[str, Any] = {"child_seen": True, "statutory": True, "note": None}

    VisitRecorded.upcast_v1_v2(state)

    assert state["seen_alone"] is False


def test_upcasting_keeps_seen_alone_when_a_visit_already_says_it() -> None:
    # Visits stored before the version was declared already carry it: they must keep it.
    state: dict[str, Any] = {"child_seen": True, "seen_alone": True}

    VisitRecorded.upcast_v1_v2(state)

    assert state["seen_alone"] is True
