"""The API process the HTTP measures load: Casetrail as `casetrail serve` builds it (the views
fed in process, read your own writes), on the benchmark's schema, plus one route that does
nothing, the baseline. Run as `python -m bench.http_app --schema S --port P`."""

from __future__ import annotations

import argparse
import sys

import uvicorn

from runtime.bootstrap import build
from runtime.settings import Settings

NOTHING = "/bench/nothing"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    casetrail = build(Settings(), schema=args.schema)

    @casetrail.app.post(NOTHING, include_in_schema=False)
    def nothing() -> dict[str, str]:
        """Does nothing: what any route costs in this process, over the same connection."""
        return {}

    try:
        uvicorn.run(casetrail.app, host="127.0.0.1", port=args.port, log_level="warning",
                    access_log=False)
    finally:
        casetrail.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
