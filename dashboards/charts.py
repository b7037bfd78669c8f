"""Plotly figures for the dashboard pages: pure functions from query results to figures.

No Streamlit and no database here, and no KPI arithmetic: a figure only lays out the
columns the queries return (``marts.kpi_report``, ``elapsed_target`` included),
with the labels and colours of ``dashboards.formatting``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import formatting as fmt

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

#: Line colours of the trend chart.
ACTUAL_COLOR = "#1f5fbf"
TARGET_COLOR = "#757575"
ELAPSED_COLOR = "#b45309"
MEMBERS_COLOR = "#1b7f3b"

#: How st.plotly_chart shows every figure: no Plotly logo, and the tool bar's tips in
#: Chinese (plotly.js takes a locale's words in its config; it bundles English only).
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    "locales": {"zh-CN": {"dictionary": {
        "Download plot as a PNG": "下载图片（PNG）",
        "Download plot": "下载图片",
        "Zoom": "框选放大",
        "Pan": "平移",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Autoscale": "自动缩放",
        "Reset axes": "还原坐标轴",
        "Double-click to zoom back out": "双击还原",
        "Double-click on legend to isolate one trace": "双击图例可只显示该项",
        # The messages while a chart is downloaded, as plotly.js 3 and 2 word them.
        "Preparing image - this may take a few seconds": "正在生成图片，请稍候……",
        "Image download succeeded": "图片已下载",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候……",
        "Snapshot succeeded": "图片已下载",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败",
    }}},
}

#: Legend order of the ranking chart's status traces.
STATUS_ORDER = ("met", "ahead", "behind", "no_target", "no_data")


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font_family": FONT_FAMILY},
    )
    return fig


def status_css(status: object) -> str:
    """The CSS colour of a ``kpi_monthly.status`` (green met, blue ahead, red behind,
    gray otherwise)."""
    return fmt.STATUS_CSS_COLORS[fmt.status_color(status)]


def _value_axis(display_format: object) -> dict:
    if display_format == "pct1":
        return {"tickformat": ".0%", "hoverformat": ".1%"}
    if display_format == "dec2":
        return {"tickformat": ",.2f", "hoverformat": ",.2f"}
    return {"tickformat": ",d", "hoverformat": ",d"}


# --------------------------------------------------------------------------- 街道排名


def ranking_figure(rows: pd.DataFrame) -> go.Figure:
    """Horizontal bars of every street of ``queries.street_ranking`` (one KPI and month).

    With targets, a bar is the street's 完成率 (``progress_pct``) and a dashed line marks
    序时进度 (``time_elapsed_pct``) for count and flow KPIs, or 100% (the target) for rates
    and stocks; without targets a bar is the actual value. One trace per status, so the
    legend reads 已完成/超序时进度/落后序时进度…; the first row of ``rows`` is on top.
    """
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, "暂无数据")
    first = rows.iloc[0].to_dict()
    kind, display_format, unit = first.get("kind"), first.get("display_format"), first.get("unit")
    name = first.get("short_name") or first.get("kpi_code")
    with_targets = fmt.has_targets(rows)
    streets = [str(n) for n in rows["org_name"]]
    records = rows.to_dict("records")

    statuses = [s for s in STATUS_ORDER if s in set(rows["status"])]
    statuses += sorted({str(s) for s in rows["status"]} - set(statuses))
    for status in statuses:
        group = [r for r in records if r["status"] == status]
        if with_targets:
            x = [None if fmt.is_missing(r["progress_pct"]) else r["progress_pct"] for r in group]
            text = [fmt.fmt_pct(r["progress_pct"]) for r in group]
        else:
            x = [None if fmt.is_missing(r["actual"]) else r["actual"] for r in group]
            text = [fmt.fmt_value(r["actual"], display_format, unit) for r in group]
        fig.add_trace(go.Bar(
            x=x,
            y=[str(r["org_name"]) for r in group],
            orientation="h",
            name=fmt.status_label(status, kind),
            marker={"color": status_css(status)},
            text=text,
            # Inside the bar's end where it fits: a label outside a bar near 100% would
            # sit on the target line.
            textposition="auto",
            insidetextanchor="end",
            cliponaxis=False,
            customdata=[[fmt.fmt_value(r["actual"], display_format, unit),
                         fmt.fmt_value(r["target"], display_format, unit)] for r in group],
            hovertemplate="%{y}<br>实际 %{customdata[0]}<br>目标 %{customdata[1]}<br>"
                          + ("完成率 %{text}" if with_targets else "") + "<extra></extra>",
        ))

    if with_targets:
        if kind in fmt.CUMULATIVE_KINDS:
            elapsed = float(first["time_elapsed_pct"])
            fig.add_vline(x=elapsed, line_dash="dash", line_color=ELAPSED_COLOR,
                          annotation_text=f"序时进度 {fmt.fmt_pct(elapsed)}",
                          annotation_position="top")
        else:
            fig.add_vline(x=1.0, line_dash="dash", line_color=TARGET_COLOR,
                          annotation_text="目标 100%", annotation_position="top")
        fig.update_xaxes(title_text="完成率", tickformat=".0%", rangemode="tozero")
        title = f"{name} · 各街道完成率"
    else:
        fig.update_xaxes(title_text=f"实际（{unit}）" if unit else "实际", rangemode="tozero",
                         **_value_axis(display_format))
        title = f"{name} · 各街道实际值（未设目标）"
    fig.update_yaxes(categoryorder="array", categoryarray=streets, autorange="reversed",
                     title_text=None)
    fig = _layout(fig, title, height=max(320, 140 + 36 * len(streets)))
    fig.update_layout(barmode="overlay", bargap=0.35,
                      legend={"orientation": "h", "yanchor": "top", "y": -0.3, "xanchor": "left", "x": 0})
    return fig


# --------------------------------------------------------------------------- 趋势


def trend_figure(rows: pd.DataFrame) -> go.Figure:
    """One KPI of one organisation over the months of ``queries.kpi_trend``: the actual
    against the annual target and, for count and flow KPIs, the 序时进度 line
    (``elapsed_target``, which the mart gives for those kinds only)."""
    fig = go.Figure()
    if rows.empty:
        return _layout(fig, "暂无数据")
    first = rows.iloc[0].to_dict()
    display_format, unit = first.get("display_format"), first.get("unit")
    name = first.get("short_name") or first.get("kpi_code")
    months = [fmt.month_label(m) for m in rows["month"]]

    def values(column: str) -> list:
        return [None if fmt.is_missing(v) else float(v) for v in rows[column]]

    fig.add_trace(go.Scatter(
        x=months, y=values("actual"), name="实际", mode="lines+markers",
        line={"color": ACTUAL_COLOR, "width": 3},
        text=[fmt.fmt_value(v, display_format, unit) for v in rows["actual"]],
        hovertemplate="%{x} 实际 %{text}<extra></extra>",
    ))
    if fmt.has_targets(rows):
        fig.add_trace(go.Scatter(
            x=months, y=values("target"), name="年度目标", mode="lines",
            line={"color": TARGET_COLOR, "dash": "dash"},
            text=[fmt.fmt_value(v, display_format, unit) for v in rows["target"]],
            hovertemplate="%{x} 年度目标 %{text}<extra></extra>",
        ))
        if rows["elapsed_target"].notna().any():
            fig.add_trace(go.Scatter(
                x=months, y=values("elapsed_target"), name="序时进度", mode="lines+markers",
                line={"color": ELAPSED_COLOR, "dash": "dot"},
                text=[fmt.fmt_value(v, display_format, unit) for v in rows["elapsed_target"]],
                hovertemplate="%{x} 序时进度应达 %{text}<extra></extra>",
            ))
    fig.update_xaxes(title_text=None, type="category")
    fig.update_yaxes(title_text=None, rangemode="tozero", **_value_axis(display_format))
    _unit_note(fig, unit)
    org = first.get("org_name") or first.get("org_code")
    return _layout(fig, f"{org} · {name} · {int(first['year'])}年逐月")


# --------------------------------------------------------------------------- 单位明细


def unit_history_figure(history: pd.DataFrame) -> go.Figure:
    """职工人数 and 会员人数 of one unit month by month (``queries.unit_history``)."""
    fig = go.Figure()
    if history.empty:
        return _layout(fig, "暂无数据", height=300)
    periods = [fmt.period_label(y, m) for y, m in zip(history["year"], history["month"], strict=True)]
    for column, label, colour in (("workers", "职工人数", ACTUAL_COLOR), ("members", "会员人数", MEMBERS_COLOR)):
        fig.add_trace(go.Scatter(
            x=periods, y=[None if fmt.is_missing(v) else int(v) for v in history[column]],
            name=label, mode="lines+markers", line={"color": colour},
            hovertemplate="%{x} " + label + " %{y:,d}人<extra></extra>",
        ))
    fig.update_xaxes(title_text=None, type="category")
    fig.update_yaxes(title_text=None, rangemode="tozero", tickformat=",d")
    _unit_note(fig, "人")
    return _layout(fig, "职工人数与会员人数", height=320)


def _unit_note(fig: go.Figure, unit: str | None) -> None:
    """The value axis's unit, written level above the axis: an axis title is turned on
    its side, and so would a Chinese character be."""
    if unit and unit != "%":
        fig.add_annotation(text=f"单位：{unit}", xref="paper", yref="paper", x=0, y=1.0,
                           xanchor="left", yanchor="bottom", showarrow=False,
                           font={"size": 12, "color": "#555"})
