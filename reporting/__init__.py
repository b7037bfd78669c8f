"""Reports built from the published warehouse: the monthly bulletin (月度通报).

    from reporting import build_bulletin, write_bulletin
    bulletin = build_bulletin(2026, 10)            # reporting.bulletin.Bulletin (plain data)
    write_bulletin(bulletin, "通报-2026-10.pdf")    # .md, .xlsx or .pdf by the suffix

``build_bulletin`` reads marts only through ``dashboards.queries``; each renderer
(``render_md``, ``render_xlsx``, ``render_pdf``) lays the same data out in its format.
"""

from __future__ import annotations

import os
from pathlib import Path

from reporting.bulletin import (
    Bulletin,
    BulletinUnavailable,
    Cell,
    Paragraph,
    Section,
    Table,
    build_bulletin,
    parse_month,
)

#: Output suffix → what it is, for messages.
FORMATS = {".md": "Markdown", ".xlsx": "Excel", ".pdf": "PDF"}


class UnsupportedFormat(ValueError):
    """The output file's suffix is none of FORMATS; the message is Chinese."""


def check_output_path(path: str | Path) -> str:
    """The output suffix ('.md', '.xlsx', '.pdf'), or ``UnsupportedFormat``."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"“{suffix}”" if suffix else "（无扩展名）"
        raise UnsupportedFormat(f"不支持的输出格式{shown}：通报只能生成 .xlsx、.md 或 .pdf 文件")
    return suffix


def render_bulletin(bulletin: Bulletin, suffix: str) -> bytes:
    """The bulletin's bytes in the format of ``suffix``."""
    suffix = check_output_path(f"x{suffix}")
    if suffix == ".md":
        from reporting.render_md import render_markdown

        return render_markdown(bulletin).encode("utf-8")
    if suffix == ".xlsx":
        from reporting.render_xlsx import xlsx_bytes

        return xlsx_bytes(bulletin)
    from reporting.render_pdf import pdf_bytes

    return pdf_bytes(bulletin)


def write_bulletin(bulletin: Bulletin, path: str | Path) -> Path:
    """Write the bulletin to ``path`` in the format its suffix names. The whole file is
    rendered first and then moved into place, so a failure leaves no partial file."""
    path = Path(path)
    data = render_bulletin(bulletin, check_output_path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


__all__ = [
    "FORMATS",
    "Bulletin",
    "BulletinUnavailable",
    "Cell",
    "Paragraph",
    "Section",
    "Table",
    "UnsupportedFormat",
    "build_bulletin",
    "check_output_path",
    "parse_month",
    "render_bulletin",
    "write_bulletin",
]
