"""A care leaver's circumstances as a contact finds them (a personal adviser's visit, a call):
what they are mainly doing and where they live, and whether it suits them. Pathway plans are
reviewed against it, and the SSDA903's care leavers' return (OC3) asks for it around each
birthday from the 17th to the 21st."""

from __future__ import annotations

from typing import ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState
from domain.errors import InvalidValue, RuleBroken


class CareLeaverCircumstancesRecorded(EpisodeEvent):
    """At a contact with a young person who has left care: their main activity (one of
    CARE_LEAVER_ACTIVITIES), their accommodation (one of CARE_LEAVER_ACCOMMODATION), and whether
    that accommodation is suitable for them."""

    code_lists: ClassVar[CodeLists] = {
        "activity": codes.CARE_LEAVER_ACTIVITIES,
        "accommodation": codes.CARE_LEAVER_ACCOMMODATION,
    }

    activity: str
    accommodation: str
    accommodation_suitable: bool

    def check(self, state: EpisodeState) -> None:
        # Held here as well as in the command, so that a correction is held to it too.
        if self.accommodation in codes.UNSUITABLE_ACCOMMODATION and self.accommodation_suitable:
            raise InvalidValue(
                "accommodation_suitable",
                f"{codes.CARE_LEAVER_ACCOMMODATION[self.accommodation]} is never suitable",
            )
        if not state.looked_after:
            raise RuleBroken(
                "needs-care", "a care leaver's circumstances are for a young person who has "
                "been looked after in this episode",
            )
        period = state.looked_after_now
        if period is not None:
            raise RuleBroken(
                "still-looked-after",
                f"the young person is looked after since {period.started_on}: they have not "
                "left care",
            )
        state.check_within(self.occurred_on, "a care leaver's circumstances")
