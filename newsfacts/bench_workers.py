"""Speed-up of Dask workers: the same articles ingested with ``--workers 1`` and ``--workers N``.

Each setting runs once, in this process, into a fresh warehouse; the time covers
the whole run as a user sees it (local Dask cluster start, one model load per
worker process, reading, NLP, checks, commit); the workers' start-up is also
reported on its own. Prefect's API is started before
timing, so neither setting pays for it.

    python -m newsfacts.bench_workers                 # 500 BBC articles, 1 vs 2 workers
    python -m newsfacts.bench_workers --n 200 --workers 4
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def bbc_sample(n: int, folder: Path) -> Path:
    """``n`` BBC articles (first files of business, then entertainment) as symlinks in ``folder``."""
    from newsfacts.evaluation import CORPORA

    files = [p for cat in ("business", "entertainment") for p in sorted((CORPORA / "bbc" / cat).glob("*.txt"))]
    half = [f for f in files if f.parent.name == "business"][: n // 2 + n % 2]
    half += [f for f in files if f.parent.name == "entertainment"][: n // 2]
    folder.mkdir(parents=True, exist_ok=True)
    for f in half:
        (folder / f"{f.parent.name}-{f.name}").symlink_to(f)
    return folder


def timed_run(inputs: Path, warehouse: Path, workers: int, batch_size: int) -> tuple[float, float, dict]:
    """Seconds for the whole run, seconds of it spent starting workers (cluster + model loads), summary."""
    from flows.backfill import run_partition
    from flows.run import task_runner
    from newsfacts.partitions import plan_partitions

    started = time.perf_counter()
    with task_runner(workers) as (runner, window):
        ready = time.perf_counter()
        (part,) = plan_partitions([inputs])
        summary = run_partition(part, warehouse=str(warehouse), batch_size=batch_size, window=window,
                                progress=False, task_runner=runner)
    return time.perf_counter() - started, ready - started, summary


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="articles (default 500)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers to compare with 1 (default 2)")
    parser.add_argument("--batch-size", type=int, default=100, help="articles per chunk (default 100)")
    args = parser.parse_args(argv)

    from newsfacts.settings import configure_environment

    configure_environment(quiet=True)
    from prefect import flow

    @flow(name="newsfacts-bench-warmup")
    def warmup() -> int:  # starts Prefect's API (ephemeral or the local server) before timing
        return 1

    warmup()
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-workers-") as tmp:
        inputs = bbc_sample(args.n, Path(tmp) / "in")
        one, _, s1 = timed_run(inputs, Path(tmp) / "wh1", 1, args.batch_size)
        many, setup, s2 = timed_run(inputs, Path(tmp) / "wh2", args.workers, args.batch_size)
    result = {
        "articles": args.n, "batch_size": args.batch_size, "cpus": os.cpu_count(),
        "load_average": os.getloadavg(), "seconds_1_worker": round(one, 1),
        f"seconds_{args.workers}_workers": round(many, 1), "speedup": round(one / many, 2),
        "worker_startup_seconds": round(setup, 1),
        "written": [s1["articles_written"], s2["articles_written"]],
    }
    print(f"{args.n} articles, batch {args.batch_size}: 1 worker {one:.1f} s, "
          f"{args.workers} workers {many:.1f} s (of which {setup:.1f} s starting them), speed-up {one / many:.2f}x")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
