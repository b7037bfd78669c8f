"""The monthly bulletin (月度通报) as plain data: text and tables, no layout.

``build_bulletin(year, month)`` reads the published warehouse through
``dashboards.queries`` only (named SQL over ``marts.kpi_report``, ``dim_kpi``,
``dim_org``, ``submission_files`` and ``fct_unit_month``) and turns the rows into text
with ``dashboards.formatting``. It does no KPI arithmetic: values, targets, progress,
gaps, statuses and ranks are the warehouse's. The renderers (``render_md``,
``render_xlsx``, ``render_pdf``) lay the same ``Bulletin`` out in their format.

The bulletin has four sections:

- 一、总体情况: the catalog's sentence for each key KPI of 全区
  (`截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。`), then the
  reporting completeness (报表上报率 and the month's files by status);
- 二、各街道进展: per key KPI, the streets ranked (名次, 街道, 实际, 目标, 完成率, gap, 状态);
- 三、落后序时进度的街道: per key KPI, the streets whose status is ``behind``, one
  sentence each;
- 四、报送情况: the files received for the month and the units that did not report.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboards import formatting as fmt
from dashboards import queries

DEFAULT_ISSUER = "区总工会"
#: The environment variable naming the issuer (the federation's full name) for titles.
ISSUER_ENV = "UNIONKPI_ISSUER"
TITLE_SUFFIX = "工会重点工作进展情况通报"
#: The KPI whose sentence belongs with the reporting completeness, not the KPI sentences.
REPORTING_RATE = "reporting_rate"
EFFECTIVE_STATUSES = ("loaded", "loaded_with_errors")
CHINESE_DIGITS = "〇一二三四五六七八九"


def default_issuer() -> str:
    """The issuer a bulletin's title names unless told otherwise: ``UNIONKPI_ISSUER``,
    else 区总工会 (the CLI and the dashboard alike)."""
    return os.environ.get(ISSUER_ENV, "").strip() or DEFAULT_ISSUER


class BulletinUnavailable(ValueError):
    """No bulletin can be built for the month; the message is for the user (Chinese)."""


# --------------------------------------------------------------------------- data structure


@dataclass(frozen=True)
class Cell:
    """One table cell: ``text`` as Markdown and PDF show it; ``value`` and
    ``number_format`` for a spreadsheet (a number with an Excel format shows the same
    figure as ``text``; None writes ``text``)."""

    text: str
    value: Any = None
    number_format: str | None = None


@dataclass(frozen=True)
class Table:
    """A titled table of text cells. ``sheet_name`` names its worksheet in the .xlsx;
    ``aligns`` is 'L', 'C' or 'R' per column."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet_name: str
    aligns: tuple[str, ...]
    empty_text: str = "（无）"

    def text_rows(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


@dataclass(frozen=True)
class Paragraph:
    """Body text; ``kind`` 'subheading' for （一）-style headings, 'note' for notes."""

    text: str
    kind: str = "text"


Block = Paragraph | Table


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]

    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Bulletin:
    year: int
    month: int
    issuer: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    issued_on: dt.date
    key_kpis: tuple[str, ...] = field(default=())

    @property
    def period(self) -> str:
        return fmt.period_label(self.year, self.month)

    @property
    def issued_on_text(self) -> str:
        return f"{self.issued_on.year}年{self.issued_on.month}月{self.issued_on.day}日"

    def section(self, number: int) -> Section:
        """The section by its number (1 for 一、总体情况)."""
        return self.sections[number - 1]

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]


# --------------------------------------------------------------------------- building


def parse_month(text: str) -> tuple[int, int]:
    """'2026-10' → (2026, 10); a Chinese ``BulletinUnavailable`` for anything else."""
    parts = str(text).strip().split("-")
    if len(parts) == 2 and len(parts[0]) == 4 and parts[0].isdigit() and parts[1].isdigit():
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12 and len(parts[1]) <= 2:
            return year, month
    raise BulletinUnavailable(f"月份“{text}”格式不对：应为 YYYY-MM，例如 2026-10")


