"""Checks of free text a person types: present, trimmed, and of a sensible length."""

from __future__ import annotations

from domain.errors import InvalidValue


def check_text(value: str, field: str, limit: int = 10_000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidValue(field, "cannot be empty")
    if len(value) > limit:
        raise InvalidValue(field, f"is longer than {limit} characters")
    return value


def check_name(value: str, field: str) -> str:
    return check_text(value, field, limit=100)


def check_reason(value: str | None, field: str = "reason") -> str:
    return check_text(value or "", field, limit=2000)


def optional_text(value: str | None, field: str, limit: int = 10_000) -> str | None:
    return check_text(value, field, limit) if value and value.strip() else None
