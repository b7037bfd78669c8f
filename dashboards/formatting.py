"""Number and text formatting for the dashboards, the Chinese way.

Pure functions only: no Streamlit, no database. Pages call these to turn the values of
``marts.kpi_report`` (kpi_monthly with names and formats) into display text; they never compute KPIs themselves.

Conventions (see the KPI catalog):

- rates are fractions in the warehouse (0.953) and shown as percentages ('95.3%');
- counts of 1万 and more are shown in 万 ('3.92万'), smaller ones with thousands
  separators ('8,123'); 1亿 and more in 亿;
- money KPIs are stored in 万元 and shown as '12.35万元' (1亿元 and more as '1.23亿元');
- gaps are percentage points: '超序时进度1.0个百分点' for count and flow KPIs,
  '高于目标0.3个百分点' for rates;
- rounding is half-up on the decimal text of the value (0.9535 → '95.4%'), as people
  round by hand, not banker's rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from ingestion.template_spec import FILE_STATUSES, KIND_LABELS, note_message, rule_label

MISSING = "—"

#: KPI kinds (``dim_kpi.kind``) measured against the time-elapsed progress (序时进度).
CUMULATIVE_KINDS = frozenset({"count_ytd", "flow_ytd"})
#: KPI kinds whose value is a rate (a fraction).
RATE_KINDS = frozenset({"rate", "rate_ytd"})

STATUS_LABELS: dict[str, str] = {
    "met": "已完成",
    "ahead": "超序时进度",
    "behind": "落后序时进度",
    "no_target": "无目标",
    "no_data": "无数据",
}
#: For rate and stock KPIs, ``behind`` means "below the target" (there is no 序时进度).
BEHIND_TARGET_LABEL = "未达目标"

#: Streamlit's named colours (st.badge, ``:color-badge[...]``).
STATUS_COLORS: dict[str, str] = {
    "met": "green",
    "ahead": "blue",
    "behind": "red",
    "no_target": "gray",
    "no_data": "gray",
}
#: The same colours as CSS, for tables.
STATUS_CSS_COLORS: dict[str, str] = {
    "green": "#1b7f3b",
    "blue": "#1f5fbf",
    "red": "#c62828",
    "gray": "#757575",
}

#: How the bulletin sentence names what was counted: '全区新建工会52家'.
SENTENCE_PHRASES: dict[str, str] = {
    "new_unions": "新建工会",
    "member_growth": "会员净增",
    "contracts_signed": "新签集体合同",
    "service_cards": "办理会员服务卡",
    "member_info_collected": "采集会员信息",
    "training_sessions": "举办培训",
    "training_participants": "培训职工",
    "disputes_received": "受理劳动争议",
    "assisted_workers": "帮扶职工",
    "assistance_amount": "发放帮扶金额",
}


# --------------------------------------------------------------------------- numbers


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _decimal(value: float) -> Decimal:
    # repr/str of a float is its shortest round-tripping text: 0.9535 stays 0.9535.
    return Decimal(str(float(value)))


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """Round as people do by hand: 2.25 → 2.3, -8.75 → -8.8."""
    return _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _fixed(value: Decimal | float, digits: int) -> str:
    d = value if isinstance(value, Decimal) else round_half_up(value, digits)
    d = d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no '-0.0'
    return f"{d:,.{digits}f}"


def _strip_zeros(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_pct(fraction: Any, digits: int = 1) -> str:
    """A fraction as a percentage: 0.953 → '95.3%', 0.26 → '26.0%'."""
    if is_missing(fraction):
        return MISSING
    return _fixed(_decimal(fraction) * 100, digits) + "%"


def fmt_count(value: Any) -> str:
    """A count: '8,123' under 1万, '3.92万' from 1万, '1.2亿' from 1亿 (up to 2 decimals)."""
    if is_missing(value):
        return MISSING
    d = _decimal(value)
    sign = "-" if d < 0 else ""
    d = abs(d)
    if d >= Decimal(100_000_000):
        return sign + _strip_zeros(_fixed(d / Decimal(100_000_000), 2)) + "亿"
    if d >= Decimal(10_000):
        text = _strip_zeros(_fixed(d / Decimal(10_000), 2))
        if text == "10,000":  # 99,999,999.6 rounds up into 亿
            return sign + "1亿"
        return sign + text + "万"
    text = _fixed(d, 0)
    if text == "10,000":  # 9,999.6 rounds up into 万
        return sign + "1万"
    return ("" if text == "0" else sign) + text


def fmt_decimal(value: Any, digits: int = 2) -> str:
    if is_missing(value):
        return MISSING
    return _fixed(value, digits)


def fmt_money_wan(value: Any) -> str:
    """An amount already in 万元: 12.345 → '12.35万元', 12345 → '1.23亿元'."""
    if is_missing(value):
        return MISSING
    d = _decimal(value)
    if abs(d) >= Decimal(10_000):
        return _fixed(d / Decimal(10_000), 2) + "亿元"
    return _fixed(d, 2) + "万元"


def fmt_value(value: Any, display_format: str | None, unit: str | None = None) -> str:
    """A KPI value by its ``dim_kpi.display_format`` (int|pct1|dec2) and unit.

    >>> fmt_value(0.953, "pct1", "%"), fmt_value(52, "int", "家"), fmt_value(12.345, "dec2", "万元")
    ('95.3%', '52家', '12.35万元')
    """
    if is_missing(value):
        return MISSING
    unit = "" if is_missing(unit) or unit == "%" else str(unit)
    if display_format == "pct1":
        return fmt_pct(value, 1)
    if unit == "万元":
        return fmt_money_wan(value)
    if display_format == "dec2":
        return fmt_decimal(value, 2) + unit
    return fmt_count(value) + unit


def fmt_pp(points: Any, digits: int = 1) -> str:
    """Percentage points, unsigned: 1.0 → '1.0个百分点'."""
    if is_missing(points):
        return MISSING
    return _fixed(abs(round_half_up(points, digits)), digits) + "个百分点"


def fmt_change(value: Any, display_format: str | None, unit: str | None = None) -> str:
    """A signed change (同比/环比): '+0.4个百分点' for rates, '+320人', '-1.20万元'."""
    if is_missing(value):
        return MISSING
    if display_format == "pct1":
        points = round_half_up(_decimal(value) * 100, 1)
        sign = "+" if points > 0 else "-" if points < 0 else ""
        return sign + fmt_pp(points)
    body = fmt_value(abs(float(value)), display_format, unit)
    if _is_zero_text(body):
        return body
    return ("+" if float(value) > 0 else "-") + body


def _is_zero_text(text: str) -> bool:
    number = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    return bool(number) and Decimal(number) == 0


# --------------------------------------------------------------------------- gaps and status


def fmt_gap(gap_pp: Any, kind: str | None = "count_ytd") -> str:
    """The gap of ``kpi_monthly.gap_pp`` in words.

    Count and flow KPIs compare progress with 序时进度: '超序时进度1.0个百分点',
    '落后序时进度5.0个百分点'. Rates compare with the target: '高于目标0.3个百分点'.
    Stocks have no gap ('—').
    """
    if is_missing(gap_pp):
        return MISSING
    points = round_half_up(gap_pp, 1)
    if kind in RATE_KINDS:
        ahead, behind, level = "高于目标", "低于目标", "与目标持平"
    else:
        ahead, behind, level = "超序时进度", "落后序时进度", "与序时进度持平"
    if points > 0:
        return ahead + fmt_pp(points)
    if points < 0:
        return behind + fmt_pp(points)
    return level


def status_label(status: Any, kind: str | None = None) -> str:
    """Chinese label of a ``kpi_monthly.status``.

    With a rate or stock ``kind``, ``behind`` reads '未达目标': those KPIs are compared
    with the target itself, not with 序时进度.
    """
    if is_missing(status):
        return STATUS_LABELS["no_data"]
    status = str(status)
    if status == "behind" and kind is not None and kind not in CUMULATIVE_KINDS:
        return BEHIND_TARGET_LABEL
    return STATUS_LABELS.get(status, status)


def status_color(status: Any) -> str:
    """Streamlit colour name: met green, ahead blue, behind red, no target/no data gray."""
    if is_missing(status):
        return "gray"
    return STATUS_COLORS.get(str(status), "gray")


def sentence_tone(status: Any) -> str:
    """How a progress sentence is boxed, in the status's colour: success when on course
    (green, blue), warning when behind (red), info when there is nothing to judge (gray).
    A Streamlit call name."""
    return {"green": "success", "blue": "success", "red": "warning"}.get(status_color(status), "info")


def status_badge(status: Any, kind: str | None = None) -> str:
    """Markdown for a coloured badge: ':green-badge[已完成]'."""
    return f":{status_color(status)}-badge[{status_label(status, kind)}]"


# --------------------------------------------------------------------------- sentences


def _field(row: Mapping[str, Any], name: str, default: Any = None) -> Any:
    value = row.get(name, default)
    return default if is_missing(value) else value


def progress_sentence(row: Mapping[str, Any], month: int | None = None) -> str:
    """The bulletin sentence for one KPI row of ``kpi_cards``/``street_table``.

    `截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。`
    """
    month = int(month if month is not None else row["month"])
    org = _field(row, "org_name", "全区")
    code = _field(row, "kpi_code", "")
    kind = _field(row, "kind")
    fmt, unit = _field(row, "display_format"), _field(row, "unit")
    name = _field(row, "short_name") or _field(row, "kpi_name") or code
    actual, target = _field(row, "actual"), _field(row, "target")
    progress, gap = _field(row, "progress_pct"), _field(row, "gap_pp")
    head = f"截至{month}月底，{org}"

    if actual is None:
        return f"{head}{name}暂无数据。"
    value = fmt_value(actual, fmt, unit)
    if kind in RATE_KINDS:
        parts = [f"{head}{name}为{value}"]
        if target is not None:
            parts.append(f"年度目标{fmt_value(target, fmt, unit)}")
            if gap is not None:
                parts.append(fmt_gap(gap, kind))
        return "，".join(parts) + "。"

    phrase = SENTENCE_PHRASES.get(code, name)
    parts = [f"{head}{phrase}{value}"]
    if target is not None and progress is not None:
        parts.append(f"完成年度目标的{fmt_pct(progress)}")
        if gap is not None and kind in CUMULATIVE_KINDS:
            parts.append(fmt_gap(gap, kind))
    return "，".join(parts) + "。"


# --------------------------------------------------------------------------- view models


@dataclass(frozen=True)
class CardView:
    """Display text of one KPI card (one row of ``queries.kpi_cards``)."""

    kpi_code: str
    label: str
    help: str
    value: str
    target: str
    progress: str
    elapsed: str
    gap: str
    status: str
    status_label: str
    status_color: str
    badge: str
    delta: str | None
    delta_color: str
    delta_arrow: str  # "off" for a change that shows as zero: no arrow either way
    is_key: bool

    @property
    def detail(self) -> str:
        """Target, 完成率, and 序时进度 where it means something (year-to-date counts and
        flows; a rate's or a stock's target is a level, not a pace)."""
        parts = [f"目标 {self.target}", f"完成率 {self.progress}"]
        if self.elapsed:
            parts.append(f"序时进度 {self.elapsed}")
        return "｜".join(parts)


def card_view(row: Mapping[str, Any]) -> CardView:
    kind, fmt, unit = _field(row, "kind"), _field(row, "display_format"), _field(row, "unit")
    status = _field(row, "status", "no_data")
    mom = _field(row, "mom_change")
    direction = _field(row, "direction", "higher")
    name = _field(row, "kpi_name") or _field(row, "kpi_code", "")
    label = _field(row, "short_name") or name
    delta = None if mom is None else fmt_change(mom, fmt, unit)
    flat = delta is not None and (delta == MISSING or _is_zero_text(delta))
    return CardView(
        kpi_code=str(_field(row, "kpi_code", "")),
        label=str(label),
        help=str(name) if name != label else "",
        value=fmt_value(_field(row, "actual"), fmt, unit),
        target=fmt_value(_field(row, "target"), fmt, unit),
        progress=fmt_pct(_field(row, "progress_pct")),
        elapsed=fmt_pct(_field(row, "time_elapsed_pct")) if kind in CUMULATIVE_KINDS else "",
        gap=fmt_gap(_field(row, "gap_pp"), kind),
        status=str(status),
        status_label=status_label(status, kind),
        status_color=status_color(status),
        badge=status_badge(status, kind),
        delta=delta,
        delta_color="off" if flat else {"higher": "normal", "lower": "inverse"}.get(
            str(direction), "off"),
        delta_arrow="off" if flat else "auto",
        is_key=bool(_field(row, "is_key", False)),
    )


def card_views(cards: pd.DataFrame) -> list[CardView]:
    return [card_view(row) for row in cards.to_dict("records")]


@dataclass(frozen=True)
class TableView:
    """A display table (formatted text, Chinese headers) and the CSS of each cell."""

    data: pd.DataFrame
    css: pd.DataFrame

    def styled(self):  # -> pandas Styler
        return self.data.style.apply(lambda _: self.css, axis=None)


def _progress_cell(row: Mapping[str, Any]) -> str:
    kind = _field(row, "kind")
    label = status_label(_field(row, "status", "no_data"), kind)
    progress = _field(row, "progress_pct")
    return label if progress is None else f"{fmt_pct(progress)}（{label}）"


def street_table_view(streets: pd.DataFrame, key_only: bool = True) -> TableView:
    """Rows = the district and the streets (in ``dim_org`` order), columns = for each KPI its value and its
    完成率 with the status, headed in Chinese ('新建工会数', '新建工会数 完成率').

    ``streets`` is ``queries.street_table(year, month)`` (long: one row per street × KPI).
    """
    if key_only and "is_key" in streets.columns:
        streets = streets[streets["is_key"].fillna(False).astype(bool)]
    if streets.empty:
        empty = pd.DataFrame({"街道": []})
        return TableView(empty, empty.copy())

    kpis = (
        streets[["kpi_code", "short_name", "kpi_sort_order"]]
        .drop_duplicates("kpi_code")
        .sort_values(["kpi_sort_order", "kpi_code"], na_position="last")
    )
    orgs = streets[["org_code", "org_name", "org_sort_order"]].drop_duplicates("org_code")
    orgs = orgs.sort_values(["org_sort_order", "org_code"], na_position="last")
    by_cell = {(r["org_code"], r["kpi_code"]): r for r in streets.to_dict("records")}

    data: dict[str, list[str]] = {"街道": [str(n) for n in orgs["org_name"]]}
    css: dict[str, list[str]] = {"街道": [""] * len(orgs)}
    for kpi in kpis.to_dict("records"):
        name = kpi["short_name"] if not is_missing(kpi["short_name"]) else kpi["kpi_code"]
        values, progress, colours = [], [], []
        for org in orgs["org_code"]:
            row = by_cell.get((org, kpi["kpi_code"]))
            if row is None:
                values.append(MISSING)
                progress.append(MISSING)
                colours.append("")
                continue
            values.append(fmt_value(_field(row, "actual"), _field(row, "display_format"), _field(row, "unit")))
            progress.append(_progress_cell(row))
            colours.append(f"color: {STATUS_CSS_COLORS[status_color(_field(row, 'status'))]}")
        data[str(name)] = values
        css[str(name)] = [""] * len(values)
        data[f"{name} 完成率"] = progress
        css[f"{name} 完成率"] = colours
    frame = pd.DataFrame(data)
    return TableView(frame, pd.DataFrame(css, index=frame.index, columns=frame.columns))


def period_label(year: int, month: int) -> str:
    return f"{int(year)}年{int(month)}月"


def month_label(month: int) -> str:
    return f"{int(month)}月"


def month_span(year: int, first: int, last: int) -> str:
    """'2026年1–10月', or '2025年12月' for one month."""
    if int(first) >= int(last):
        return period_label(year, last)
    return f"{int(year)}年{int(first)}–{int(last)}月"


# --------------------------------------------------------------------------- dates and flags


def fmt_month_date(value: Any) -> str:
    """A report month (a date, the first of the month) as '2025年3月'."""
    if is_missing(value):
        return MISSING
    stamp = pd.Timestamp(value)
    return f"{stamp.year}年{stamp.month}月"


def fmt_date(value: Any) -> str:
    if is_missing(value):
        return MISSING
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def fmt_datetime(value: Any) -> str:
    if is_missing(value):
        return MISSING
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def fmt_bool(value: Any) -> str:
    if is_missing(value):
        return MISSING
    return "是" if bool(value) else "否"


def fmt_int(value: Any) -> str:
    """A plain whole number for tables (row numbers, people): '1,250', no 万."""
    if is_missing(value):
        return MISSING
    return _fixed(value, 0)


def _text(value: Any) -> str:
    return MISSING if is_missing(value) else str(value)


# --------------------------------------------------------------------------- files and issues

FILE_STATUS_COLORS: dict[str, str] = {
    "loaded": "green",
    "loaded_with_errors": "orange",
    "rejected": "red",
    "duplicate": "gray",
    "superseded": "gray",
    "received": "blue",
}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}
#: What the parser's status of an uploaded file means before it is loaded.
PREVIEW_STATUS_LABELS: dict[str, str] = {
    "loaded": "可以导入",
    "loaded_with_errors": "部分行有错误",
    "rejected": "将被拒收",
}

_CSS = {**STATUS_CSS_COLORS, "orange": "#b45309"}


def file_status_label(status: Any) -> str:
    return MISSING if is_missing(status) else FILE_STATUSES.get(str(status), str(status))


def preview_status_label(status: Any) -> str:
    return MISSING if is_missing(status) else PREVIEW_STATUS_LABELS.get(str(status), file_status_label(status))


def file_kind_label(kind: Any) -> str:
    return "未识别" if is_missing(kind) else KIND_LABELS.get(str(kind), str(kind))


def severity_label(severity: Any) -> str:
    return MISSING if is_missing(severity) else SEVERITY_LABELS.get(str(severity), str(severity))


def fmt_size(value: Any) -> str:
    """A file's size: 12.3 KB, 1.5 MB."""
    if is_missing(value):
        return MISSING
    size = int(value)
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{max(size / 1024, 0.1):.1f} KB"


