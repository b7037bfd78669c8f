"""Cell normalizers: turn what a clerk typed into the value a person would read.

Each parser takes the cell as text (the reader renders every cell as text) and returns
the typed value, or raises CellError with the rule code of template_spec.MESSAGES.
Empty cells never reach them: emptiness is the caller's business (is_blank).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
import unicodedata

from ingestion import template_spec as spec


class CellError(ValueError):
    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


# Spaces, and the invisible characters text pasted from a web page, a PDF or a chat
# carries (zero-width space and joiners, direction marks and embeddings, word joiner,
# soft hyphen, BOM): a clerk cannot see them to remove them.
_INVISIBLE = "".join(map(chr, (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                               *range(0x2066, 0x206A), 0x00AD, 0xFEFF)))
_SPACES = re.compile(r"[\s\u3000\u00a0" + _INVISIBLE + "]+")
_INVISIBLE_RUN = re.compile("[" + _INVISIBLE + "]+")


def without_invisible(text: str) -> str:
    """The text with its invisible characters removed (its spaces kept)."""
    return _INVISIBLE_RUN.sub("", text)


def fold(text: str) -> str:
    """Full-width to half-width (NFKC) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(value: str | None) -> bool:
    if value is None:
        return True
    if value and not value[0].isspace() and value[0] not in _INVISIBLE:
        return False  # the common case, decided by the first character
    return _SPACES.sub("", value) == ""


TRIM_CHARS = " \t\r\n\u3000\u00a0" + _INVISIBLE  # what clean_text strips


def clean_text(value: str) -> str:
    """Text as a person reads it: surrounding (full-width) spaces removed, inside kept."""
    return value.strip(TRIM_CHARS)


def placeholder(value: str) -> str | None:
    """The placeholder a cell holds for "nothing to fill in" ('—', '/', '无':
    template_spec.EMPTY_PLACEHOLDERS), or None."""
    text = value.strip(TRIM_CHARS)
    return text if text in spec.EMPTY_PLACEHOLDERS else None


_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")


def text_as_read(value: str) -> str:
    """A text cell as a person reads it: clean_text, and a line break typed inside it
    (Alt+Enter to wrap a long name) gone, or a space between two Latin words."""
    text = clean_text(value)
    if "\n" not in text and "\r" not in text:
        return text
    return _LINE_BREAK.sub(lambda m: " " if _latin_around(text, m) else "", text)


def code_as_read(value: str) -> str:
    """A code as typed (合同编号): clean_text with any line break inside removed."""
    return _LINE_BREAK.sub("", clean_text(value))


def _latin_around(text: str, match: re.Match) -> bool:
    before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()


def compact(value: str) -> str:
    """Folded with every space removed: for comparing names and labels."""
    return _SPACES.sub("", fold(value))


_SUBMITTER_SUFFIX = re.compile("(?:" + "|".join(spec.SUBMITTER_SUFFIXES) + ")$")


def submitter_key(value: str) -> str:
    """A 填报单位 as compared: compacted, without a remark in brackets (西城街道总工会（章）)
    and its union's name (template_spec SUBMITTER_SUFFIXES); a name that is only a
    remark or a suffix stays."""
    compacted = compact(value)
    key = without_trailing_remark(compacted) or compacted
    return _SUBMITTER_SUFFIX.sub("", key) or key


