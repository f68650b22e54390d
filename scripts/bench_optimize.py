"""What ``newsfacts optimize`` buys: N small real runs into one warehouse, then the file
count of every table and the time to read ``facts`` (best of 5) before and after.

    .venv/bin/python scripts/bench_optimize.py --runs 50 --per-run 4 [--days 28]

Each run is the real ingest flow (in this process: the model loads once) over a new
JSON Lines file of ``--per-run`` articles from the BBC corpus (../shared), or the
test sentences when it is absent.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import click


def articles(n: int) -> list[str]:
    bbc = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "bbc"
    texts = sorted(bbc.rglob("*.txt"))[:n] if bbc.is_dir() else []
    if len(texts) >= n:
        return [p.read_text(encoding="utf-8", errors="replace") for p in texts]
    from tests.test_resilience import article

    return [article(i) for i in range(n)]


def read_time(root: Path, repeat: int = 5) -> tuple[float, int]:
    from deltalake import DeltaTable

    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = DeltaTable(str(root / "facts")).to_pyarrow_table().num_rows
        best = min(best, time.perf_counter() - start)
    return best, rows


def file_counts(root: Path) -> dict[str, int]:
    from deltalake import DeltaTable

    return {t.name: len(DeltaTable(str(t)).file_uris()) for t in sorted(root.iterdir()) if (t / "_delta_log").is_dir()}


@click.command()
@click.option("--runs", default=50, show_default=True)
@click.option("--per-run", default=4, show_default=True)
@click.option("--days", default=28, show_default=True, help="Publication days the runs cycle through (partitions).")
@click.option("--workdir", type=click.Path(path_type=Path), default=None)
def main(runs: int, per_run: int, days: int, workdir: Path | None) -> None:
    from flows.run import run_ingest
    from newsfacts.settings import configure_environment
    from newsfacts.warehouse import Warehouse

    configure_environment(quiet=True)
    work = workdir or Path(tempfile.mkdtemp(prefix="bench-optimize-"))
    root, texts = work / "wh", articles(runs * per_run)
    started = time.perf_counter()
    for r in range(runs):
        src = work / "in" / f"run-{r:03d}.jsonl"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text("".join(json.dumps({"id": f"r{r}-{i}", "text": t, "published_at": f"2017-03-{1 + r % days:02d}"}) + "\n"
                               for i, t in enumerate(texts[r * per_run:(r + 1) * per_run])))
        run_ingest([str(src)], warehouse=str(root), progress=False)
    runs_s = time.perf_counter() - started
    before_files, (before_s, rows) = file_counts(root), read_time(root)
    started = time.perf_counter()
    Warehouse(str(root)).optimize(retention_hours=0)  # measure: drop the compacted files at once
    optimize_s = time.perf_counter() - started
    after_files, (after_s, rows_after) = file_counts(root), read_time(root)
    assert rows == rows_after
    print(json.dumps({"runs": runs, "per_run": per_run, "days": days, "runs_seconds": round(runs_s, 1), "facts_rows": rows,
                      "files_before": before_files, "files_after": after_files,
                      "facts_read_s_before": round(before_s, 4), "facts_read_s_after": round(after_s, 4),
                      "optimize_s": round(optimize_s, 2)}, indent=1))


if __name__ == "__main__":
    main()
