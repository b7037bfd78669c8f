"""Whatever bytes arrive, parse_file answers with a ParsedFile and never raises; a
rejected file always carries a Chinese message a clerk can read."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingestion.parse import ParsedFile, parse_file
from ingestion.validate import Reference
from tests.tiny_district import UNIT_HEADER, code, unit
from tests.workbooks import write_csv, write_xlsx

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
REF = Reference(streets={"东湖街道": "S1", "S1": "S1"})
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Bounded for a shared machine; FUZZ_EXAMPLES raises it for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 50)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

_ROWS = [
    ["填报单位：东湖街道总工会"], ["报告期：2026年3月"],
    UNIT_HEADER,
    unit(code(1), "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
    unit(code(2), "乙公司", "东湖街道", "1,200人", "十二", "未建会", None),
    ["合计", None, None, None, None, 1230, None, 20],
]


def _seeds() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        seeds = {
            "xlsx": write_xlsx(root / "a.xlsx", {
                "组建与会员": _ROWS,
                "服务卡": [["统一社会信用代码", "本月办卡数"], [code(1), 3]],
            }).read_bytes(),
            "csv": write_csv(root / "a.csv", _ROWS).read_bytes(),
            "csv_gb18030": write_csv(root / "b.csv", _ROWS, encoding="gb18030").read_bytes(),
        }
        try:
            import xlwt
        except ImportError:  # the .xls seed is a bonus; the others cover the readers
            return seeds
        workbook = xlwt.Workbook(encoding="utf-8")
        sheet = workbook.add_sheet("组建与会员")
        for r, row in enumerate(_ROWS):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value if not isinstance(value, dt.date) else value.isoformat())
        workbook.save(str(root / "c.xls"))
        seeds["xls"] = (root / "c.xls").read_bytes()
        return seeds


SEEDS = _seeds()


def check(data: bytes, suffix: str) -> ParsedFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        parsed = parse_file(path, f"东湖街道总工会_2026-03{suffix}", REF)
    assert isinstance(parsed, ParsedFile)
    assert parsed.status in ("loaded", "loaded_with_errors", "rejected")
    for issue in parsed.issues:
        assert CHINESE.search(issue.message), issue
    if parsed.status == "rejected":
        assert parsed.message and CHINESE.search(parsed.message)
        assert parsed.rows_loaded == 0
    else:
        assert parsed.message is None
        for sheet in parsed.sheets:
            assert all(len(values) == sheet.rows_loaded for values in sheet.data.values())
    return parsed


def test_seeds_parse_as_expected():
    for name, data in SEEDS.items():
        suffix = ".xls" if name == "xls" else ".csv" if name.startswith("csv") else ".xlsx"
        parsed = check(data, suffix)
        assert parsed.status == "loaded_with_errors", name
        assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", dt.date(2026, 3, 1))
        assert [(i.row_number, i.rule) for i in parsed.issues] == [(5, "int")], name
        assert parsed.sheets[0].data["credit_code"] == [code(1)]


@FUZZ
@given(data=st.binary(max_size=4096),
       prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf"]),
       suffix=st.sampled_from(SUFFIXES))
@example(data=b"", prefix=b"", suffix=".xlsx")
@example(data=b"\x00" * 600, prefix=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", suffix=".xls")
def test_random_bytes(data, prefix, suffix):
    check(prefix + data, suffix)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), cut=st.floats(0, 1), suffix=st.sampled_from(SUFFIXES))
def test_truncated_files(seed, cut, suffix):
    data = SEEDS[seed]
    check(data[: int(len(data) * cut)], suffix)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)),
       flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 7)),
                      min_size=1, max_size=16),
       suffix=st.sampled_from(SUFFIXES))
def test_bit_flipped_files(seed, flips, suffix):
    data = bytearray(SEEDS[seed])
    for where, bit in flips:
        data[int(len(data) * where)] ^= 1 << bit
    check(bytes(data), suffix)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), start=st.floats(0, 1), junk=st.binary(min_size=1, max_size=64))
def test_overwritten_spans(seed, start, junk):
    data = bytearray(SEEDS[seed])
    at = int(len(data) * start)
    data[at:at + len(junk)] = junk
    suffix = ".xls" if seed == "xls" else ".csv" if seed.startswith("csv") else ".xlsx"
    check(bytes(data), suffix)


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.text(max_size=12),
                                         st.integers(-10**20, 10**20),
                                         st.floats(allow_nan=False, allow_infinity=False)),
                               max_size=8), max_size=8),
       header_at=st.integers(0, 8))
def test_random_cells_under_a_real_header(rows, header_at):
    """Arbitrary cell values (huge ints, odd floats, any text) under a real header, in a
    CSV and in a workbook: every value is either loaded or reported, never a crash."""
    rows = [list(r) for r in rows]
    rows.insert(min(header_at, len(rows)), ["统一社会信用代码", "职工人数", "会员人数", "单位名称",
                                             "所属街道", "单位类型", "建会形式", "建会日期"])
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_csv(Path(folder) / "a.csv", rows)
        check(csv_path.read_bytes(), ".csv")
        xlsx_path = write_xlsx(Path(folder) / "a.xlsx", {"组建与会员": rows})
        check(xlsx_path.read_bytes(), ".xlsx")