def build_bulletin(
    year: int,
    month: int,
    db_path: str | Path | None = None,
    *,
    issuer: str | None = None,
    issued_on: dt.date | None = None,
) -> Bulletin:
    """The bulletin of (year, month) from the published warehouse at ``db_path``
    (default: ``UNIONKPI_HOME``'s), titled with ``issuer`` (blank: ``default_issuer()``).
    Raises ``BulletinUnavailable`` when the month has no data, and
    ``queries.WarehouseMissing`` when nothing has been published."""
    year, month = int(year), int(month)
    _require_data(year, month, db_path)
    issuer = (issuer or "").strip() or default_issuer()
    cards = queries.kpi_cards(year, month, "ALL", db_path).to_dict("records")
    district = {r["kpi_code"]: r for r in cards}
    key = [r for r in cards if bool(r.get("is_key"))]
    if not key:  # a catalog without flags: every KPI with a target
        key = [r for r in cards if not fmt.is_missing(r.get("target"))]
    rankings = {r["kpi_code"]: queries.street_ranking(year, month, r["kpi_code"], db_path).to_dict("records")
                for r in key}
    files = queries.bulletin_files(year, month, db_path).to_dict("records")
    by_status = queries.bulletin_file_status(year, month, db_path).to_dict("records")
    missing = (queries.missing_reports(year, month, db_path).to_dict("records")
               if queries.has_table("marts", "fct_unit_month", db_path) else None)

    numbering = _Numbering()
    sections = (
        _overview(year, month, key, district.get(REPORTING_RATE), by_status),
        _streets(key, rankings, numbering),
        _behind(month, key, rankings),
        _submissions(year, month, files, by_status, missing, numbering),
    )
    elapsed = next((r["time_elapsed_pct"] for r in cards
                    if not fmt.is_missing(r.get("time_elapsed_pct"))), None)
    return Bulletin(
        year=year,
        month=month,
        issuer=issuer,
        title=f"{issuer} {fmt.period_label(year, month)}{TITLE_SUFFIX}",
        intro=(f"为及时掌握全区工会重点工作进展情况，现将{_span(year, month)}"
               f"全区及各街道（镇）重点指标完成情况通报如下。"),
        sections=sections,
        notes=_notes(month, elapsed),
        issued_on=issued_on or dt.date.today(),
        key_kpis=tuple(r["kpi_code"] for r in key),
    )


def _require_data(year: int, month: int, db_path: str | Path | None) -> None:
    period = queries.bulletin_period(year, month, db_path)
    label = fmt.period_label(year, month)
    if period["kpi_rows"] == 0:
        periods = queries.available_periods(db_path)
        if periods:
            first, last = min(periods), max(periods)
            have = f"现有数据为{fmt.period_label(*first)}至{fmt.period_label(*last)}"
        else:
            have = "数据仓库中还没有任何指标数据"
        raise BulletinUnavailable(f"{label}没有数据，无法生成月度通报：{have}。")
    if period["effective_monthly_files"] == 0:
        raise BulletinUnavailable(
            f"{label}没有数据，无法生成月度通报：{year}年1月至{month}月尚未导入任何月报文件。")


class _Numbering:
    """表1, 表2, … across the bulletin, and unique worksheet names."""

    def __init__(self) -> None:
        self.count = 0
        self.sheets: set[str] = {"通报"}

    def next_table(self) -> int:
        self.count += 1
        return self.count

    def sheet(self, name: str) -> str:
        clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in name)[:31] or "表"
        candidate, n = clean, 2
        while candidate in self.sheets:
            suffix = f"({n})"
            candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
        self.sheets.add(candidate)
        return candidate


def _span(year: int, month: int) -> str:
    return f"{year}年1月" if month == 1 else f"{year}年1—{month}月"


def _get(row: Mapping[str, Any] | None, name: str, default: Any = None) -> Any:
    if row is None:
        return default
    value = row.get(name, default)
    return default if fmt.is_missing(value) else value


def _kpi_name(row: Mapping[str, Any]) -> str:
    return str(_get(row, "short_name") or _get(row, "kpi_name") or _get(row, "kpi_code", ""))


def _ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[ones] if ones else "")


# --------------------------------------------------------------------------- 一、总体情况


