"""What the pre-submission checks report: a child, the rule, and what is wrong, in plain words
with the dates and codes concerned (never a name or a note)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

ERROR = "error"  # the DfE rejects the return until it is fixed
QUERY = "query"  # the DfE asks for it to be fixed or explained


@dataclass(frozen=True)
class Issue:
    """One problem in a return. `rule` is the DfE validation rule it anticipates, so that an
    authority can match our report with the validator's; `not_recorded` marks a fact the return
    asks for and Casetrail's record does not hold (to be recorded, not corrected)."""

    report: str
    child: str | None
    rule: str
    severity: str
    message: str
    not_recorded: bool = False
    related: tuple[str, ...] = ()  # other DfE rules the same problem trips

    @property
    def rules(self) -> tuple[str, ...]:
        return (self.rule, *self.related)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Finding(NamedTuple):
    """What a check of one child's rows found, before the return names the child and severity
    (`Issue`)."""

    rule: str
    message: str
    related: tuple[str, ...] = ()
    not_recorded: bool = False


def summary(issues: list[Issue]) -> dict[str, Any]:
    """Counts by rule, for a report's first lines."""
    rules: dict[str, int] = {}
    for issue in issues:
        rules[issue.rule] = rules.get(issue.rule, 0) + 1
    return {
        "errors": sum(1 for i in issues if i.severity == ERROR),
        "queries": sum(1 for i in issues if i.severity == QUERY),
        "children": len({i.child for i in issues if i.child}),
        "by_rule": dict(sorted(rules.items())),
    }
