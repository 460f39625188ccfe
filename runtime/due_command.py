"""`casetrail due`: when a statutory clock runs out, with the reasoning, from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.calendar import DateOutsideCalendar, StartDayConvention, load_england_and_wales
from domain.clocks import IntervalOutOfRange, StartTimeNeeded, due_date, format_due_explanation
from domain.rules import Jurisdiction, UnknownRule, WrongJurisdiction, rule

# A time typed without an offset is a time in England and Wales.
_LOCAL_ZONE = "Europe/London"
_USAGE_ERROR = 2
_REFUSED = (
    UnknownRule,
    WrongJurisdiction,
    IntervalOutOfRange,
    StartTimeNeeded,
    DateOutsideCalendar,
)


class BadStart(ValueError):
    """A start that is neither a date nor a date and time."""


def add_due_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `due RULE DATE`; the parsed arguments carry `handler(args) -> exit code`."""
    parser = subparsers.add_parser(
        "due",
        help="when a statutory clock runs out, and why",
        description=(
            "Print the due date of a timescale rule (E1 to E20, W1 to W10) started on DATE: the "
            "date alone on the first line, then the rule, its basis and each day skipped."
        ),
    )
    parser.add_argument("rule", metavar="RULE", help="rule id, e.g. E3 or W6")
    parser.add_argument(
        "start",
        metavar="DATE",
        help="when the clock started: YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a rule in hours",
    )
    parser.add_argument(
        "--jurisdiction",
        choices=[j.value for j in Jurisdiction],
        help="the case's nation; a rule of the other nation is refused (default: the rule's own)",
    )
    parser.add_argument(
        "--convention",
        choices=[c.value for c in StartDayConvention],
        default=StartDayConvention.START_DAY_IS_DAY_ZERO.value,
        help="whether the start day is working day 0 (the default) or day 1",
    )
    parser.add_argument(
        "--interval",
        type=int,
        default=0,
        metavar="N",
        help="which of the rule's intervals, for rules whose period changes (default: 0)",
    )
    parser.set_defaults(handler=run_due)


def run_due(args: argparse.Namespace) -> int:
    """Print the explained due date for parsed `due` arguments; 2 with a message if refused."""
    try:
        chosen = rule(args.rule)
        jurisdiction = Jurisdiction(args.jurisdiction) if args.jurisdiction else chosen.jurisdiction
        result = due_date(
            chosen,
            parse_start(args.start),
            jurisdiction,
            load_england_and_wales(),
            StartDayConvention(args.convention),
            args.interval,
        )
    except (BadStart, *_REFUSED) as refused:
        print(f"casetrail due: error: {refused}", file=sys.stderr)
        return _USAGE_ERROR
    print(format_due_explanation(result))
    return 0


def parse_start(text: str) -> date | datetime:
    """A date, or a date and time (taken as UK time when it has no offset)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadStart(
            f"{text!r} is not a date: write YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a rule in hours"
        ) from None
    if moment.tzinfo is None:
        try:
            return moment.replace(tzinfo=ZoneInfo(_LOCAL_ZONE))
        except ZoneInfoNotFoundError:
            # Without a time zone database the time stays as typed; only a clock change is missed.
            return moment
    return moment


def main(argv: Sequence[str] | None = None) -> int:
    """Run `due` as `casetrail` would, for tests and for `python -m runtime.due_command`."""
    parser = argparse.ArgumentParser(prog="casetrail")
    add_due_command(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else _USAGE_ERROR
    handler = args.handler
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