def _overview(year: int, month: int, key: list[dict], reporting: dict | None,
              by_status: list[dict]) -> Section:
    blocks: list[Block] = [Paragraph(fmt.progress_sentence(r, month))
                           for r in key if r["kpi_code"] != REPORTING_RATE]
    if not blocks:
        blocks.append(Paragraph("本月暂无重点指标数据。"))
    blocks.append(Paragraph(_completeness_sentence(month, reporting, by_status)))
    return Section("一、总体情况", tuple(blocks))


def _completeness_sentence(month: int, reporting: dict | None, by_status: list[dict]) -> str:
    parts: list[str] = []
    if reporting is not None:
        actual = _get(reporting, "actual")
        if actual is None:
            parts.append(f"{month}月全区报表上报率暂无数据（上月无已建会单位）")
        else:
            rate = (f"{month}月全区报表上报率为{fmt.fmt_pct(actual)}"
                    f"（应报{fmt.fmt_int(_get(reporting, 'denominator'))}家，"
                    f"已报{fmt.fmt_int(_get(reporting, 'numerator'))}家）")
            target = _get(reporting, "target")
            if target is not None:
                rate += f"，年度目标{fmt.fmt_pct(target)}"
                gap = _get(reporting, "gap_pp")
                if gap is not None:
                    rate += f"，{fmt.fmt_gap(gap, _get(reporting, 'kind', 'rate'))}"
            parts.append(rate)
    parts.append(_files_clause(month, by_status))
    return "报送方面，" + "；".join(parts) + "。"


def _files_clause(month: int, by_status: list[dict]) -> str:
    counts = {r["status"]: int(r["files"]) for r in by_status}
    total = sum(counts.values())
    if total == 0:
        return f"尚未收到{month}月报送文件"
    main = [f"{fmt.file_status_label(s)}{counts.get(s, 0)}个"
            for s in ("loaded", "loaded_with_errors", "rejected")]
    extra = [f"{fmt.file_status_label(s)}{n}个" for s, n in counts.items()
             if s not in ("loaded", "loaded_with_errors", "rejected") and n]
    return f"共收到{month}月报送文件{total}个，其中" + "、".join(main + extra)


# --------------------------------------------------------------------------- 二、各街道进展


RANKING_COLUMNS = ("名次", "街道", "实际", "目标", "完成率")


def _gap_header(kind: str | None) -> str:
    return "与序时进度差距" if kind in fmt.CUMULATIVE_KINDS else "与目标差距"


def _streets(key: list[dict], rankings: dict[str, list[dict]], numbering: _Numbering) -> Section:
    blocks: list[Block] = []
    for i, kpi in enumerate(key, start=1):
        name = _kpi_name(kpi)
        blocks.append(Paragraph(f"（{_ordinal(i)}）{name}", kind="subheading"))
        blocks.append(ranking_table(kpi, rankings[kpi["kpi_code"]], numbering.next_table(),
                                    numbering.sheet(f"{name}排名")))
    if not key:
        blocks.append(Paragraph("暂无重点指标数据。"))
    return Section("二、各街道进展", tuple(blocks))


def ranking_table(kpi: Mapping[str, Any], rows: list[dict], number: int, sheet_name: str) -> Table:
    """The streets of one KPI (``queries.street_ranking``, already in rank order)."""
    kind, display, unit = _get(kpi, "kind"), _get(kpi, "display_format"), _get(kpi, "unit")
    value_format = _number_format(display, unit)
    gap_format = _gap_format(kind)
    out = []
    for r in rows:
        rank, actual, target = _get(r, "rank"), _get(r, "actual"), _get(r, "target")
        progress, gap = _get(r, "progress_pct"), _get(r, "gap_pp")
        out.append((
            Cell(fmt.fmt_int(rank), None if rank is None else int(rank), "0"),
            Cell(str(_get(r, "org_name", ""))),
            Cell(fmt.fmt_value(actual, display, unit), _xl(actual, display), value_format),
            Cell(fmt.fmt_value(target, display, unit), _xl(target, display), value_format),
            Cell(fmt.fmt_pct(progress), _xl(progress, "pct1"), "0.0%"),
            Cell(fmt.fmt_gap(gap, kind),
                 None if kind not in fmt.CUMULATIVE_KINDS | fmt.RATE_KINDS else _xl_points(gap),
                 gap_format),
            Cell(fmt.status_label(_get(r, "status", "no_data"), kind)),
        ))
    return Table(
        title=f"表{number}：各街道{_kpi_name(kpi)}完成情况",
        columns=(*RANKING_COLUMNS, _gap_header(kind), "状态"),
        rows=tuple(out),
        sheet_name=sheet_name,
        aligns=("C", "L", "R", "R", "R", "L", "C"),
        empty_text="（无街道数据）",
    )