def one_of(words) -> str:
    """A regular expression's alternation of the words, the longest first (人次 before
    人, 万元 before 元), for a group: '(' + one_of(units) + ')'."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


# A cell starting with a "name：" of its own: a label with its value ('填表日期：2026-04-03',
# '单位：人', '审核人：李四'), not a value.
LABEL_PREFIX = re.compile(r"\s*[^\s:：]{1,10}\s*[:：]")


# --- numbers ----------------------------------------------------------------------------
_COUNT_SUFFIX = re.compile("(" + one_of(spec.COUNT_UNITS) + ")$")
_MONEY_SUFFIX = re.compile("(" + one_of(spec.MONEY_UNITS) + ")$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# Thousands separators where they belong: '1,234', '12,345.6'. A comma anywhere else
# ('2,5', a decimal comma or a slip of the finger) leaves the text unreadable as a number
# rather than read ten times too large.
_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")


# Digits with a space between them: '1 234' (groups of three, as some locales write
# thousands) is one number; '3 5' or '10 20' is two figures, or a slip, never 35.
_SPACE_BETWEEN_DIGITS = re.compile(r"\d[\s\u3000\u00a0]+\d")
_SPACE_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d])")


def without_spaced_groups(value: str) -> str:
    """The text folded, its digits grouped by spaces ('1 234') joined; a space between
    digits otherwise ('3 5') is refused (number_grouping)."""
    folded = fold(value)
    if _SPACE_BETWEEN_DIGITS.search(folded):
        folded = _SPACE_GROUPED.sub(lambda m: m.group().replace(" ", "").replace("\u00a0", ""),
                                    folded.strip())
        if _SPACE_BETWEEN_DIGITS.search(folded):
            raise CellError("number_grouping")
    return folded


def _number_text(value: str, suffix: re.Pattern[str] | None = None) -> str:
    text = _SPACES.sub("", without_spaced_groups(value))  # NFKC makes '，' a ','
    if "," in text:
        text = _GROUPED.sub(lambda m: m.group().replace(",", ""), text)
        if "," in text:
            raise CellError("number_grouping")
    return suffix.sub("", text) if suffix else text


# Whole numbers are stored as BIGINT: anything larger cannot be a count a person meant.
_INT_MAX = 2**63 - 1


def parse_int(value: str) -> int:
    """Whole number >= 0: '1,234', '１２３', '12人', '12.0'."""
    text = _number_text(value, _COUNT_SUFFIX)
    if text.isdigit() and len(text) <= 18:  # the common case, kept fast
        return int(text)
    if not _DECIMAL.match(text):
        raise CellError("int")
    number = decimal.Decimal(text)  # exact: '123456789012345678.0' keeps every digit
    if number != number.to_integral_value():
        raise CellError("int")
    if number < 0:
        raise CellError("int_negative")
    if number > _INT_MAX:
        raise CellError("int")
    return int(number)


def parse_number(value: str) -> float:
    """Decimal >= 0: '3.5', '1,234.5'; with a money unit, in 万元: '3.5万元' is 3.5,
    '1200元' is 0.12."""
    text = _number_text(value)
    money = _MONEY_SUFFIX.search(text)
    if money:
        text = text[:money.start()]
    text = _COUNT_SUFFIX.sub("", text)
    if not _DECIMAL.match(text):
        raise CellError("number")
    number = float(text)
    if money:
        number /= spec.MONEY_UNIT_DIVISORS[money.group(1)]
    if not math.isfinite(number):
        raise CellError("number")
    if number < 0:
        raise CellError("number_negative")
    return number


# A currency sign before an amount ('￥25,000.00', '¥3.50', 'RMB 3000') says money, not
# which unit: the amount is in the column's unit (or its own: '¥3.5万元'), as a number
# cell formatted as currency (￥3.50 under 帮扶金额（万元）) is read.
_CURRENCY = re.compile(r"^(?:[¥￥]|RMB|CNY|人民币)")


def parse_money(value: str) -> float:
    """An amount in 万元, as parse_number reads it; '3.5万', the everyday short form of
    3.5万元, too (only in a money column: '3万' is no count of people); a currency sign
    before it is passed over."""
    text = _SPACES.sub("", without_spaced_groups(value))
    if (sign := _CURRENCY.match(text.upper())) is not None:
        text = text[sign.end():]
    for short, unit in spec.MONEY_CELL_UNITS.items():
        if text.endswith(short) and not text.endswith(spec.MONEY_UNITS):
            return parse_number(text[:-len(short)] + unit)
    return parse_number(text)


# --- dates ------------------------------------------------------------------------------
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Serial numbers a person could mean as a date: 1950-01-01 .. 2099-12-31.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050


def excel_serial_to_date(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


# A workbook counting from 1904 (a Mac workbook's old default) dates a serial this much
# later than one counting from 1900.
_DAYS_FROM_1900_TO_1904 = dt.timedelta(days=1462)


def serial_as_date(text: str, from_1904: bool = False) -> dt.date | None:
    """The date a serial a person could mean as a date stands for, counted from 1900 or
    from 1904; None when the text is no such serial."""
    text = text.strip()
    if not _DECIMAL.match(text) or not _SERIAL_MIN <= float(text) <= _SERIAL_MAX:
        return None
    date = excel_serial_to_date(float(text))
    return date + _DAYS_FROM_1900_TO_1904 if from_1904 else date


def parse_date(value: str) -> dt.date:
    """Excel date cells (rendered 'YYYY-MM-DD hh:mm:ss'), serials and the text forms."""
    text = _SPACES.sub(" ", fold(value)).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups()[:3])
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise CellError("date") from None
    if (date := serial_as_date(text)) is not None:
        return date
    raise CellError("date")


# Two dates as a range of days: the first whole, the second whole, or its month and day,
# or its day ('3.8', '03-08', '3月8日', '8日').
_DAYS_SEPARATOR = re.compile(r"\s*(?:至|到|~|～|—|–|--|-)\s*")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_DAY_ONLY = re.compile(r"(\d{1,2})\s*[日号]?")


def first_day_of_range(value: str) -> str | None:
    """The first date of a range of days as written ('2026-03-05至2026-03-08': '2026-03-05';
    '2026年3月5日-8日': '2026年3月5日'), or None when the text is no range: both ends must
    be days, the second not before the first nor over a year after it. (A '-' also
    separates a date's own parts: the first whole date before one is the range's.)"""
    text = fold(value).strip()
    for separator in _DAYS_SEPARATOR.finditer(text):
        first = text[:separator.start()]
        try:
            start = parse_date(first)
        except CellError:
            continue
        end = _range_end(text[separator.end():], start)
        if end is not None and start <= end <= start + dt.timedelta(days=366):
            return first
    return None


def _range_end(text: str, start: dt.date) -> dt.date | None:
    """A range's second day, its year (and month) those of the first when not written."""
    try:
        return parse_date(text)
    except CellError:
        pass
    try:
        if found := _MONTH_DAY.fullmatch(text):
            return dt.date(start.year, int(found.group(1)), int(found.group(2)))
        if found := _DAY_ONLY.fullmatch(text):
            return dt.date(start.year, start.month, int(found.group(1)))
    except ValueError:
        return None
    return None


