"""Who the SSDA903 counts as looked after continuously for 12 months at 31 March (the children of
OC2), read from a child's rows of episodes.csv as the DfE's validator reads them: the export
writes OC2 for exactly these children and our checks expect it for them."""

from __future__ import annotations

from datetime import date, datetime

from consumers.returns.period import CollectionYear

SHORT_BREAKS = frozenset({"V3", "V4"})
STARTED, CONTINUES = "S", "X1"


def continuously_looked_after(episodes: list[dict[str, str]], year: CollectionYear) -> bool:
    """Looked after throughout the year, short breaks aside: no period of care began after
    1 April or ended before 31 March, and no episode was a short break."""
    for episode in episodes:
        began, ended = _day(episode["DECOM"]), _day(episode["DEC"])
        if episode["RNE"] == STARTED and began and year.start < began <= year.end:
            return False
        if episode["REC"] not in ("", CONTINUES) and ended and year.start <= ended < year.end:
            return False
        if episode["LS"] in SHORT_BREAKS:
            return False
    return bool(episodes)


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None