def waiting_view(files: pd.DataFrame) -> pd.DataFrame:
    """``uploads.waiting_in_inbox`` for display."""
    return pd.DataFrame({
        "文件名": [_text(v) for v in files["file_name"]],
        "大小": [fmt_size(v) for v in files["size_bytes"]],
        "保存时间": [fmt_datetime(v) for v in files["saved_at"]],
    }, columns=["文件名", "大小", "保存时间"])


def files_view(files: pd.DataFrame) -> TableView:
    """``queries.submission_files`` for display: Chinese headers and labels, the status
    coloured."""
    records = files.to_dict("records")
    data = pd.DataFrame({
        "文件名": [_text(r["file_name"]) for r in records],
        "收到时间": [fmt_datetime(r["received_at"]) for r in records],
        "填报单位": [_text(r["submitter"]) for r in records],
        "报告期": [fmt_month_date(r["report_month"]) for r in records],
        "类型": [file_kind_label(r["kind"]) for r in records],
        "状态": [file_status_label(r["status"]) for r in records],
        "导入行数": [fmt_int(r["rows_loaded"]) for r in records],
        "未导入行数": [fmt_int(r["rows_rejected"]) for r in records],
        "警告行数": [fmt_int(r["rows_warned"]) for r in records],
        "说明": [_text(r["message"]) if not is_missing(r["message"]) else "" for r in records],
    }, columns=["文件名", "状态", "说明", "报告期", "填报单位", "类型", "导入行数",
                "未导入行数", "警告行数", "收到时间"])  # why a file failed, before the counts
    css = pd.DataFrame("", index=data.index, columns=data.columns)
    css["状态"] = [f"color: {_CSS[FILE_STATUS_COLORS.get(str(r['status']), 'gray')]}" for r in records]
    return TableView(data, css)