# --- report month -----------------------------------------------------------------------
_MONTH_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?![\d])"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(?!\d)"),
)


# A range of months ('2026年1月-3月', '2026年1-3月', '2026.1-2026.3', '2026-01至2026-03')
# or of days ('2026年2月26日-3月25日', a statistical month; '2026-01-01至2026-03-31'): a
# year-to-date report is for its last month, a statistical month for the month it ends
# in. Groups: start year, start month, end year (if written), end month; an end month
# before the start month without its year is the next year's ('2025年12月26日-1月25日').
_RANGE = r"\s*(?:-|—|–|~|～|至|到)\s*"
_DAY = r"\s*\d{1,2}\s*[日号]?"
_MONTH_RANGES = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月" + _DAY + _RANGE
               + r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月" + _DAY),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.]\d{1,2}" + _RANGE
               + r"(?:(\d{4})[-/.])?(\d{1,2})[-/.]\d{1,2}(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月?" + _RANGE + r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})" + _RANGE + r"(\d{4})?[-/.](\d{1,2})(?!\d)"),
)


# Two whole dates joined otherwise ('2026-02-26_2026-03-25') or written as eight digits
# ('20260226-20260325'): a statistical or calendar month only when the days span one
# month exactly (a date and the day the file was saved, '2026-03-31_2026-04-03', are no
# range); the month it ends in.
def _whole_date(separator_group: int) -> str:
    """A date's pattern, its separator the same twice (group separator_group)."""
    return rf"(\d{{4}})(?:([-/.])(\d{{1,2}})\{separator_group}(\d{{1,2}})|(\d{{2}})(\d{{2}}))"


_DAYS_JOINED = re.compile(r"(?<!\d)" + _whole_date(2) + r"\s*(?:_|-|—|–|~|～|至|到)\s*" + _whole_date(8)
                          + r"(?!\d)")


def _month_of_days_joined(text: str) -> dt.date | None:
    for found in _DAYS_JOINED.finditer(text):
        g = found.groups()
        try:
            start = dt.date(int(g[0]), int(g[2] or g[4]), int(g[3] or g[5]))
            end = dt.date(int(g[6]), int(g[8] or g[10]), int(g[9] or g[11]))
        except ValueError:
            continue
        next_month = month_end(start) + dt.timedelta(days=1)
        if (start.day == 1 and end == month_end(start)) or (
                start.day > 1 and (end.year, end.month) == (next_month.year, next_month.month)
                and end.day == start.day - 1):
            return end.replace(day=1)
    return None


_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_CHINESE_MONTHS = {name: str(i) for i, name in enumerate(
    ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1)}
_CHINESE_YEAR = re.compile("([〇零○O一二三四五六七八九]{4})年")  # (O: a letter typed for 〇)
# A month in Chinese numerals: after 年 or a range's separator, before 月 or a separator
# ('二〇二六年一月至三月', '二〇二六年一至三月').
_CHINESE_MONTH = re.compile("(?<=[年至到~～—–-])(十[一二]?|[一二三四五六七八九])(?=[月至到~～—–-])")


def _with_arabic_numerals(text: str) -> str:
    """'二〇二六年三月' → '2026年3月' (a year and month written in Chinese numerals)."""
    if "年" not in text:
        return text
    text = _CHINESE_YEAR.sub(lambda m: "".join(_CHINESE_DIGITS[c] for c in m.group(1)) + "年", text)
    return _CHINESE_MONTH.sub(lambda m: _CHINESE_MONTHS[m.group(1)], text)


