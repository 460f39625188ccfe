"""The errors the domain raises, each naming what is wrong in words a practitioner would use."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the case record raises on purpose."""


class RuleBroken(DomainError):
    """A command would make the record incoherent; nothing was recorded.

    `rule` is a short stable key (for clients and tests); `field` is the input that is wrong.
    """

    def __init__(self, rule: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.field = field


class InvalidValue(RuleBroken):
    """A value is not one the record accepts (an unknown code, a date in the future)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid-value", message, field)


class NotFound(DomainError):
    """No such record (or none the caller may know of)."""


class VersionConflict(DomainError):
    """The record changed since the caller read it; nothing was recorded."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(
            f"the record is at version {actual}, not {expected}: reload it and try again"
        )
        self.expected = expected
        self.actual = actual


class EnvelopeMissing(DomainError):
    """An event was triggered outside a recording context: a programming error, never user input."""