#: Chinese headers of load issues, for the tables and the Excel download.
ISSUE_HEADERS: dict[str, str] = {
    "file_name": "文件名",
    "sheet": "工作表",
    "row_number": "行",
    "column_header": "列",
    "value": "值",
    "severity": "级别",
    "message": "说明",
    "rule": "规则",
    "report_month": "报告期",
    "submitter": "填报单位",
}


def issues_view(issues: pd.DataFrame) -> pd.DataFrame:
    """Load issues (``queries.load_issues``/``unit_issues``, or the upload preview's)
    as text with Chinese headers; only the columns present are shown."""
    columns = [c for c in ISSUE_HEADERS if c in issues.columns]
    records = issues.to_dict("records")
    out: dict[str, list[str]] = {}
    for column in columns:
        values = [r[column] for r in records]
        if column == "report_month":
            cells = [fmt_month_date(v) for v in values]
        elif column == "row_number":
            cells = [fmt_int(v) for v in values]
        elif column == "severity":
            cells = [severity_label(v) for v in values]
        elif column == "rule":
            cells = [MISSING if is_missing(v) else rule_label(str(v)) for v in values]
        else:
            cells = [_text(v) for v in values]
        out[ISSUE_HEADERS[column]] = cells
    return pd.DataFrame(out, columns=[ISSUE_HEADERS[c] for c in columns])


