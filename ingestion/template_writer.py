"""`unionkpi template OUT.xlsx`: the blank official template, written from the spec.

One sheet per monthly sheet type with the canonical headers (frozen), drop-down lists
for enums and booleans, text format for credit codes (so Excel never turns them into
numbers), date format for dates, and an instructions sheet in Chinese.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from ingestion import template_spec as spec

DATA_ROWS = 1000  # rows prepared with validation and formats below the header
HEADER_ROW = 3  # 0-based: title, 填报单位, 报告期, then the header
TYPE_LABELS = {
    spec.TEXT: "文本", spec.INT: "整数（≥0）", spec.NUMBER: "数字（≥0）", spec.DATE: "日期",
    spec.BOOL: "是/否", spec.ENUM: "下拉选择", spec.CREDIT_CODE: "18位代码（文本）",
    spec.STREET: "街道名称", spec.KPI: "指标", spec.TARGET: "数字或百分比",
}


def column_requirement(column: spec.Column) -> str:
    if column.required_unless:
        _, value = column.required_unless
        return f"必填（{value}除外）"
    return "必填" if column.required else "选填"


def column_note(column: spec.Column) -> str:
    parts = [TYPE_LABELS[column.type], column_requirement(column)]
    if column.enum:
        parts.append("可选：" + "、".join(column.enum))
    if column.aliases:
        parts.append("也可写作：" + "、".join(column.aliases))
    if column.note:
        parts.append(column.note)
    return "；".join(parts)


def write_template(target: Path | BinaryIO) -> None:
    workbook = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target),
                                   {"in_memory": True})
    formats = _formats(workbook)
    _instructions(workbook, formats)
    for sheet_type in spec.MONTHLY_SHEETS:
        _data_sheet(workbook, formats, sheet_type)
    workbook.close()


def _formats(workbook) -> dict:
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "label": workbook.add_format({"bold": True}),
        "input": workbook.add_format({"bg_color": "#FFF9E6", "border": 1, "num_format": "@"}),
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                       "text_wrap": True, "valign": "vcenter", "align": "center"}),
        "required": workbook.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1,
                                         "text_wrap": True, "valign": "vcenter", "align": "center"}),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "int": workbook.add_format({"num_format": "0"}),
        "number": workbook.add_format({"num_format": "0.00"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }


def _data_sheet(workbook, formats, sheet_type: spec.SheetType) -> None:
    sheet = workbook.add_worksheet(sheet_type.name)
    title = f"基层工会月报表 — {sheet_type.name}" + ("（选报）" if sheet_type.optional else "")
    sheet.write(0, 0, title, formats["title"])
    sheet.write(1, 0, "填报单位：", formats["label"])
    sheet.write(1, 1, "", formats["input"])
    # The hint sits inside the label: a hint in a cell of its own would be read as the
    # month when the clerk leaves the month blank.
    sheet.write(2, 0, "报告期（如 2026-03）：", formats["label"])
    sheet.write(2, 1, "", formats["input"])
    for c, column in enumerate(sheet_type.columns):
        style = formats["required"] if column.required else formats["header"]
        sheet.write(HEADER_ROW, c, column.name, style)
        sheet.write_comment(HEADER_ROW, c, column_note(column), {"x_scale": 2, "y_scale": 1.5})
        sheet.set_column(c, c, max(12, len(column.name) * 2.2), _cell_format(formats, column))
        _validation(sheet, c, column)
    sheet.set_row(HEADER_ROW, 32)
    sheet.freeze_panes(HEADER_ROW + 1, 0)


def _cell_format(formats, column: spec.Column):
    return {spec.DATE: formats["date"], spec.INT: formats["int"],
            spec.NUMBER: formats["number"]}.get(column.type, formats["text"])


def _validation(sheet, c: int, column: spec.Column) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + DATA_ROWS
    choices = column.enum or (("是", "否") if column.type == spec.BOOL else ())
    if choices:
        sheet.data_validation(first, c, last, c, {
            "validate": "list", "source": list(choices),
            "error_title": "请从下拉列表选择", "error_message": "可选：" + "、".join(choices)})
    elif column.type == spec.INT:
        sheet.data_validation(first, c, last, c, {
            "validate": "integer", "criteria": ">=", "value": 0,
            "error_title": "应为整数", "error_message": f"“{column.name}”应为不小于0的整数"})
    elif column.type == spec.DATE:
        sheet.data_validation(first, c, last, c, {
            "validate": "date", "criteria": "between",
            "minimum": dt.date(1950, 1, 1),
            "maximum": dt.date(2099, 12, 31),
            "error_title": "应为日期", "error_message": "请填写日期，如 2026-03-05"})


def _instructions(workbook, formats) -> None:
    sheet = workbook.add_worksheet("填表说明")
    sheet.set_column(0, 0, 100, formats["wrap"])
    lines = [
        ("基层工会月报表 填表说明", formats["title"]),
        ("1. 每个文件对应一个填报单位、一个报告期。请在各表上方填写“填报单位”和“报告期”（如 2026-03）；"
         "也可将文件命名为“填报单位_2026-03.xlsx”。", None),
        ("2. 每行用“统一社会信用代码”标明所描述的基层单位；该列已设为文本格式，请勿改为数字格式，"
         "否则18位代码的后几位会丢失。", None),
        ("3. 红色表头为必填列，蓝色为选填列；鼠标停在表头上可查看说明。带下拉箭头的列请从列表中选择。", None),
        ("4. 请勿在数据区填写合计行以外的说明文字；合计、小计行和表尾的填表人、联系电话会被自动跳过。", None),
        ("5. 有错误的行不会导入，其他行照常导入；系统会列出每个错误的工作表、行号、列名和修改建议。", None),
        ("6. 同一填报单位同一报告期重新上报时，新文件整体替代旧文件。", None),
        ("", None),
        ("各工作表：", formats["label"]),
    ]
    for sheet_type in spec.MONTHLY_SHEETS:
        optional = "（选报）" if sheet_type.optional else ""
        lines.append((f"· {sheet_type.name}{optional}：{sheet_type.grain}", None))
    lines += [("", None), ("区总工会另行下发的参考表（同样通过本系统导入）：", formats["label"])]
    for sheet_type in spec.SHEET_TYPES:
        if sheet_type.kind != spec.MONTHLY:
            columns = "、".join(c.name for c in sheet_type.columns)
            lines.append((f"· {sheet_type.name}：{sheet_type.grain}；列：{columns}", None))
    for r, (text, style) in enumerate(lines):
        sheet.write(r, 0, text, style) if style else sheet.write(r, 0, text)
    sheet.activate()
