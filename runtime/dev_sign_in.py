"""Whether the web client may offer signing in as a user of the local data: only in development,
with tokens signed by the local shared secret (never where an identity provider issues them)."""

from __future__ import annotations

from api.auth import Role
from api.signin import DevSignIn, Suggested
from runtime.demo.workforce import DEMO_MANAGER, DEMO_PRACTITIONER
from runtime.settings import Settings

# The demo authority's people (`casetrail demo` prints their tokens), offered as one click when
# they are present in the local data.
DEMO_PEOPLE = (
    Suggested(DEMO_PRACTITIONER),
    Suggested(DEMO_MANAGER),
    Suggested("demo-auditor", Role.AUDITOR),
    Suggested("demo-analyst", Role.ANALYST),
)


def dev_sign_in(settings: Settings) -> DevSignIn | None:
    if settings.environment != "development" or settings.jwt_public_key:
        return None
    return DevSignIn(minutes=settings.token_minutes, suggested=DEMO_PEOPLE)