def notes_view(notes: pd.DataFrame) -> pd.DataFrame:
    """``queries.load_notes`` for display: each left-out sheet or column in the template
    spec's words."""
    records = notes.to_dict("records")
    return pd.DataFrame({
        "文件": [_text(r["file_name"]) for r in records],
        "说明": [note_message(str(r["what"]), _text(r["sheet"]), _text(r["column_header"]))
               for r in records],
    }, columns=["文件", "说明"])


def missing_reports_view(units: pd.DataFrame) -> pd.DataFrame:
    """``queries.missing_reports`` for display."""
    records = units.to_dict("records")
    return pd.DataFrame({
        "街道": [_text(r["org_name"]) for r in records],
        "单位名称": [_text(r["unit_name"]) for r in records],
        "统一社会信用代码": [_text(r["credit_code"]) for r in records],
        "建会形式": [_text(r["union_form"]) for r in records],
        "职工人数": [fmt_int(r["workers"]) for r in records],
        "会员人数": [fmt_int(r["members"]) for r in records],
        "最近上报月份": [fmt_month_date(r["last_reported_month"]) for r in records],
    }, columns=["街道", "单位名称", "统一社会信用代码", "建会形式", "职工人数", "会员人数", "最近上报月份"])


def check_results_view(checks: pd.DataFrame) -> TableView:
    """``queries.latest_check_results`` for display: 通过/未通过 coloured."""
    records = checks.to_dict("records")
    data = pd.DataFrame({
        "检查": [_text(r["description"]) for r in records],
        "结果": [MISSING if is_missing(r["passed"]) else "通过" if bool(r["passed"]) else "未通过"
               for r in records],
        "检查行数": [fmt_int(r["rows_checked"]) for r in records],
        "未通过行数": [fmt_int(r["failing_rows"]) for r in records],
        "检查时间": [fmt_datetime(r["checked_at"]) for r in records],
        # (Dagster's asset key marts/kpi_monthly, as the SQL page names the table)
        "数据表": [_text(r["asset"]).replace("/", ".") for r in records],
        "检查编号": [_text(r["check_name"]) for r in records],
    }, columns=["检查", "结果", "检查行数", "未通过行数", "检查时间", "数据表", "检查编号"])
    css = pd.DataFrame("", index=data.index, columns=data.columns)
    css["结果"] = [f"color: {_CSS[{'通过': 'green', '未通过': 'red'}.get(text, 'gray')]}" for text in data["结果"]]
    return TableView(data, css)


