"""Files the dashboard offers for download, as bytes: pure functions, no Streamlit.

- ``frame_xlsx``: any table as an .xlsx sheet with Chinese headers (xlsxwriter);
- ``issues_xlsx``: the load issues (``queries.load_issues``) for the streets to fix;
- ``frame_csv``: a query result as CSV that Excel opens with the Chinese intact (BOM);
- ``template_xlsx``: the blank submission template, from ``ingestion.template_writer``
  (imported only when asked for: pages that never offer it do not pay for it);
- ``BULLETIN_FORMATS`` and ``bulletin_file_name``: the monthly bulletin's downloads
  (rendered by ``reporting.render_bulletin``, as ``unionkpi bulletin`` writes them).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import xlsxwriter

from dashboards import formatting as fmt
from ingestion.template_spec import rule_label

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

TEMPLATE_FILE_NAME = "工会工作报表模板.xlsx"

#: The bulletin's downloads: (what the button calls it, suffix, MIME type).
BULLETIN_FORMATS = (
    ("PDF", ".pdf", "application/pdf"),
    ("Excel", ".xlsx", XLSX_MIME),
    ("Markdown", ".md", "text/markdown"),
)


def _cell(value: object) -> object:
    """A value xlsxwriter writes as is: None for missing, dates as datetimes."""
    if fmt.is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def frame_xlsx(frame: pd.DataFrame, headers: Mapping[str, str] | None = None,
               sheet_name: str = "Sheet1") -> bytes:
    """``frame`` as a one-sheet workbook. ``headers`` maps column → Chinese header and
    chooses the columns (in its order); without it every column is written under its
    own name. Numbers stay numbers, dates are date cells, missing values empty cells."""
    if headers is None:
        headers = {str(c): str(c) for c in frame.columns}
    columns = [c for c in headers if c in frame.columns]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, column in enumerate(columns):
        sheet.write_string(0, c, headers[column], bold)
    widths = [max(8, 2 * len(headers[c]) + 2) for c in columns]
    for r, record in enumerate(frame[columns].itertuples(index=False), start=1):
        for c, raw in enumerate(record):
            value = _cell(raw)
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                midnight = value.time() == dt.time()
                sheet.write_datetime(r, c, value, date_format if midnight else datetime_format)
                widths[c] = max(widths[c], 12 if midnight else 17)
            elif isinstance(value, bool):
                sheet.write_string(r, c, fmt.fmt_bool(value))
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                text = str(value)
                sheet.write_string(r, c, text)
                widths[c] = max(widths[c], min(60, 2 * len(text) + 2))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    if columns:
        sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()


def issues_xlsx(issues: pd.DataFrame) -> bytes:
    """Load issues (``queries.load_issues``) as a workbook 导入问题 with Chinese headers
    (文件名, 工作表, 行, 列, 值, 级别, 说明, 规则, 报告期, 填报单位); 级别 and 规则 in
    Chinese (错误/警告, 必填), 报告期 as '2025年3月', 行 as a number."""
    frame = issues.copy()
    if "severity" in frame.columns:
        frame["severity"] = [fmt.severity_label(v) for v in frame["severity"]]
    if "report_month" in frame.columns:
        frame["report_month"] = [None if fmt.is_missing(v) else fmt.fmt_month_date(v)
                                 for v in frame["report_month"]]
    if "rule" in frame.columns:
        frame["rule"] = [None if fmt.is_missing(v) else rule_label(str(v)) for v in frame["rule"]]
    return frame_xlsx(frame, fmt.ISSUE_HEADERS, "导入问题")


def issues_file_name(submitted_file: str | None) -> str:
    """The download's name: the issues list covers every month, so it is named after the
    file chosen, or all files, never a period."""
    return f"导入问题清单_{Path(submitted_file).stem if submitted_file else '全部文件'}.xlsx"


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A query result as UTF-8 CSV with a BOM, so Excel shows the Chinese."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The blank submission template, written by ``ingestion.template_writer`` into
    memory (imported when asked for)."""
    from ingestion.template_writer import write_template

    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


def bulletin_file_name(year: int, month: int, suffix: str) -> str:
    return f"月度通报-{int(year)}-{int(month):02d}{suffix}"