def parse_month(value: str) -> dt.date | None:
    """First day of the month a label or file name states, or None.

    '2026年3月', '2026-03', '2026/3', '202603' (a six-digit number is YYYYMM, never an
    Excel serial), a date cell '2026-03-01 00:00:00' or a five-digit Excel serial; of a
    range of months ('2026年1-3月'), the last; of a range of days ('2026年2月26日-3月25日'),
    the month it ends in.
    """
    text = _with_arabic_numerals(fold(value))
    for pattern in _MONTH_RANGES:
        match = pattern.search(text)
        if match:
            start_year, start_month, end_year, end_month = match.groups()
            month = int(end_month)
            year = int(end_year) if end_year else int(start_year) + (month < int(start_month))
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return dt.date(year, month, 1)
    if (joined := _month_of_days_joined(text)) is not None:
        return joined
    for pattern in _MONTH_PATTERNS:
        match = pattern.search(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return dt.date(year, month, 1)
    if re.fullmatch(r"\d{5}(\.\d+)?", text) and (date := serial_as_date(text)) is not None:
        return date.replace(day=1)
    return None


def month_end(month_start: dt.date) -> dt.date:
    following = (month_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# --- booleans ---------------------------------------------------------------------------
_TRUE = {w.lower() for w in spec.TRUE_WORDS}
_FALSE = {w.lower() for w in spec.FALSE_WORDS}


def parse_bool(value: str) -> bool:
    """A yes or no, as written or with a remark in brackets after it ('是（已建立）')."""
    text = compact(value).lower()
    for read in (text, without_trailing_remark(text)):
        if read in _TRUE:
            return True
        if read in _FALSE:
            return False
    raise CellError("bool")


# --- credit codes (GB 32100-2015) -------------------------------------------------------
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_VALUE = {c: i for i, c in enumerate(CODE_CHARS)}
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(_CODE_VALUE[c] * w for c, w in zip(first17, CODE_WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in _CODE_VALUE for c in code)
        and credit_code_check_char(code[:17]) == code[17]
    )


# A long whole number typed into a number cell is kept as a double: from 2^53 on, its
# last digits are gone, and the reader's text of it has 16 to 19 digits.
NUMBER_DIGITS = (16, 19)
LOST_DIGITS_FROM = 2**53
_EVEN_DIGITS = frozenset("02468")


def is_digits_of_a_double(text: str | None) -> bool:
    """Whether text could be a long number's double written digit by digit (what a
    number cell gives for a code typed into it); text codes are such by chance, rarely."""
    # From 2^53 on every double is even: an odd last digit (or a letter) ends it cheaply.
    if text is None or text[-1:] not in _EVEN_DIGITS \
            or not NUMBER_DIGITS[0] <= len(text) <= NUMBER_DIGITS[1] \
            or not text.isascii() or not text.isdigit():
        return False
    digits = int(text)
    return digits >= LOST_DIGITS_FROM and float(digits) == digits


def _looks_like_number_cell(text: str) -> bool:
    """An 18-digit code typed into a number cell comes back as the double's digits, in
    scientific notation (General), or as its 15 kept digits then zeros (a cell formatted
    0 or #,##0, and a CSV saved from one); either way its last digits are gone."""
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
        return True
    digits = re.sub(r"\.0+$", "", text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
        digits = digits.replace(",", "")
    return is_digits_of_a_double(digits) or (
        NUMBER_DIGITS[0] <= len(digits) <= NUMBER_DIGITS[1] and digits.isdigit()
        and not digits[15:].strip("0"))


def shows_decimals(number_format: str) -> int | None:
    """How many decimals a plain number format always shows, its zeros (0.00: 2; 0.0#:
    1, a # shows only a digit that is not a trailing zero); None for General and any
    other format."""
    plain = _plain_number_format(number_format)
    return None if plain is None or not number_format else (plain.group(2) or "").count("0")


def _plain_number_format(number_format: str) -> re.Match | None:
    """A format's positive section read as a plain number format (its digits, then its
    decimals: group 2); None for General and any other format."""
    return _PLAIN_NUMBER_FORMAT.fullmatch(_FORMAT_DECORATION.sub("", number_format.split(";")[0]))


def as_excel_shows_number(digits: str, number_format: str = "") -> str:
    """How Excel shows a long whole number: in a General cell 9.13301E+17; in a cell
    formatted as a plain number (0, #,##0, 0.00, 0_ ...) its 15 kept digits, then zeros:
    913301084318158000. Other formats (%, scientific, dates) are shown as General."""
    plain = _plain_number_format(number_format)
    if plain is None:
        mantissa, exponent = f"{float(digits):.5E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    kept = decimal.Decimal(f"{float(digits):.14E}")  # Excel keeps 15 significant digits
    grouping = "," if "," in plain.group(1) else ""
    return f"{kept:{grouping}.{len(plain.group(2) or '')}f}"


def count_as_shown(digits: str, number_format: str) -> str | None:
    """A number with a fraction in a format showing none (0, #,##0) as Excel shows it,
    rounded half away from zero: a formula's 2.01 shows 2, and a person reads 2; None in
    any other format (12.5 in General stays 12.5, no count)."""
    plain = _plain_number_format(number_format)
    if plain is None or plain.group(2) or _SCALING_COMMAS.search(plain.group(1)) \
            or _CONDITION.search(number_format):
        return None  # (decimals shown, digits scaled, or a section chosen by a condition)
    try:
        value = decimal.Decimal(digits)
    except decimal.InvalidOperation:
        return None
    if value < 0:
        return None  # (no count: refused as it is)
    return str(value.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


# A format of zeros between literal texts: "HT-"000, 000"号", \No000.
_LITERAL = r'(?:"[^"]*"|\\.)*'
_ZEROS_FORMAT = re.compile(f"({_LITERAL})(0+)({_LITERAL})")
_LITERAL_PART = re.compile(r'"([^"]*)"|\\(.)')


def zero_padded(digits: str, number_format: str) -> str | None:
    """A whole number as a format of zeros shows it, with the format's literal text
    (1 in 000 shows 001, in "HT-"000 HT-001); None for any other format, or when the
    format changes nothing."""
    section = re.sub(r"\[[^\]]*\]|_.", "", number_format.split(";")[0])  # colours, spacing
    found = _ZEROS_FORMAT.fullmatch(section)
    if found is None:
        return None
    prefix, zeros, suffix = (_LITERAL_PART.sub(lambda m: m.group(1) or m.group(2) or "", part)
                             for part in found.groups())
    shown = prefix + digits.zfill(len(zeros)) + suffix
    return shown if shown != digits else None


# A money format's literal unit ('#,##0"元"', '0.00\\万元', '0!.0000"万"'), in the first
# section; colours, conditions and spacing aside.
_FORMAT_NOISE = re.compile(r"\[[^\]]*\]|_.|\*.")
_FORMAT_UNIT = re.compile(r'"\s*(' + one_of((*spec.MONEY_UNITS, *spec.MONEY_CELL_UNITS))
                          + r')\s*"|\\(' + one_of((*spec.MONEY_UNITS, *spec.MONEY_CELL_UNITS)) + ")")
# A point written as text before the last digits ('0!.0000', '0"."0000', '0\\.0000'): the
# digits show divided by 10 for each placeholder after it, as a money format in 万 shows
# 35000 (元) as 3.5000万.
_TEXT_POINT = re.compile(r'^[#0,]*0(?:!\.|"\."|\\\.)([0#]+)')


# A format's literal text: quoted, or one character after \\ or !.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|!.')


def _first_section(number_format: str) -> str:
    """The format of positive numbers, without colours, conditions and spacing."""
    return _FORMAT_NOISE.sub("", number_format.split(";")[0])


def format_money_unit(number_format: str) -> str | None:
    """The money unit a number format shows after the digits ('#,##0"元"': 元), or None."""
    found = _FORMAT_UNIT.search(_first_section(number_format))
    return (found.group(1) or found.group(2)) if found else None


def format_shows_money_otherwise(number_format: str) -> bool:
    """Whether a number format shows a money unit ('#,##0"元"') or the digits scaled
    ('0!.0000' shows 35000 as 3.5000, '#,##0.0,' 12000 as 12.0)."""
    return format_money_unit(number_format) is not None or _scales(_first_section(number_format))


def _scales(section: str) -> bool:
    """Whether a format's section shows the digits scaled and says nothing else: a text
    point ('0!.0000') or trailing commas ('#,##0.0,'), no other text ('#,##0,"千"': a
    unit not known, so not read as shown)."""
    text_point = _TEXT_POINT.match(section)
    after = section[text_point.end():] if text_point else section
    return (bool(text_point) or bool(_SCALING_COMMAS.search(after))) \
        and not _FORMAT_LITERALS.search(after)


# A comma after the last placeholder divides by 1000 ('0.0,"千元"', '#,##0.0,').
_SCALING_COMMAS = re.compile(r"[0#](,+)(?![0#])")
# A format with conditions ('[>=10000]0!.0000;0.00'): which section shows a value depends
# on it, so no value is read as such a format shows it.
_CONDITION = re.compile(r"\[[<>=]")


def money_as_shown(digits: str, number_format: str) -> str | None:
    """A number cell of a money column as its format shows it, with the format's unit:
    35000 in '#,##0"元"' is '35000元', in '0!.0000"万"' '3.5万'; in a format scaling the
    digits without a unit, '0!.0000', '3.5' (in the column's unit, as shown); None for a
    format showing neither (or one this cannot show: a real point and a text one)."""
    unit = format_money_unit(number_format)
    section = _first_section(number_format)
    if (unit is None and not _scales(section)) or _CONDITION.search(number_format):
        return None
    try:
        value = decimal.Decimal(digits)
    except decimal.InvalidOperation:
        return None
    digits_part = _FORMAT_LITERALS.sub("", section)  # the placeholders, points and commas
    text_point = _TEXT_POINT.match(section)
    if text_point:
        if "." in digits_part:
            return None
        value = value.scaleb(-len(text_point.group(1)))
    scaling = _SCALING_COMMAS.search(digits_part)
    if scaling:
        value = value.scaleb(-3 * len(scaling.group(1)))
    shown = format(value.normalize(), "f")
    return f"{shown}{unit or ''}"


# A number format's parts that do not change how the digits show: colours and
# conditions ([Red]), spacing (_x), literal text ("元", \元) and brackets.
_FORMAT_DECORATION = re.compile(r'\[[^\]]*\]|_.|\\.|"[^"]*"|[()\s]')
_PLAIN_NUMBER_FORMAT = re.compile(r"([#0,]*0[#0,]*|[#,]+)(?:\.([0#]+))?")


def _credit_code_text(value: str) -> str:
    # (A leading apostrophe is Excel's mark for "keep as text", written into a CSV by
    # some exports: '91110108… is the code.)
    return _SPACES.sub("", fold(value)).upper().lstrip("'")


def reads_as_credit_code(value: str) -> bool:
    return is_valid_credit_code(_credit_code_text(value))


def parse_credit_code(value: str) -> str:
    text = _credit_code_text(value)
    if is_valid_credit_code(text):
        return text
    if _looks_like_number_cell(text):
        raise CellError("credit_code_number")
    raise CellError("credit_code")


def parse_enum(value: str, choices: tuple[str, ...],
               aliases: tuple[tuple[str, str], ...] = ()) -> str:
    """One of the choices, as written or by an alias; a trailing remark in brackets
    aside ('在营（开业）' is 在营)."""
    text = compact(value).replace("其它", "其他")  # (its old spelling, still typed)
    known = {compact(choice): choice for choice in choices} | {
        compact(spelling): choice for spelling, choice in aliases}
    found = known.get(text) or known.get(without_trailing_remark(text))
    if found is None:
        raise CellError("enum")
    return found


# --- header names -----------------------------------------------------------------------
_LEADING_QIZHONG = re.compile(r"^其中[:：]?")
_TRAILING_UNIT = re.compile(r"[(（][^()（）]*[)）]$")
# A form's marks before a label or a header: a required-field star, an item number
# ('1.', '2、', '（二）', '三、').
LIST_MARKER = (r"\s*(?:[*＊※★☆]|\d{1,2}\s*[.、．)）]|[一二三四五六七八九十]{1,3}\s*、"
               r"|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）])\s*")
_LEADING_MARKS = re.compile(f"^(?:{LIST_MARKER})+")
_TRAILING_MARKS = re.compile(r"[*＊※★☆]+$")
# A unit after a slash, '职工人数/人', '帮扶金额/元': only a known one (not 元/人).
_SLASH_UNIT = re.compile(r"[/／](" + "|".join(sorted(
    (*spec.COUNT_UNITS, *spec.MONEY_UNITS, *spec.MONEY_UNIT_ALIASES), key=len, reverse=True)) + ")$")


def without_trailing_remark(text: str) -> str:
    """The text without a remark in brackets at its end: '在营（开业）' → '在营',
    '东湖社区小计（3家）' → '东湖社区小计'."""
    return _TRAILING_UNIT.sub("", text)


_HEADER_UNIT = re.compile(r"[(（](?:单位[:：])?([^()（）:：]*)[)）]$")


@functools.lru_cache(maxsize=1024)
def header_unit(text: str) -> str | None:
    """The known unit in a header's trailing brackets: '帮扶金额（元）', '帮扶金额(单位：元)'
    and '帮扶金额（人民币元）' give '元'; a remark is no unit ('（元）（含物资折款）' is 元,
    '（万元）（含500元以下慰问品）' 万元); None without one (names_money_otherwise)."""
    key = _TRAILING_MARKS.sub("", compact(text))
    brackets = []  # the last first: '（万元）（人民币）'
    while found := _HEADER_UNIT.search(key):
        brackets.append(found.group(1))
        key = key[:found.start()]
    units = [unit for bracket in brackets if (unit := _known_unit_in(bracket))]
    if not brackets and (found := _SLASH_UNIT.search(key)):
        units.append(found.group(1))
    if not units:
        return None
    unit = next((u for u in units if u not in spec.CURRENCY_WORDS), units[0])
    return spec.MONEY_UNIT_ALIASES.get(unit, unit)


def names_money_otherwise(header: str) -> bool:
    """Whether a header's brackets speak of 元 without a known unit ('（元/人）', '（美元）',
    '（以元为单位）'): its money unit is not read, so the load report asks to check."""
    return any("元" in bracket for bracket in _BRACKETED.findall(compact(header)))


_CURRENCY_IN_UNIT = re.compile(one_of(spec.CURRENCY_WORDS))
_UNIT_PARTS = re.compile(r"[,，、;；]")
_KNOWN_UNITS = frozenset((*spec.MONEY_UNIT_ALIASES, *spec.MONEY_UNIT_DIVISORS, *spec.COUNT_UNITS, "%"))


def _known_unit_in(text: str) -> str | None:
    """The known unit a bracket names ('元', '万元人民币', '人', '%'; '¥万元' and '元，含物资'
    name 万元 and 元), or None ('本月', '含物资折款', '元/人')."""
    if text in _KNOWN_UNITS:
        return text
    for part in _UNIT_PARTS.split(text):
        bare = _CURRENCY_IN_UNIT.sub("", part) or part
        if bare in _KNOWN_UNITS:
            return bare
    return None


@functools.lru_cache(maxsize=8192)  # header and label texts repeat from file to file
def header_key(text: str) -> str:
    """Header text as compared: no spaces or line breaks, no form's marks ('*', '1.',
    '（二）', a trailing '*'), no leading 其中, no trailing unit ('（人）', '/人')."""
    compacted = compact(text)
    key = _LEADING_MARKS.sub("", compacted) or compacted
    key = _LEADING_QIZHONG.sub("", key)
    key = _TRAILING_MARKS.sub("", key)
    while remark := _TRAILING_UNIT.search(key):  # every one: '（本月）（张）'
        key = key[:remark.start()]
    key = _SLASH_UNIT.sub("", key)
    return _TRAILING_MARKS.sub("", key)  # (a star before the unit: 职工人数*（人）)


# Months from one to another: '1-3月', '1月至3月', '一至三月' (a quarter's or the year's
# so far).
MONTH_RANGE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月?\s*[-~～至到—]\s*"
                         r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月")
_QUARTER = re.compile(r"第?[一二三四1-4本上]?季度")  # '一季度', '第1季度', '上季度'
_PAST_PERIOD = re.compile(one_of(spec.PAST_PERIOD_WORDS))
_YEAR_SO_FAR = re.compile("|".join((one_of(spec.YEAR_SO_FAR_WORDS), MONTH_RANGE.pattern)))
_STOCK_CHANGE = re.compile(one_of(spec.STOCK_CHANGE_WORDS))
# What a figure leaves out ('不含上月补录', '除上月外'): the figure is the month's own.
_EXCLUDING = re.compile("不含|不包括|除")  # (剔除上月重复 too: the month's own)
# A statistical month from a day of the last to a day of this ('上月26日-本月25日'): the
# month's own.
_STATISTICAL_MONTH = re.compile(r"上月\s*\d{1,2}\s*[日号]?\s*[-~～至到—]+\s*本月\s*\d{1,2}\s*[日号]?")
# A period named as what a figure includes ('含上年结转', '包括1-2月补录'): the month's own.
_INCLUDED_PERIOD = re.compile(r"(?:含|包括)了?(?:" + one_of((*spec.PAST_PERIOD_WORDS, *spec.YEAR_SO_FAR_WORDS))
                              + "|" + MONTH_RANGE.pattern + "|" + _QUARTER.pattern + ")+")
_TRAILING_REMARKS = re.compile(r"(?:[(（][^()（）]*[)）])+$")


def names_other_period(text: str, flows: bool) -> bool:
    """Whether a header's remark, a group label or a sheet's name names another period
    than the month's own: a past one ('上月'; not '不含上月补录' nor '含上年结转'), or, for
    a sheet of flows, the year so far ('累计', '1-3月'; template_spec.YEAR_SO_FAR_WORDS)."""
    if _EXCLUDING.search(text):
        return False
    text = _INCLUDED_PERIOD.sub("", _STATISTICAL_MONTH.sub("", text))
    return _PAST_PERIOD.search(text) is not None or (flows and _YEAR_SO_FAR.search(text) is not None)


def remark_names_other_period(remarks: str, flows: bool) -> bool:
    """Whether a header's remarks name another period (names_other_period), or, for a
    flow, its total to date alone ('（总数）': template_spec.TOTAL_TO_DATE_REMARKS)."""
    return names_other_period(remarks, flows) or (flows and _TOTAL_TO_DATE.fullmatch(
        _REMARK_UNITS.sub("", _REMARK_MARKS.sub("", remarks))) is not None)


_TOTAL_TO_DATE = re.compile(one_of(spec.TOTAL_TO_DATE_REMARKS))
_REMARK_MARKS = re.compile(r"[()（）\s，,、；;：:]")  # (and a unit: _REMARK_UNITS)


@functools.lru_cache(maxsize=4096)
def says_only_another_period(name: str, flows: bool) -> bool:
    """Whether a header's remarks say nothing but another period, and its name does not
    say the month: '办卡数（上半年）', '会员人数（截至上月底）', '会员人数（人）（上月）'; not
    '本月办卡数（截至3月31日）' (its name says the month), '会员人数（上月结转的不计入）'
    (an instruction) nor '会员人数（上月数据已更新）'."""
    remarks = header_remarks(name)
    if not remarks:
        return False
    key = compact(name)
    if _NAMES_THE_MONTH.search(key[:key.rfind(remarks)] if remarks in key else key):
        return False
    return remark_names_other_period(remarks, flows) \
        and not _REMARK_FILLERS.sub("", without_period_words(remarks))


_NAMES_THE_MONTH = re.compile("本月|当月|本期")


# Another period's words in front of a name ('上月会员人数', '上年末会员人数'; of a flow
# also '本年累计受理件数', '2026年累计…', '当年…', '一季度…', '1-3月份…', '截至3月底…'),
# the name itself after them.
_LEADING_PAST_PERIOD = re.compile(f"(?:{one_of(spec.PAST_PERIOD_WORDS)})+[末底]?")
_LEADING_OTHER_PERIOD = re.compile(
    r"(?:\d{4}年度?)?(?:(?:截至|截止)\d{1,2}月份?[底末]?|"
    + one_of((*spec.PAST_PERIOD_WORDS, *spec.YEAR_SO_FAR_WORDS, "当年"))
    + "|(?:" + MONTH_RANGE.pattern + ")份?|" + _QUARTER.pattern + ")+[末底]?")


def after_leading_period(name: str, flows: bool) -> str | None:
    """The key of a header naming another period in front of its name (names_other_period's
    words: '本年累计受理件数' of a flow), the name after them; None without them, or when
    its remark names the month ('累计办卡数（本月）')."""
    key = header_key(name)
    found = (_LEADING_OTHER_PERIOD if flows else _LEADING_PAST_PERIOD).match(key)
    if not found or found.end() == len(key) or _NAMES_THE_MONTH.search(header_remarks(name)):
        return None
    return key[found.end():]


# Units of counting and of money, as a remark may name them.
_UNIT_WORDS = (*spec.COUNT_UNITS, *spec.MONEY_UNITS, *spec.MONEY_UNIT_ALIASES)
# What a remark may say besides a period and still say nothing else: a total's word, a
# unit, separators ('（1-3月合计）', '（本年累计，张）', '（累计值）', '（上月，人）').
_REMARK_FILLERS = re.compile(one_of(("合计", "总计", "小计", "共计", "总", "值", "数", "名", "户",
                                     *spec.TOTAL_TO_DATE_REMARKS, *_UNIT_WORDS)) + "|[，,、；;：:]")
_REMARK_UNITS = re.compile(one_of(_UNIT_WORDS))


def names_a_change(text: str) -> bool:
    """Whether a stock's header remark (each bracket's) or group label starts by naming a
    change, not the state: '本年新增', '本季度减少', '本年新增，含转入', '较上月增减',
    '比上年末增加'; not '含今年新增',
    '扣除本月减少人员后', '如有变动请注明' (the state, qualified) nor '变动后'."""
    parts = _BRACKETED.findall(text) or [text]
    return any(_CHANGE_FIRST.match(part.strip()) for part in parts)


_BRACKETED = re.compile(r"[(（]([^()（）]*)[)）]")
_CHANGE_FIRST = re.compile(r"(?:较|比|同比|环比)?(?:本|今|当|上)?(?:年度|年|月|季度|期)?(?:末|底|初)?(?:"
                           + one_of(spec.STOCK_CHANGE_WORDS)
                           + r")++(?!后)")


def without_list_mark(text: str) -> str:
    """A name without the form's list mark before it ('3.服务卡', '三、培训')."""
    return _LEADING_MARKS.sub("", text) or text


def without_period_words(text: str) -> str:
    """A sheet's name without the periods it names and their brackets ('服务卡（1-3月累计）',
    '上月服务卡', '服务卡(一季度)': '服务卡')."""
    text = _COPY_NUMBER.sub("", text)  # (a copied sheet: '服务卡（累计）(2)')
    for pattern in (MONTH_RANGE, _QUARTER, _PAST_PERIOD, _YEAR_SO_FAR, _STOCK_CHANGE, _DATE_WORDS,
                    _BRACKETED_UNIT, _SHEET_NAME_FILLERS):
        text = pattern.sub("", text)
    return _NAME_PUNCTUATION.sub("", text)


_DATE_WORDS = re.compile(r"\d+\s*[年月日号]?")  # '2026年', '3月', '31日'
_BRACKETED_UNIT = re.compile(r"[(（](?:" + one_of(_UNIT_WORDS) + r")[)）]")


_COPY_NUMBER = re.compile(r"\s*[(（]\d{1,2}[)）]$")
# The sender's name before a sheet's name: a place (two or more characters before 街道,
# 镇, 乡 or 区: '东湖街道', '青山镇', '高新区', '东湖社区'; not '城镇职工') with its office or
# federation, or a union's name ('甲公司工会'). parse._names_type_for_another_period
# tries the name with and without it ('东湖街道工会组建' may be 工会组建's).
LEADING_SENDER = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:街道|镇|乡|区)"
                            r"(?:办事处|人民政府|管委会|管理委员会|总工会|工会委员会|工会)?"
                            r"|^[\u4e00-\u9fff]{2,20}?(?:总工会|工会委员会|工会)")


def without_senders(text: str) -> list[str]:
    """A sheet's name with each sender's name before it taken off in turn ('临湖区东湖街道
    服务卡（累计）': '东湖街道服务卡（累计）', '服务卡（累计）'), itself first."""
    names = [text]
    while (sender := LEADING_SENDER.match(names[-1])) and len(names) < 4:
        if _PAST_PERIOD.search(sender.group(0)) or _YEAR_SO_FAR.search(sender.group(0)):
            break  # (本年新建工会服务卡: no sender, a period's new unions)
        names.append(names[-1][sender.end():])
    return names


_SHEET_NAME_FILLERS = re.compile(one_of(spec.SHEET_NAME_FILLERS))
_NAME_PUNCTUATION = re.compile(r"[\s()（）\[\]【】_\-—~～、，,]")


@functools.lru_cache(maxsize=8192)  # (every header cell of every file passes here)
def header_remarks(text: str) -> str:
    """A header's trailing remarks in brackets ('办卡数（累计）（张）': '（累计）（张）')."""
    found = _TRAILING_REMARKS.search(_TRAILING_MARKS.sub("", compact(text)))
    return found.group(0) if found else ""


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Label text as compared: no spaces, trailing colon dropped, and a trailing remark in
    brackets dropped too (填报单位（盖章）：)."""
    key = compact(text).rstrip(":：")
    return _TRAILING_UNIT.sub("", key).rstrip(":：")