# Great Expectations' expectation classes in words (results keep the suites' names).
EXPECTATION_LABELS = {
    "ExpectColumnValuesToNotBeNull": "不能为空",
    "ExpectColumnValuesToBeBetween": "取值在范围内",
    "ExpectColumnValuesToBeInSet": "取值在可选范围内",
    "ExpectColumnValuesToMatchRegex": "格式正确",
    "ExpectColumnValuesToBeUnique": "不重复",
    "ExpectCompoundColumnsToBeUnique": "组合不重复",
    "ExpectColumnPairValuesToBeEqual": "两列相等",
    "ExpectColumnPairValuesAToBeGreaterThanB": "前一列不小于后一列",
}


def check_details_view(details: Any) -> pd.DataFrame:
    """The JSON ``details`` of a check result as a table (one row per expectation);
    an unreadable text shows as one row holding it."""
    import json

    headers = {"expectation": "检查项", "column": "列", "success": "结果",
               "unexpected_count": "不符合的值", "failing_rows": "未通过行数"}
    if is_missing(details) or not str(details).strip():
        return pd.DataFrame(columns=list(headers.values()))
    try:
        items = json.loads(str(details))
    except ValueError:
        return pd.DataFrame({"明细": [str(details)]})
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return pd.DataFrame({"明细": [str(details)]})
    rows = []
    for item in items:
        if not isinstance(item, dict):
            rows.append({"检查项": str(item)})
            continue
        rows.append({
            "检查项": EXPECTATION_LABELS.get(str(item.get("expectation")),
                                             _text(item.get("expectation"))),
            "列": _text(item.get("column")),
            "结果": MISSING if item.get("success") is None else ("通过" if item.get("success") else "未通过"),
            "不符合的值": fmt_int(item.get("unexpected_count")),
            "未通过行数": fmt_int(item.get("failing_rows")),
        })
    return pd.DataFrame(rows, columns=list(headers.values()))


