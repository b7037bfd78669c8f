"""docs/template.md, generated from the template spec: every sheet, column, alias, type,
rule and message; and the warehouse's list of load-note kinds (the seed
load_note_kinds.csv, which marts.load_notes is tested against). `python -m
ingestion.template_docs` rewrites both; a test keeps them current."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ingestion import template_spec as spec
from ingestion.template_writer import TYPE_LABELS, column_requirement

_ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = _ROOT / "docs" / "template.md"
NOTE_KINDS_PATH = _ROOT / "dbt_project" / "seeds" / "load_note_kinds.csv"

RULE_KINDS = {
    "le_field": "{field} ≤ {other}",
    "after_field": "{field} after {other}",
    "not_after_month_end": "{field} not after the report month's end",
    "in_month": "{field} within the report month",
    "min_value": "{field} ≥ {value:g}",
}


def render() -> str:
    out = [
        "# Submission template (generated)",
        "",
        "Generated from `ingestion/template_spec.py` by `python -m ingestion.template_docs`;",
        "do not edit by hand. The binding contract is `../shared/spec/submission-template.md`.",
        "",
    ]
    for sheet_type in spec.SHEET_TYPES:
        out += _sheet(sheet_type)
    out += ["## Messages", "", "| rule | 规则 (as shown) | severity | message |", "|---|---|---|---|"]
    warnings = {r.code for s in spec.SHEET_TYPES for r in s.rules if r.severity == "warning"}
    warnings.add("street_unknown_registry")
    for code, message in spec.MESSAGES.items():
        out.append(f"| `{code}` | {spec.rule_label(code)} | {'warning' if code in warnings else 'error'} "
                   f"| {message} |")
    out.append(f"| `missing_column` | {spec.rule_label('missing_column')} | error "
               f"| (the sheet has the column only for another period) {spec.MISSING_COLUMN_OTHER_PERIOD} |")
    units = "; ".join(f"（{unit}） ÷ {divisor:,}" for unit, divisor in spec.MONEY_UNIT_DIVISORS.items())
    out += ["", "## Load notes", "",
            "Listed in the load report, neither errors nor warnings. A money column (in 万元) "
            f"headed in another unit is converted by its header's unit: {units} (a cell's own "
            "unit, '1200元', wins); another unit with 元 in it is read as 万元, with a note.", "",
            "| note | message |", "|---|---|"]
    out += [f"| `{what}` | {message} |" for what, message in spec.NOTE_MESSAGES.items()]
    return "\n".join(out) + "\n"


def note_kinds_csv() -> str:
    """Each kind of load note (raw.notes.what) with its message's wording."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["what", "message"])
    writer.writerows(spec.NOTE_MESSAGES.items())
    return out.getvalue()


def _sheet(sheet_type: spec.SheetType) -> list[str]:
    names = {c.field: c.name for c in sheet_type.columns}
    aliases = "、".join(sheet_type.aliases) or "—"
    lines = [
        f"## {sheet_type.name} (`raw.{sheet_type.key}`)",
        "",
        f"Kind: {spec.KIND_LABELS[sheet_type.kind]} ({sheet_type.kind}). Aliases: {aliases}. "
        f"Grain: {sheet_type.grain}." + (" Optional sheet." if sheet_type.optional else ""),
        "",
        "| column | aliases | type | required | values |",
        "|---|---|---|---|---|",
    ]
    for column in sheet_type.columns:
        values = "、".join(column.enum) if column.enum else (column.note or "")
        if column.enum_aliases:
            values += "（也可写作：" + "、".join(f"{a}→{v}" for a, v in column.enum_aliases) + "）"
        lines.append(f"| {column.name} | {'、'.join(column.aliases) or '—'} | "
                     f"{TYPE_LABELS[column.type]} | {column_requirement(column)} | {values} |")
    if sheet_type.rules:
        lines += ["", "Rules:"]
        for rule in sheet_type.rules:
            text = RULE_KINDS[rule.kind].format(field=names[rule.field],
                                                other=names.get(rule.other, ""),
                                                value=rule.value or 0)
            lines.append(f"- `{rule.code}` ({rule.severity}): {text}")
    lines.append("")
    return lines


if __name__ == "__main__":
    DOC_PATH.write_text(render(), encoding="utf-8")
    NOTE_KINDS_PATH.write_text(note_kinds_csv(), encoding="utf-8")
    print(f"wrote {DOC_PATH} and {NOTE_KINDS_PATH}")
