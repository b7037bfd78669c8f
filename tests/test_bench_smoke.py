"""The ingest bench still runs end to end (on a handful of files): its numbers are for
the README, so a bench that broke silently would leave them stale. No timing asserted."""

from bench import ingest_bench


def test_ingest_bench_runs_every_measure_and_reports_them():
    results = ingest_bench.run(small=4, large=1, large_rows=120, repeat=1)
    small, large = results["small"], results["large"]
    assert small["files"] == 4 and small["rows"] == 4 * 3 * 50
    assert large["files"] == 1 and large["rows"] == 120
    for section in (small, large):
        assert all(value > 0 for value in section.values())
    text = ingest_bench.report(results)
    assert "(c0) reading stage" in text and "(b)/(c) speed-up" in text