# --------------------------------------------------------------------------- ranking and trend


def behind_sentence(rows: pd.DataFrame) -> str:
    """Names the streets of ``queries.street_ranking`` (one KPI) whose status is behind:
    '落后序时进度的街道：东湖镇、青石街道' ('未达目标的街道：…' for rates and stocks)."""
    kind = None if rows.empty else _field(rows.iloc[0].to_dict(), "kind")
    label = status_label("behind", kind)
    behind = [str(r["org_name"]) for r in rows.to_dict("records") if r.get("status") == "behind"]
    if not behind:
        return f"没有{label}的街道。"
    return f"{label}的街道：" + "、".join(behind)


def has_targets(rows: pd.DataFrame) -> bool:
    """Whether any row has a target (else a ranking shows actual values)."""
    return "target" in rows.columns and bool(rows["target"].notna().any())


def ranking_view(rows: pd.DataFrame) -> TableView:
    """``queries.street_ranking`` (one KPI) as the ranking table: 名次, 街道, 实际, 目标,
    完成率, 差距 (个百分点), 状态; the status coloured."""
    records = rows.to_dict("records")
    data = pd.DataFrame({
        "名次": [fmt_int(r["rank"]) for r in records],
        "街道": [_text(r["org_name"]) for r in records],
        "实际": [fmt_value(_field(r, "actual"), _field(r, "display_format"), _field(r, "unit")) for r in records],
        "目标": [fmt_value(_field(r, "target"), _field(r, "display_format"), _field(r, "unit")) for r in records],
        "完成率": [fmt_pct(_field(r, "progress_pct")) for r in records],
        "差距": [fmt_gap(_field(r, "gap_pp"), _field(r, "kind")) for r in records],
        "状态": [status_label(_field(r, "status", "no_data"), _field(r, "kind")) for r in records],
    }, columns=["名次", "街道", "实际", "目标", "完成率", "差距", "状态"])
    css = pd.DataFrame("", index=data.index, columns=data.columns)
    css["状态"] = [f"color: {STATUS_CSS_COLORS[status_color(_field(r, 'status'))]}" for r in records]
    return TableView(data, css)