def _number_format(display: str | None, unit: str | None) -> str:
    """The Excel format showing a value as ``fmt.fmt_value`` does (without 万)."""
    if display == "pct1":
        return "0.0%"
    unit_text = "" if unit in (None, "%") else f'"{unit}"'
    if display == "dec2" or unit == "万元":
        return f"#,##0.00{unit_text}"
    return f"#,##0{unit_text}"


def _gap_format(kind: str | None) -> str:
    if kind in fmt.RATE_KINDS:
        return '"高于目标"0.0"个百分点";"低于目标"0.0"个百分点";"与目标持平"'
    return '"超序时进度"0.0"个百分点";"落后序时进度"0.0"个百分点";"与序时进度持平"'


def _xl(value: Any, display: str | None) -> float | None:
    """A value for the spreadsheet, rounded (half-up) to what the text shows, so Excel's
    own rounding cannot show a different last digit."""
    if fmt.is_missing(value):
        return None
    digits = {"pct1": 3, "dec2": 2}.get(str(display), None)
    if digits is None:
        return float(value)
    rounded = float(fmt.round_half_up(value, digits))
    return rounded + 0.0  # no -0.0


def _xl_points(gap: Any) -> float | None:
    if fmt.is_missing(gap):
        return None
    return float(fmt.round_half_up(gap, 1)) + 0.0


# --------------------------------------------------------------------------- 三、落后的街道


def _behind(month: int, key: list[dict], rankings: dict[str, list[dict]]) -> Section:
    blocks: list[Block] = []
    n = 0
    for kpi in key:
        behind = [r for r in rankings[kpi["kpi_code"]] if r.get("status") == "behind"]
        if not behind:
            continue
        n += 1
        kind = _get(kpi, "kind")
        label = fmt.status_label("behind", kind)
        names = "、".join(str(_get(r, "org_name", "")) for r in behind)
        blocks.append(Paragraph(f"（{_ordinal(n)}）{_kpi_name(kpi)}：{label}的有{names}，共{len(behind)}个。",
                                kind="subheading"))
        for r in behind:
            blocks.append(Paragraph(fmt.progress_sentence(r, month)))
    if not blocks:
        blocks.append(Paragraph("各街道（镇）各项重点指标均达到序时进度或年度目标。"))
    else:
        blocks.append(Paragraph("请以上街道（镇）工会分析原因，采取有效措施，加快工作进度。"))
    return Section("三、落后序时进度的街道", tuple(blocks))


# --------------------------------------------------------------------------- 四、报送情况


FILE_COLUMNS = ("序号", "文件名", "填报单位", "类型", "收到时间", "状态", "导入行数",
                "未导入行数", "警告行数", "说明")
MISSING_COLUMNS = ("序号", "街道", "单位名称", "统一社会信用代码", "建会形式", "职工人数",
                   "最近上报月份")


