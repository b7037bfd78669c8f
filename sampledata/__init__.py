"""A deterministic sample district for demos and tests: the files a district trade-union
federation (区总工会) would receive, written as real workbooks.

    from sampledata import generate
    paths = generate(Path("data/sample"), datetime.date(2026, 11, 21))
"""

from sampledata.district import generate, write_district

__all__ = ["generate", "write_district"]