def trend_view(rows: pd.DataFrame) -> pd.DataFrame:
    """``queries.kpi_trend`` month by month: 月份, 实际, 目标, 完成率, 序时进度, 状态,
    同比, 环比."""
    records = rows.to_dict("records")
    out = []
    for r in records:
        fmt_, unit, kind = _field(r, "display_format"), _field(r, "unit"), _field(r, "kind")
        out.append({
            "月份": month_label(r["month"]),
            "实际": fmt_value(_field(r, "actual"), fmt_, unit),
            "目标": fmt_value(_field(r, "target"), fmt_, unit),
            "完成率": fmt_pct(_field(r, "progress_pct")),
            "序时进度": fmt_pct(_field(r, "time_elapsed_pct")) if kind in CUMULATIVE_KINDS else MISSING,
            "状态": status_label(_field(r, "status", "no_data"), kind),
            "同比": fmt_change(_field(r, "yoy_change"), fmt_, unit),
            "环比": fmt_change(_field(r, "mom_change"), fmt_, unit),
        })
    return pd.DataFrame(out, columns=["月份", "实际", "目标", "完成率", "序时进度", "状态", "同比", "环比"])


# --------------------------------------------------------------------------- units


def unit_history_view(history: pd.DataFrame) -> pd.DataFrame:
    """``queries.unit_history`` for display, newest month first."""
    records = history.to_dict("records")[::-1]
    return pd.DataFrame({
        "月份": [period_label(r["year"], r["month"]) for r in records],
        "所属街道": [_text(r["org_name"]) for r in records],
        "单位类型": [_text(r["unit_type"]) for r in records],
        "职工人数": [fmt_int(r["workers"]) for r in records],
        "会员人数": [fmt_int(r["members"]) for r in records],
        "农民工会员人数": [fmt_int(r["migrant_members"]) for r in records],
        "建会形式": [_text(r["union_form"]) for r in records],
        "建会日期": [fmt_date(r["union_date"]) for r in records],
        "职代会建制": [fmt_bool(r["workers_congress"]) for r in records],
        "厂务公开建制": [fmt_bool(r["openness"]) for r in records],
        "法人资格登记": [fmt_bool(r["legal_person"]) for r in records],
        "是否本月上报": [fmt_bool(r["reported_this_month"]) for r in records],
        "数据来自": [fmt_month_date(r["state_month"]) for r in records],
    }, columns=["月份", "所属街道", "单位类型", "职工人数", "会员人数", "农民工会员人数", "建会形式",
                "建会日期", "职代会建制", "厂务公开建制", "法人资格登记", "是否本月上报", "数据来自"])


def unit_option_label(name: Any, credit_code: Any, org_name: Any = None) -> str:
    """How a unit reads in a picker: '城关机械有限公司（91110108MA00001013，城关街道）'."""
    extra = str(credit_code) if is_missing(org_name) else f"{credit_code}，{org_name}"
    return f"{_text(name)}（{extra}）"


# --------------------------------------------------------------------------- schema browser


def schema_view(columns: pd.DataFrame, docs: Mapping[str, Any], table: str) -> pd.DataFrame:
    """The columns of ``table`` ('schema.name') from ``queries.schema_columns`` with their
    descriptions from ``queries.schema_docs()['tables']``."""
    schema, _, name = table.partition(".")
    described = (docs.get(table) or {}).get("columns") or {}
    rows = columns[(columns["schema_name"] == schema) & (columns["table_name"] == name)]
    return pd.DataFrame({
        "列名": list(rows["column_name"]),
        "类型": list(rows["data_type"]),
        "说明": [str(described.get(c, "")) for c in rows["column_name"]],
    }, columns=["列名", "类型", "说明"])
