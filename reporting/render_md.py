"""The bulletin as Markdown: headings, paragraphs and pipe tables."""

from __future__ import annotations

from pathlib import Path

from reporting.bulletin import Bulletin, Table

_ALIGN_RULE = {"L": ":---", "C": ":---:", "R": "---:"}


def render_markdown(bulletin: Bulletin, top_level: int = 1) -> str:
    """top_level: the title's heading level (the dashboard sets the bulletin below its
    own page title); sections and subheadings follow one and two levels down."""
    title, section_mark, subheading = ("#" * (top_level + i) for i in range(3))
    lines: list[str] = [f"{title} {bulletin.title}", "", bulletin.intro, ""]
    for section in bulletin.sections:
        lines += [f"{section_mark} {section.heading}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines += markdown_table(block)
            elif block.kind == "subheading":
                lines += [f"{subheading} {block.text}", ""]
            else:
                lines += [_escape_text(block.text), ""]
    if bulletin.notes:
        lines += ["---", "", "**说明：**", ""]
        lines += [f"{i}. {_escape_text(note)}" for i, note in enumerate(bulletin.notes, start=1)]
        lines.append("")
    lines += [f"{bulletin.issuer}  ", bulletin.issued_on_text, ""]
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
    return _escape_text(str(text)).replace("|", "\\|").replace("\n", " ") or " "


def _escape_text(text: str) -> str:
    # Markdown would read a leading '1.' or '#' as a list or heading, and '*'/'_' as
    # emphasis; file names and messages can hold them.
    return str(text).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def write_markdown(bulletin: Bulletin, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_markdown(bulletin), encoding="utf-8")
    return path

