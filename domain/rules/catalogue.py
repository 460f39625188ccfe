"""Every timescale Casetrail knows, and how to find the one a case needs."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from domain.rules.england import ENGLAND_RULES
from domain.rules.local import LocalTimescales, apply_local
from domain.rules.model import Jurisdiction, TimescaleRule
from domain.rules.wales import WALES_RULES

RULES: Mapping[str, TimescaleRule] = MappingProxyType(
    {r.id: r for r in (*ENGLAND_RULES, *WALES_RULES)}
)
"""The national rules and local defaults by id, England's (E1 to E20) then Wales's (W1 to W10)."""

# People type "e14A" as often as "E14a".
_BY_FOLDED_ID = {rule_id.casefold(): r for rule_id, r in RULES.items()}


class UnknownRule(LookupError):
    """A rule id that is not in the catalogue."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(f"unknown rule {rule_id!r}; valid rules: {', '.join(RULES)}")
        self.rule_id = rule_id


class WrongJurisdiction(ValueError):
    """A rule of one nation asked for in a case of the other."""

    def __init__(self, found: TimescaleRule, wanted: Jurisdiction) -> None:
        super().__init__(
            f"rule {found.id} belongs to {found.jurisdiction.title}, "
            f"not {wanted.title}; {wanted.title}'s rules are: "
            + ", ".join(r.id for r in RULES.values() if r.jurisdiction is wanted)
        )
        self.rule = found
        self.wanted = wanted


def rule(rule_id: str) -> TimescaleRule:
    """The national rule (or local default) with this id, e.g. "E3"; case does not matter."""
    found = _BY_FOLDED_ID.get(rule_id.strip().casefold())
    if found is None:
        raise UnknownRule(rule_id)
    return found


def rules_for(
    jurisdiction: Jurisdiction, local: LocalTimescales | None = None
) -> Mapping[str, TimescaleRule]:
    """The rules of one nation by id, as an authority with these local settings runs them."""
    return MappingProxyType(
        {
            rule_id: apply_local(r, local)
            for rule_id, r in RULES.items()
            if r.jurisdiction is jurisdiction
        }
    )


def rule_in(
    rule_id: str, jurisdiction: Jurisdiction, local: LocalTimescales | None = None
) -> TimescaleRule:
    """The rule `rule_id` as it applies in `jurisdiction`, refusing the other nation's rules."""
    found = rule(rule_id)
    if found.jurisdiction is not jurisdiction:
        raise WrongJurisdiction(found, jurisdiction)
    return apply_local(found, local)
