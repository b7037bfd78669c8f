"""`make bench`: every benchmark at its documented size."""

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

if __name__ == "__main__":
    python = sys.executable
    province = OUT / "province.duckdb"
    for command in (
        [python, "-m", "bench.ingest_bench"],
        [python, "-m", "bench.build_bench", "--keep", str(province)],
        [python, "-m", "bench.pages_bench", "--label", "district"],
        [python, "-m", "bench.pages_bench", "--db", str(province), "--label", "province"],
    ):
        subprocess.run(command, check=True)
