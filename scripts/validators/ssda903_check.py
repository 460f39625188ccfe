"""Run the public SSDA903 validator (csc-validator-be-903) on a folder of the return's CSV files
and print what it found as JSON: run with the Python of the validator's own environment
(scripts/validators-install),

    .services/validators/903/bin/python scripts/validators/ssda903_check.py DIR YEAR [LA_CODE]

YEAR is the collection year (2026 for 2025-26); LA_CODE the authority's ONS code (the validator
compares it with placements' postcodes). Prints {"issues": [{"child", "rule", "table", "column",
"row", "description"}, ...], "failed": [rules that could not run]}. The validator has no queries:
every issue is an error.
"""

import contextlib
import importlib
import json
import logging
import sys
from pathlib import Path

from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.utils import process_uploaded_files

FILES = ("header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv",
         "ad1.csv", "placed_for_adoption_errors.csv", "previous_permanence.csv", "missing.csv",
         "sw_episodes.csv")


def main(folder: str, year: str, authority: str = "E09000027") -> int:
    logging.disable(logging.CRITICAL)  # the validator logs every rule it runs
    paths = [str(Path(folder) / name) for name in FILES if (Path(folder) / name).is_file()]
    files = process_uploaded_files({"This year": paths})
    ruleset = f"lac{int(year) - 1}_{year[2:]}"
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    with contextlib.redirect_stdout(sys.stderr):  # some rules print as they run
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": year, "localAuthority": authority}, files=files,
            registry=registry, selected_rules=None,
        )
        report = Report(validator.ds_results, registry)
    issues = []
    if any(c.startswith("ERR_") for c in report.report.columns):
        frame = lac_validator.create_issue_df(report.report, report.error_report)
        for row in frame.to_dict("records"):
            issues.append({
                "child": row["child_id"], "rule": str(row["rule_code"]),
                "table": row["tables_affected"], "column": row["columns_affected"],
                "row": row["row_id"], "description": row["rule_description"],
            })
    json.dump({"issues": issues, "failed": sorted(map(str, validator.fails))}, sys.stdout,
              default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
