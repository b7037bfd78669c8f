"""Cell normalizers: what a clerk typed -> the value a person would read.

Unit tests pin the forms the template (submission-template.md, "Tolerated variations")
promises to accept and the rule code of every rejection; property tests check that the
accepted spellings round-trip for any value.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingestion import template_spec as spec
from ingestion.normalize import (
    CODE_CHARS, CellError, as_excel_shows_number, zero_padded, credit_code_check_char, header_key, is_blank, is_valid_credit_code,
    label_key, month_end, parse_bool, parse_credit_code, parse_date, parse_enum, parse_int,
    parse_month, parse_number, submitter_key, text_as_read, code_as_read, money_as_shown,
    parse_money, names_other_period, first_day_of_range, count_as_shown,
)
from tests.tiny_district import code

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def rule_of(parser, value, *args) -> str:
    with pytest.raises(CellError) as err:
        parser(value, *args)
    return err.value.rule


# --- parse_int ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("0", 0),
    ("12", 12),
    ("1,234", 1234),
    ("1,234,567", 1234567),
    ("１２３", 123),
    ("１，２３４", 1234),
    ("12人", 12),
    ("12人次", 12),
    ("3件", 3),
    ("5家", 5),
    ("6个", 6),
    ("7份", 7),
    ("8张", 8),
    ("2期", 2),
    ("4次", 4),
    ("1,200 人", 1200),
    ("12.0", 12),
    ("12.00人", 12),
    ("\u300012\u3000", 12),
    (" 12 ", 12),
    ("123456789012345678.0", 123456789012345678),  # exact, not through a float
    ("9,223,372,036,854,775,807", 2**63 - 1),  # the largest storable
    ("1e3", 1000),
])
def test_parse_int_accepts(text, expected):
    assert parse_int(text) == expected
    assert type(parse_int(text)) is int


@pytest.mark.parametrize("text, rule", [
    ("十二", "int"),
    ("12.5", "int"),
    ("12.5人", "int"),
    ("abc", "int"),
    ("12元", "int"),
    ("1.2.3", "int"),
    ("-3", "int_negative"),
    ("-3人", "int_negative"),
    ("-12.0", "int_negative"),
    ("－５", "int_negative"),  # full-width minus and digit
    ("-3.5", "int"),
    # Not representable as a stored whole number (BIGINT): an error, never a crash.
    ("1e400", "int"),
    ("9" * 5000, "int"),
    ("99999999999999999999", "int"),
    ("9223372036854775808", "int"),
])
def test_parse_int_rejects(text, rule):
    assert rule_of(parse_int, text) == rule


def test_int_error_messages_are_chinese():
    assert spec.MESSAGES["int"].format(row=12, header="职工人数", value="十二") == \
        "第12行 “职工人数” 值 “十二” 不是整数"
    assert spec.MESSAGES["int_negative"].format(row=3, header="会员人数", value="-3") == \
        "第3行 “会员人数” 值 “-3” 不能为负数"


@given(st.integers(min_value=0, max_value=10**15))
def test_int_round_trip_thousands_separators(n):
    assert parse_int(f"{n:,}") == n
    assert parse_int(f"{n:,}".translate(FULL_WIDTH)) == n


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(spec.COUNT_UNITS),
       st.booleans())
def test_int_round_trip_units_and_full_width(n, unit, full_width):
    text = str(n).translate(FULL_WIDTH) if full_width else str(n)
    assert parse_int(text + unit) == n
    assert parse_int(f"{n}.0") == n


@given(st.integers(min_value=1, max_value=10**12))
def test_negative_ints_are_int_negative(n):
    assert rule_of(parse_int, f"-{n}") == "int_negative"


# --- parse_number -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("3.5", 3.5),
    ("3.5万元", 3.5),
    ("３．５万元", 3.5),
    ("1,234.5", 1234.5),
    ("12", 12.0),
    ("0", 0.0),
    (".5", 0.5),
    ("2.0", 2.0),
    ("10 万元", 10.0),
    ("1200元", 0.12),  # a money unit of its own: the number in 万元
    ("35千元", 3.5),
])
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "三点五", "1e400", "nan", "inf", "3.5美元", "1.2.3"])
def test_parse_number_rejects(text):
    assert rule_of(parse_number, text) == "number"


@pytest.mark.parametrize("text", ["-1", "-0.5万元", "－2.5"])
def test_parse_number_says_a_negative_is_one(text):
    assert rule_of(parse_number, text) == "number_negative"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_number_round_trip_money(d):
    assert parse_number(f"{d}万元") == pytest.approx(float(d))
    assert parse_number(f"{d:,}") == pytest.approx(float(d))


# --- parse_date ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2026-03-05 00:00:00",  # an Excel date cell as the reader renders it
    "2026-03-05 13:30:00",
    "46086",  # Excel serial
    "46086.5",
    "2026-03-05",
    "2026/3/5",
    "2026/03/05",
    "2026.3.5",
    "2026年3月5日",
    "2026年03月05日",
    "2026年3月5号",  # as said aloud
    "2026 年 3 月 5 日",
    "2026. 3. 5",
    "20260305",
    "２０２６－０３－０５",
    "\u30002026-03-05\u3000",
])
def test_parse_date_accepts(text):
    assert parse_date(text) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("text", [
    "2026-02-30", "2026-13-01", "2026/2/29", "20261305", "2026年3月", "2026-03",
    "明天", "0", "1", "202603", "100000", "3/5/2026", "", "2026-03-05x",
])
def test_parse_date_rejects(text):
    assert rule_of(parse_date, text) == "date"


@pytest.mark.parametrize("text, first", [
    ("2026-03-05至2026-03-08", "2026-03-05"), ("2026-03-05-2026-03-08", "2026-03-05"),
    ("2026-03-05 - 03-08", "2026-03-05"), ("2026.3.5-3.8", "2026.3.5"), ("2026年3月5日-8日", "2026年3月5日"),
    ("2026年3月5日至3月8日", "2026年3月5日"), ("2026/3/5～2026/3/8", "2026/3/5"), ("20260305-20260308", "20260305"),
    ("2026-03-05—03-08", "2026-03-05"),
    # no range: one date, a month, no year, no second day
    ("2026-03-05", None), ("2026-03", None), ("3月5日-8日", None), ("2026-03-05至", None),
    ("2026-03-05至2026-03-08（4天）", None), ("2026-03-05至下旬", None), ("abc", None),
    # the second end no day after the first, or no day at all
    ("2026-03-25至2026-03-05", None), ("2026-03-05至2026-13-45", None), ("2026-03-05 - 3", None),
    ("2026-03-05-1", None), ("2026-03-05-99", None), ("2026-03-05-2026", None), ("2026.3.5-2026.3", None),
    ("2026-03-1-2-3", None), ("2026-03-05至2027-06-01", None),
])
def test_first_day_of_a_range(text, first):
    assert first_day_of_range(text) == first


def test_leap_day():
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_date("20240229") == dt.date(2024, 2, 29)


DATE_FORMS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    lambda d: f"{d.year}-{d.month}-{d.day}".translate(FULL_WIDTH),
)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
       st.sampled_from(DATE_FORMS))
def test_date_round_trip_text_forms(d, form):
    assert parse_date(form(d)) == d


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_date_round_trip_serials(d):
    serial = (d - EXCEL_EPOCH).days
    assert parse_date(str(serial)) == d
    assert parse_date(f"{serial}.25") == d


# --- parse_month --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2026年3月", "2026年03月", "2026 年 3 月", "2026-03", "2026-3", "2026/3", "2026/03",
    "2026.03", "202603", "2026-03-01 00:00:00", "2026-03-31 00:00:00", "2026-03-05", "2026年3月5日",
    "46082",  # a date cell's serial (2026-03-01)
    "46112",  # 2026-03-31
    "东湖街道_2026-03.xlsx", "东湖街道_2026年3月.xlsx", "东湖街道_202603.xlsx",
    "东湖街道202603月报", "２０２６－０３",
    # A range of months (a year-to-date report) is for its last month.
    "2026年1-3月", "2026年1月-3月", "2026年1月至3月", "2026年1月—2026年3月", "2026.1-2026.3",
    "2026-01至2026-03", "2026/01~2026/03",
    # In Chinese numerals, as in an official document's heading.
    "二〇二六年三月", "二零二六年三月份", "二○二六年三月", "二O二六年三月", "二〇二六年一月至三月", "二〇二六年一至三月",
    "二〇二六年一月—三月",
    # A range of days: a statistical month, or the year so far, is the month it ends in
    # (they had been read as their first month, and superseded that month's report).
    "2026年2月26日-3月25日", "2026年2月26日至2026年3月25日", "2026年1月1日-3月31日", "2026年2月26号~3月25号",
    "2026-02-26至2026-03-25", "2026.2.26-3.25", "2026/02/26-2026/03/25", "报告期：2026年2月26日—3月25日",
    # (a month written before a window of eight-digit days is the month)
    "东湖街道_2026年3月_20260401-20260403",
    # Two whole dates spanning one month exactly, joined by '_' or in eight digits: a
    # statistical or calendar month (it had been read as February, or as no month).
    "东湖街道_2026-02-26_2026-03-25", "东湖街道_20260226-20260325", "东湖街道_20260226_20260325",
    "东湖街道_2026-03-01_2026-03-31", "东湖街道_20260301至20260331", "东湖街道_2026-02-26_2026/03/25",
])
def test_parse_month_accepts(text):
    assert parse_month(text) == dt.date(2026, 3, 1)


@pytest.mark.parametrize("text", [
    "东湖街道.xlsx", "abc", "2026-13", "202613", "202600", "2026年", "", "12345678",
    "东湖街道_20260305_1.xlsx", "三月份", "二〇二六年一季度",
    # (_ is no month's separator: 2026_03_东湖街道.xlsx, 东湖街道_3月报表_2026_04_03.xlsx)
    "2026_03_东湖街道.xlsx", "东湖街道_2026_04_03", "东湖街道_20261301-20261401",
    # (eight-digit days that span no month: a day and the day it was saved)
    "东湖街道_20260331_20260403", "东湖街道_20260226-20260326",
])
def test_parse_month_none(text):
    assert parse_month(text) is None



@pytest.mark.parametrize("text", [
    # '_' joins no range: a date and the time it was saved, or a period's end and the
    # day it was sent, read as the first date's month
    "东湖街道_2026-03-31_10-15-30", "东湖街道_2026.03.31_08.45", "东湖街道_2026-03-31_2026-04-03",
    # (unless two whole dates span one month exactly: test_parse_month_accepts)
])
def test_a_date_then_another_after_an_underscore_is_the_first_dates_month(text):
    assert parse_month(text) == dt.date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2025年12月26日-1月25日", "2025年12月26日至2026年1月25日", "2025.12.26-1.25",
                                  "2025年12月-2026年1月"])
def test_a_range_ending_in_the_next_year_is_the_next_years_month(text):
    assert parse_month(text) == dt.date(2026, 1, 1)


def test_six_digit_month_is_never_a_serial():
    # As a serial, 202603 would be a day in 2454; it is March 2026.
    assert parse_month("202603") == dt.date(2026, 3, 1)
    assert parse_month("199912") == dt.date(1999, 12, 1)


MONTH_FORMS = (
    lambda y, m: f"{y}年{m}月",
    lambda y, m: f"{y}-{m:02d}",
    lambda y, m: f"{y}/{m}",
    lambda y, m: f"{y}{m:02d}",
    lambda y, m: f"{y}-{m:02d}-01 00:00:00",
    lambda y, m: f"某街道总工会_{y}-{m:02d}.xlsx",
    lambda y, m: f"某街道总工会_{y}年{m}月.xls",
)


@given(st.integers(1900, 2200), st.integers(1, 12), st.sampled_from(MONTH_FORMS))
def test_month_round_trip(year, month, form):
    assert parse_month(form(year, month)) == dt.date(year, month, 1)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_month_of_date_cell_serial(d):
    assert parse_month(str((d - EXCEL_EPOCH).days)) == d.replace(day=1)


@pytest.mark.parametrize("month, end", [
    (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    (dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    (dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
])
def test_month_end(month, end):
    assert month_end(month) == end


# --- parse_bool ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["是", "有", "Y", "y", "Ｙ", "ｙ", "YES", "Yes", "√", "1", "１",
                                  "true", "TRUE", " 是 ", "\u3000是\u3000"])
def test_parse_bool_true(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["否", "无", "N", "n", "Ｎ", "ｎ", "No", "×", "0", "０", "false",
                                  "FALSE", "\u3000否"])
def test_parse_bool_false(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["可能", "2", "是否", "yesno", "10"])
def test_parse_bool_rejects(text):
    assert rule_of(parse_bool, text) == "bool"


@given(st.sampled_from(spec.TRUE_WORDS + spec.FALSE_WORDS), st.booleans(), st.booleans())
def test_bool_any_case_any_width(word, upper, full_width):
    text = word.upper() if upper else word
    if full_width:  # ASCII -> full-width forms (U+FF01..U+FF5E)
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert parse_bool(text) is (word in spec.TRUE_WORDS)


# --- parse_credit_code --------------------------------------------------------------------

VALID = "91110108000000001A"  # code(1)


def test_known_valid_codes():
    assert code(1) == VALID
    assert is_valid_credit_code(VALID)
    # Published example codes of GB 32100-2015 structure.
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("text", [
    VALID,
    VALID.lower(),
    "9111 0108 0000 0000 1A",
    "\u3000" + VALID + "\u3000",
    " 91110108 000000001A ",
    "".join(chr(ord(c) + 0xFEE0) for c in VALID),  # full-width digits and letters
    "91110108000000001a",
])
def test_parse_credit_code_accepts(text):
    assert parse_credit_code(text) == VALID


@pytest.mark.parametrize("text", [
    "91110108000000001B",  # wrong check char
    "91110108000000001",  # 17 chars
    "91110108000000001AA",  # 19 chars
    "9111010800000000IA",  # I is not a code character
    "91110108-00000001A",
    "统一社会信用代码",
    "123",
])
def test_parse_credit_code_invalid(text):
    assert rule_of(parse_credit_code, text) == "credit_code"


def test_credit_code_through_a_float_asks_for_text_format():
    # A clerk types a digits-only code into a number cell: Excel keeps a double, and the
    # reader renders the double's exact digits; the last digits are gone.
    genuine = "911101080000012345"
    as_double = str(int(float(int(genuine))))
    assert as_double == "911101080000012288"
    assert not is_valid_credit_code(as_double)
    assert rule_of(parse_credit_code, as_double) == "credit_code_number"
    assert rule_of(parse_credit_code, as_double + ".0") == "credit_code_number"


@pytest.mark.parametrize("text", ["9.11101E+17", "9.11101080000012e+17", "9.11101E17",
                                  "9.11101080000012E+17"])
def test_credit_code_in_scientific_notation(text):
    assert rule_of(parse_credit_code, text) == "credit_code_number"


def test_credit_code_messages():
    assert "文本格式" in spec.MESSAGES["credit_code_number"]
    assert "18位" in spec.MESSAGES["credit_code"]


BODY = st.text(alphabet=CODE_CHARS, min_size=17, max_size=17)


@given(BODY)
def test_any_body_with_its_check_char_is_valid(body):
    full = body + credit_code_check_char(body)
    assert is_valid_credit_code(full)
    assert parse_credit_code(full) == full
    assert parse_credit_code(full.lower()) == full
    assert parse_credit_code(" ".join([full[:6], full[6:12], full[12:]])) == full


@given(BODY, st.sampled_from(CODE_CHARS))
def test_any_other_check_char_is_invalid(body, last):
    if last == credit_code_check_char(body):
        last = CODE_CHARS[(CODE_CHARS.index(last) + 1) % len(CODE_CHARS)]
    full = body + last
    assert not is_valid_credit_code(full)
    assert rule_of(parse_credit_code, full) in ("credit_code", "credit_code_number")


@given(st.integers(min_value=10**17, max_value=10**18 - 1))
def test_any_18_digit_number_through_a_float(n):
    """After a double, an 18-digit code is rejected asking for text format, unless its
    rounded digits happen to carry a valid check digit (about 1 in 31): the reader sees
    only text, and a digits-only code typed as text must stay accepted."""
    text = str(int(float(n)))
    try:
        assert parse_credit_code(text) == text
    except CellError as err:
        assert err.rule == "credit_code_number"


# --- enums, blanks, header and label keys --------------------------------------------------

def test_parse_enum():
    choices = ("单独建会", "联合建会", "未建会")
    assert parse_enum(" 单独 建会 ", choices) == "单独建会"
    assert parse_enum("\u3000未建会", choices) == "未建会"
    assert rule_of(parse_enum, "已建会", choices) == "enum"


@pytest.mark.parametrize("text, blank", [
    (None, True), ("", True), (" ", True), ("\u3000\n", True), ("\ufeff", True), ("0", False),
])
def test_is_blank(text, blank):
    assert is_blank(text) is blank


@given(st.text(alphabet=st.sampled_from(" \t\n\r\u3000\u00a0\ufeff\u2003a0职"), max_size=6))
def test_is_blank_is_only_spaces(text):
    # The first-character shortcut agrees with the definition: nothing but spaces.
    assert is_blank(text) is (text.replace("\ufeff", "").strip() == "")


@pytest.mark.parametrize("text, key", [
    ("职工人数", "职工人数"),
    ("职工 人数", "职工人数"),
    ("职工\n人数", "职工人数"),
    ("职工\u3000人数", "职工人数"),
    ("职工人数（人）", "职工人数"),
    ("职工人数(人)", "职工人数"),
    ("参训人次（人次）", "参训人次"),
    ("受理件数（件）", "受理件数"),
    ("涉及金额(万元)", "涉及金额"),
    ("其中：农民工人数", "农民工人数"),
    ("其中:农民工人数", "农民工人数"),
    ("其中农民工人数", "农民工人数"),
    ("其中：\n农民工人数\n（人）", "农民工人数"),
])
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize("text", ["报告期", "报告期：", "报告期:", "报 告 期：", "报告期 ："])
def test_label_key(text):
    assert label_key(text) == "报告期"


def test_a_long_number_is_shown_as_excel_shows_it_in_its_format():
    digits = "911101084318157952"
    assert as_excel_shows_number(digits) == "9.11101E+17"
    assert as_excel_shows_number(digits, "0") == "911101084318158000"
    assert as_excel_shows_number(digits, "#,##0.00") == "911,101,084,318,158,000.00"
    assert as_excel_shows_number(digits, '#,##0_);[Red]\\(#,##0\\)') == \
        "911,101,084,318,158,000"
    for shown_as_general in ("@", "0%", "0.00E+00", "yyyy-mm-dd", "General"):
        assert as_excel_shows_number(digits, shown_as_general) == "9.11101E+17"


@pytest.mark.parametrize("shown", ["9.11101E+17", "911101084318158000", "911,101,084,318,158,000",
                                   "911101084318158000.00"])
def test_a_code_as_a_number_cell_shows_it_asks_for_text(shown):
    # As a CSV saved from Excel writes a number cell (General, 0 or #,##0 formats).
    with pytest.raises(CellError) as error:
        parse_credit_code(shown)
    assert error.value.rule == "credit_code_number"


# --- commas and invisible characters (a clerk's acceptance run, 2026-11-22) ---------------

@pytest.mark.parametrize("parser, text", [
    (parse_int, "1,0"), (parse_int, "3,0"), (parse_int, "12,345,6"), (parse_int, "1,23"),
    (parse_int, ",123"), (parse_number, "2,5"), (parse_number, "1,5万元"), (parse_number, "1.234,5"),
])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(parser, text):
    # '2,5' is a decimal comma or a slip: read as 25 it would be ten times too large.
    assert rule_of(parser, text) == "number_grouping"


@pytest.mark.parametrize("text, expected", [("1,234.5", 1234.5), ("12,345万元", 12345.0),
                                            ("１，２３４．５", 1234.5), ("-0", 0.0)])
def test_thousands_separators_in_decimals(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e",
                                       "\u202c", "\u00ad"])
def test_invisible_characters_pasted_with_a_value_are_dropped(invisible):
    assert parse_credit_code(VALID + invisible) == VALID
    assert parse_credit_code(VALID[:9] + invisible + VALID[9:]) == VALID
    assert parse_int(invisible + "12") == 12
    assert is_blank(invisible)


@pytest.mark.parametrize("number_format, shown", [
    ("000", "007"), ('"HT-"000', "HT-007"), ('000"号"', "007号"), ("\\N000", "N007"),
    ("[Red]000", "007"), ("0", None), ("General", None), ("#,##0", None), ("0.00", None), ("", None),
])
def test_a_format_of_zeros_shows_its_leading_zeros_and_text(number_format, shown):
    assert zero_padded("7", number_format) == shown


@pytest.mark.parametrize("text, value", [
    ("在营", "在营"), ("存续（在营、开业、在册）", "在营"), ("在营（开业）", "在营"), ("存续", "在营"),
    ("吊销，未注销", "吊销"), ("已注销", "注销"), (" 迁出 ", "迁出"),
])
def test_registry_status_in_the_national_systems_words(text, value):
    column = spec.REGISTRY_SHEET.column("status")
    assert parse_enum(text, column.enum, column.enum_aliases) == value


def test_an_enum_value_with_a_remark_in_brackets():
    assert parse_enum("单独建会（已挂牌）", ("单独建会", "联合建会", "未建会")) == "单独建会"
    assert rule_of(parse_enum, "（单独建会）", ("单独建会",)) == "enum"


# --- submitter_key ------------------------------------------------------------------------

@pytest.mark.parametrize("written, key", [
    ("东湖街道总工会", "东湖街道"),
    ("东湖街道 总工会", "东湖街道"),
    ("东湖街道", "东湖街道"),
    ("东湖街道工会", "东湖街道"),
    ("甲公司工会委员会", "甲公司"),
    ("西城街道总工会（章）", "西城街道"),
    ("西城街道总工会(盖章)", "西城街道"),
    # Other bodies than the street's federation: never one submitter with it.
    ("西城街道工会联合会", "西城街道工会联合会"),
    ("白鹭街道联合工会", "白鹭街道联合"),
    ("总工会", "总工会"),
    ("工会大厦物业公司", "工会大厦物业公司"),
    ("第１中学 工会（章）", "第1中学"),  # as dbt's unit test stg_files_submitter_key
])
def test_a_submitter_is_compared_without_its_unions_name(written, key):
    assert submitter_key(written) == key


def test_dbt_compares_submitters_by_the_same_union_names():
    import yaml
    from orchestration.home import DBT_PROJECT_DIR

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert tuple(project["vars"]["submitter_suffixes"]) == spec.SUBMITTER_SUFFIXES
    assert tuple(project["vars"]["street_words_after"]) == spec.STREET_WORDS_AFTER
    assert tuple(project["vars"]["street_kinds"]) == spec.STREET_KINDS
    assert tuple(project["vars"]["district_words"]) == spec.DISTRICT_WORDS


@pytest.mark.parametrize("written, read", [
    ("盛百检测\n技术（江州）有限公司", "盛百检测技术（江州）有限公司"),  # Alt+Enter in a long name
    ("ABC\nTrading Co", "ABC Trading Co"),
    (" 甲公司 \r\n 分公司 ", "甲公司分公司"),
    ("乙公司", "乙公司"),
])
def test_a_line_break_typed_in_a_text_cell_is_not_read(written, read):
    assert text_as_read(written) == read


@pytest.mark.parametrize("written, read", [
    ("GH2026\n001", "GH2026001"), (" HT-\r\n 7 ", "HT-7"), ("QY-1", "QY-1")])
def test_a_line_break_typed_in_a_code_is_a_wrap(written, read):
    assert code_as_read(written) == read


@pytest.mark.parametrize("digits, number_format, shown", [
    ("35000", '0!.0000"万"', "3.5万"), ("35000", '0\\.0000"万"', "3.5万"),
    ("35000", '0"."0000"万"', "3.5万"), ("35000", '#,##0"元"', "35000元"),
    ("3.5", '0.00"万元"', "3.5万元"), ("35000", '0.0,"千元"', "35千元"),
    ("1200", '[Red]#,##0"元";-#,##0"元"', "1200元"), ("35000", "#,##0.00", None),
    ("12", '0"人"', None), ("35000", "General", None),
])
def test_an_amount_as_its_number_format_shows_it(digits, number_format, shown):
    assert money_as_shown(digits, number_format) == shown


@pytest.mark.parametrize("written, amount", [
    ("3.5万", 3.5), ("0.3 万", 0.3), ("３．５万", 3.5), ("3.5万元", 3.5), ("1200元", 0.12), ("5", 5.0)])
def test_an_amount_written_with_the_short_unit(written, amount):
    assert parse_money(written) == amount


def test_a_count_is_never_read_in_the_short_money_unit():
    with pytest.raises(CellError):
        parse_int("3万")


@pytest.mark.parametrize("remark, other", [
    ("（不含上月补录）", False), ("（除上月外）", False), ("（含上年结转）", False), ("（含本年累计）", False),
    ("（累计，剔除上月重复）", False), ("（上月）", True), ("（上月26日-本月25日）", False), ("（当前月）", False)])
def test_a_period_left_out_or_included_is_the_months_own(remark, other):
    """不含/不包括/除 a period (剔除上月重复 too), or 含/包括 one, qualify the month's
    figure; so does a statistical month from the last month's day; 当前月 is this month."""
    assert names_other_period(remark, True) is other


@pytest.mark.parametrize(("digits", "number_format", "shown"), [
    ("2.01", "0", "2"), ("2.5", "#,##0", "3"), ("0.4", "0", "0"), ("4.5", "[Red]0", "5"),
    ("2.5", '0"件"', "3"),
    # decimals shown, General, scaled, chosen by a condition, or negative: as it is
    ("2.5", "0.0", None), ("2.5", "General", None), ("2.5", "", None), ("1500.5", "#,##0,", None),
    ("2.5", "[>=3]0;0.0", None), ("-0.4", "0", None), ("3.5", "0%", None),
])
def test_count_as_shown(digits, number_format, shown):
    assert count_as_shown(digits, number_format) == shown