def _submissions(year: int, month: int, files: list[dict], by_status: list[dict],
                 missing: list[dict] | None, numbering: _Numbering) -> Section:
    blocks: list[Block] = [Paragraph("（一）报送文件", kind="subheading")]
    if files:
        number = numbering.next_table()
        # A superseded file's rows stop counting (its replacement's count instead).
        counted = [r for r in by_status if r["status"] != "superseded"]
        rows = {k: sum(int(r[k]) for r in counted) for k in ("rows_loaded", "rows_rejected", "rows_warned")}
        blocks.append(Paragraph(
            f"{_files_clause(month, by_status)}；共导入数据{fmt.fmt_int(rows['rows_loaded'])}行，"
            f"未导入{fmt.fmt_int(rows['rows_rejected'])}行，警告{fmt.fmt_int(rows['rows_warned'])}行。"
            f"明细见表{number}。"))
        blocks.append(files_table(files, number, numbering.sheet("报送文件")))
    else:
        blocks.append(Paragraph(f"{_files_clause(month, by_status)}。"))

    blocks.append(Paragraph("（二）未报送单位", kind="subheading"))
    if missing is None:
        blocks.append(Paragraph("数据仓库缺少单位月度数据（fct_unit_month），暂无法列出未报送单位。"))
    elif not missing:
        blocks.append(Paragraph(f"上月已建会单位均已报送{month}月报表。"))
    else:
        number = numbering.next_table()
        streets: dict[str, int] = {}
        for r in missing:
            name = str(_get(r, "org_name", "街道不详"))
            streets[name] = streets.get(name, 0) + 1
        by_street = "、".join(f"{name}{n}家" for name, n in streets.items())
        blocks.append(Paragraph(
            f"上月已建会单位中，有{len(missing)}家未报送{month}月报表，其中{by_street}。"
            f"名单见表{number}，请相关街道（镇）工会督促补报。"))
        blocks.append(missing_table(missing, month, number, numbering.sheet("未报送单位")))
    return Section("四、报送情况", tuple(blocks))


def files_table(files: list[dict], number: int, sheet_name: str) -> Table:
    rows = []
    for i, f in enumerate(files, start=1):
        received = _get(f, "received_at")
        rows.append((
            Cell(str(i), i, "0"),
            Cell(str(_get(f, "file_name", ""))),
            Cell(str(_get(f, "submitter", fmt.MISSING))),
            Cell(fmt.file_kind_label(_get(f, "kind"))),
            Cell(fmt.fmt_datetime(received),
                 None if received is None else pd.Timestamp(received).to_pydatetime(),
                 "yyyy-mm-dd hh:mm"),
            Cell(fmt.file_status_label(_get(f, "status"))),
            *(Cell(fmt.fmt_int(_get(f, c)), _int(_get(f, c)), "#,##0")
              for c in ("rows_loaded", "rows_rejected", "rows_warned")),
            Cell(str(_get(f, "message", ""))),
        ))
    return Table(
        title=f"表{number}：报送文件明细",
        columns=FILE_COLUMNS,
        rows=tuple(rows),
        sheet_name=sheet_name,
        aligns=("C", "L", "L", "C", "C", "C", "R", "R", "R", "L"),
    )


def missing_table(missing: list[dict], month: int, number: int, sheet_name: str) -> Table:
    rows = []
    for i, u in enumerate(missing, start=1):
        rows.append((
            Cell(str(i), i, "0"),
            Cell(str(_get(u, "org_name", "街道不详"))),
            Cell(str(_get(u, "unit_name", ""))),
            Cell(str(_get(u, "credit_code", ""))),
            Cell(str(_get(u, "union_form", fmt.MISSING))),
            Cell(fmt.fmt_int(_get(u, "workers")), _int(_get(u, "workers")), "#,##0"),
            Cell(fmt.fmt_month_date(_get(u, "last_reported_month"))),
        ))
    return Table(
        title=f"表{number}：未报送{month}月报表的单位",
        columns=MISSING_COLUMNS,
        rows=tuple(rows),
        sheet_name=sheet_name,
        aligns=("C", "L", "L", "L", "C", "R", "C"),
    )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# --------------------------------------------------------------------------- notes


def _notes(month: int, elapsed: Any) -> tuple[str, ...]:
    elapsed_text = f"（{month}月为{fmt.fmt_pct(elapsed)}）" if elapsed is not None else ""
    return (
        f"序时进度为已过月份占全年的比例{elapsed_text}；完成率为实际值与年度目标之比。",
        "新建工会数等累计指标以完成率与序时进度比较；建会率等比率指标以实际值与年度目标比较。",
        "名次按完成率由高到低排列（按未经四舍五入的数值比较，显示相同的完成率也可能名次不同），完成率完全相同者名次并列；无年度目标或无数据的街道（镇）不参加排名。",
        "数据来源：工会工作数据仓库，依据各街道（镇）工会报送的月报表计算。",
    )
