"""The bulletin as Markdown: headings, paragraphs and pipe tables."""

from __future__ import annotations

import re
from pathlib import Path

from reporting.bulletin import Bulletin, Table

_ALIGN_RULE = {"L": ":---", "C": ":---:", "R": "---:"}


def render_markdown(bulletin: Bulletin, top_level: int = 1) -> str:
    """top_level: the title's heading level (the dashboard sets the bulletin below its
    own page title); sections and subheadings follow one and two levels down."""
    title, section_mark, subheading = ("#" * (top_level + i) for i in range(3))
    lines: list[str] = [f"{title} {_escape_text(bulletin.title)}", "", _escape_text(bulletin.intro), ""]
    for section in bulletin.sections:
        lines += [f"{section_mark} {_escape_text(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines += markdown_table(block)
            elif block.kind == "subheading":
                lines += [f"{subheading} {_escape_text(block.text)}", ""]
            else:
                lines += [_escape_text(block.text), ""]
    if bulletin.notes:
        lines += ["---", "", "**说明：**", ""]
        lines += [f"{i}. {_escape_text(note)}" for i, note in enumerate(bulletin.notes, start=1)]
        lines.append("")
    lines += [f"{_escape_text(bulletin.issuer)}  ", bulletin.issued_on_text, ""]
    return "\n".join(lines)


def markdown_table(table: Table) -> list[str]:
    lines = [f"**{_escape_text(table.title)}**", ""]
    if not table.rows:
        return lines + [table.empty_text, ""]
    lines.append("| " + " | ".join(_escape_cell(c) for c in table.columns) + " |")
    lines.append("| " + " | ".join(_ALIGN_RULE.get(a, "---") for a in table.aligns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(_escape_cell(cell.text) for cell in row) + " |")
    return lines + [""]


def _escape_cell(text: str) -> str:
    return _escape_text(str(text).replace("\n", " ")) or " "


# What Markdown (and Streamlit's: $math$, :directives:, ~strike~) reads as markup in
# file names, messages and a typed issuer; '-' and '.' only at a line's start (a list),
# so figures such as 26.0% and 2025-03 stay as written.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|$~:!])")
_LIST_START = re.compile(r"^(\s*)(\d{1,9})([.)])(?=\s|$)|^(\s*)([-+])(?=\s|$)")


def _escape_text(text: str) -> str:
    escaped = _MARKUP.sub(r"\\\1", str(text))
    return _LIST_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}",
                           escaped)


def write_markdown(bulletin: Bulletin, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_markdown(bulletin), encoding="utf-8")
    return path

