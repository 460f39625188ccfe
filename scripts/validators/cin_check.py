"""Run the public CIN census validator (csc-validator-be-cin) on one XML file and print what it
found as JSON: run with the Python of the validator's own environment (scripts/validators-install),

    .services/validators/cin/bin/python scripts/validators/cin_check.py FILE.xml YEAR

YEAR is the collection year (2026 for 2025-26). Prints {"issues": [{"child", "rule", "type",
"table", "column", "value", "description"}, ...]}; "type" is ERROR or QUERY (a query needs an
explanation, not a fix). Return-level issues have no child.
"""

import json
import sys
import xml.etree.ElementTree as ET

from cin_validator import cin_validator
from cin_validator.rules.ruleset_utils import get_year_ruleset


def main(path: str, year: str) -> int:
    registry = get_year_ruleset(year)
    kinds = {str(rule.code): rule.rule_type.name for rule in registry.values()}
    data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
    validator = cin_validator.CinValidator(data, registry, None)
    issues = []
    for row in validator.user_report.to_dict("records"):
        code = str(row["rule_code"])
        issues.append({
            "child": row["LAchildID"], "rule": code, "type": kinds.get(code, "ERROR"),
            "table": row["tables_affected"], "column": row["columns_affected"],
            "value": row["value_flagged"], "description": row["rule_description"],
        })
    for row in validator.multichild_issues.drop_duplicates().to_dict("records"):
        code = str(row["rule_code"])
        issues.append({
            "child": None, "rule": code, "type": kinds.get(code, "ERROR"), "table": None,
            "column": None, "value": None, "description": row["rule_description"],
        })
    json.dump({"issues": issues}, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
