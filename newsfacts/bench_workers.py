"""Speed-up of Dask workers: the same articles ingested with ``--workers 1`` and ``--workers N``.

Each setting runs once, in this process, into a fresh warehouse: ``--workers 1`` as one
process (``NEWSFACTS_PARSE_PROCESS=0``: the base of the speed-up, one worker process as each
Dask worker is), ``--workers N``, and ``--workers 1`` as it runs by default on two or more
cores (with its parse helper process, :mod:`newsfacts.parsehelper`). The time covers
the whole run as a user sees it: start-up (for N workers: the local Dask cluster
and one model and suite load per worker process, in parallel; for 1: the same
loads in this process), then reading, NLP, checks, staging and the commit.
Start-up is also reported on its own, and the speed-up after it. Prefect's API
is started before timing, so neither setting pays for it.

The same run also measures the machine's own ceiling: spaCy alone over the
same texts in one process, and split across N processes at once. Two vCPUs of
a virtual machine rarely give twice the throughput of one (shared caches and
memory bandwidth, or hyper-threads of one core on the host); the pipeline's
speed-up is best read against that figure.

    python -m newsfacts.bench_workers                 # 500 BBC articles, 1 vs 2 workers
    python -m newsfacts.bench_workers --n 200 --workers 4 --skip-ceiling
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from contextlib import contextmanager
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


def _load_for_pool() -> None:
    from newsfacts.nlp import load_raw_nlp

    load_raw_nlp().pipe(["Warm-up sentence in London."])  # load and touch the model before timing


def _meet(barrier) -> None:
    barrier.wait(timeout=300)


def _parse_share(texts: list[str]) -> float:
    """Parse ``texts`` with the raw model in this (pool) process; returns its CPU seconds."""
    from newsfacts.analyse import PIPE_BATCH
    from newsfacts.nlp import load_raw_nlp

    cpu = time.process_time()
    for _ in load_raw_nlp().pipe(texts, batch_size=PIPE_BATCH):
        pass
    return time.process_time() - cpu


def _parse_threads(texts: list[str], threads: int) -> float:
    """Parse ``texts`` split over ``threads`` threads of this (pool) process, as ``--workers 1``
    parses its chunks; returns the wall seconds."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(_parse_share, [texts[i::threads] for i in range(threads)]))
    return time.perf_counter() - started


def spacy_scaling(texts: list[str], workers: int, threads: int = 2) -> tuple[float, float, float]:
    """The machine's own ceiling: seconds for spaCy alone over ``texts`` in 1 process, split
    into ``workers`` processes running at once, and in 1 process on ``threads`` threads (what
    ``--workers 1`` does with its two parsing threads); model loaded before timing."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, wait

    ctx = mp.get_context("spawn")
    walls = []
    for n in (1, workers):
        with ctx.Manager() as manager, ProcessPoolExecutor(n, mp_context=ctx, initializer=_load_for_pool) as pool:
            barrier = manager.Barrier(n)  # n tasks meet only when n processes are up and loaded
            wait([pool.submit(_meet, barrier) for _ in range(n)])
            started = time.perf_counter()
            list(pool.map(_parse_share, [texts[i::n] for i in range(n)]))
            walls.append(time.perf_counter() - started)
            if n == 1:
                walls.append(pool.submit(_parse_threads, texts, threads).result())
    return walls[0], walls[2], walls[1]


@contextmanager
def _parse_process(value: str):
    """``NEWSFACTS_PARSE_PROCESS`` set to ``value`` for the block (an in-process run's parse helper)."""
    before = os.environ.get("NEWSFACTS_PARSE_PROCESS")
    os.environ["NEWSFACTS_PARSE_PROCESS"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NEWSFACTS_PARSE_PROCESS", None)
        else:
            os.environ["NEWSFACTS_PARSE_PROCESS"] = before


def timed_run(inputs: Path, warehouse: Path, workers: int, batch_size: int) -> tuple[float, float, dict]:
    """Seconds for the whole run, seconds of it spent starting workers (cluster + model loads), summary.

    The summary gains ``cpu_seconds`` (this process's CPU over the run: for one worker, all of
    its parsing) and, on Dask, ``timeline``: when the workers' first chunk started and their
    last one ended, and how busy each worker was in between (Dask's task stream).
    """
    import resource

    from flows.backfill import run_partition
    from flows.run import task_runner
    from newsfacts.partitions import plan_partitions

    def cpu() -> float:
        use = resource.getrusage(resource.RUSAGE_SELF)
        return use.ru_utime + use.ru_stime

    started, cpu_started = time.perf_counter(), cpu()
    with task_runner(workers) as (runner, window):
        ready, cpu_ready = time.perf_counter(), cpu()
        (part,) = plan_partitions([inputs])
        stream = _task_stream(runner)
        with stream as ts:
            summary = run_partition(part, warehouse=str(warehouse), batch_size=batch_size, window=window,
                                    progress=False, task_runner=runner)
        done = time.perf_counter()
        summary["cpu_seconds"] = round(cpu() - cpu_ready, 1)
        summary["run_seconds"] = round(done - ready, 1)
        if ts is not None:
            summary["timeline"] = _timeline(ts.data, ready, done)
    return time.perf_counter() - started, ready - started, summary


def _task_stream(runner):
    """Dask's task stream over the run (a context giving None in-process)."""
    from contextlib import nullcontext

    address = getattr(runner, "address", None) or getattr(runner, "_cluster_address", None)
    if not address:
        return nullcontext(None)
    from contextlib import contextmanager

    from distributed import Client, get_task_stream

    @contextmanager
    def recorded():
        with Client(address) as client, get_task_stream(client) as ts:
            yield ts

    return recorded()


def _timeline(records: list[dict], ready: float, done: float) -> dict:
    """Where a Dask run's time went: before the first chunk started, while chunks were parsed
    (and how busy each worker was), and after the last one ended (commit, seal, report).

    ``ready`` and ``done`` are ``time.perf_counter`` values; the task stream uses wall clock.
    """
    offset = time.time() - time.perf_counter()
    spans: dict[str, list[tuple[float, float]]] = {}
    for rec in records:
        for ss in rec.get("startstops", ()):
            if ss.get("action") == "compute":
                spans.setdefault(rec.get("worker", "?"), []).append((ss["start"], ss["stop"]))
    if not spans:
        return {}
    first = min(s for v in spans.values() for s, _ in v)
    last = max(e for v in spans.values() for _, e in v)
    busy = {w: round(sum(e - s for s, e in v) / (last - first), 3) for w, v in spans.items()}
    return {"before_first_chunk_s": round(first - (ready + offset), 1), "parsing_s": round(last - first, 1),
            "after_last_chunk_s": round(done + offset - last, 1), "chunks": sum(len(v) for v in spans.values()),
            "worker_busy_share": sorted(busy.values(), reverse=True)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="articles (default 500)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers to compare with 1 (default 2)")
    parser.add_argument("--batch-size", type=int, default=200,
                        help="articles per chunk, as for newsfacts backfill (default 200; smaller when needed so every worker has work)")
    parser.add_argument("--skip-ceiling", action="store_true",
                        help="do not measure spaCy alone in 1 and N processes (the machine's ceiling)")
    args = parser.parse_args(argv)

    from newsfacts.settings import configure_environment

    configure_environment(quiet=True)
    import logging

    import distributed  # noqa: F401  (sets its loggers up on import; quieten them after)

    logging.getLogger("distributed").setLevel(logging.WARNING)  # the local cluster's start and stop chatter
    from prefect import flow

    @flow(name="newsfacts-bench-warmup")
    def warmup() -> int:  # starts Prefect's API (ephemeral or the local server) before timing
        return 1

    warmup()
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-workers-") as tmp:
        inputs = bbc_sample(args.n, Path(tmp) / "in")
        with _parse_process("0"):  # one worker process, as each Dask worker is: the speed-up's base
            one, setup_1, s1 = timed_run(inputs, Path(tmp) / "wh1", 1, args.batch_size)
        many, setup, s2 = timed_run(inputs, Path(tmp) / "wh2", args.workers, args.batch_size)
        with _parse_process("1"):  # --workers 1 as it runs on 2+ cores: the flow process plus its parse helper
            helped, setup_h, sh = timed_run(inputs, Path(tmp) / "wh3", 1, args.batch_size)
        ceiling = from_threads = alone_1 = alone_n = alone_threads = None
        if not args.skip_ceiling:
            from newsfacts.bench import flow_texts

            alone_1, alone_n, alone_threads = spacy_scaling(flow_texts(inputs), args.workers)
            ceiling = alone_1 / alone_n
            from_threads = alone_threads / alone_n  # the ceiling over one process with two parsing threads
    speedup = one / many
    steady = (one - setup_1) / (many - setup)
    cores_1 = s1["cpu_seconds"] / max(s1["run_seconds"], 1e-9)  # cores --workers 1 kept busy (its threads)
    result = {
        "articles": args.n, "batch_size": args.batch_size, "cpus": os.cpu_count(),
        "load_average": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "seconds_1_worker": round(one, 1),
        f"seconds_{args.workers}_workers": round(many, 1), "speedup": round(speedup, 2),
        "startup_seconds_1_worker": round(setup_1, 1), "worker_startup_seconds": round(setup, 1), "speedup_after_startup": round(steady, 2),
        "cores_used_1_worker": round(cores_1, 2),
        "spacy_alone_speedup": round(ceiling, 2) if ceiling else None,
        "efficiency": round(speedup / ceiling, 3) if ceiling else None,
        "efficiency_after_startup": round(steady / ceiling, 3) if ceiling else None,
        "spacy_alone_seconds": [round(alone_1, 1), round(alone_n, 1), round(alone_threads, 1)] if ceiling else None,
        "spacy_alone_speedup_over_2_threads": round(from_threads, 2) if ceiling else None,
        "efficiency_like_for_like": round(speedup / from_threads, 3) if ceiling else None,
        "timeline": s2.get("timeline"),
        "seconds_1_worker_with_parse_helper": round(helped, 1),
        "startup_seconds_1_worker_with_parse_helper": round(setup_h, 1),
        f"speedup_{args.workers}_workers_over_1_with_helper": round(helped / many, 2),
        "written": [s1["articles_written"], s2["articles_written"], sh["articles_written"]],
    }
    print(f"{args.n} articles, chunks of {args.batch_size} (load average before: {load_before}):")
    print(f"  newsfacts --workers 1          {one:6.1f} s  (one process, NEWSFACTS_PARSE_PROCESS=0: of which {setup_1:.1f} s"
          f" loading the model and suites; {cores_1:.2f} cores busy while it ran)")
    print(f"  newsfacts --workers {args.workers:<2}         {many:6.1f} s  (of which {setup:.1f} s starting the cluster and loading models)")
    tl = s2.get("timeline") or {}
    if tl:
        print(f"      {tl['before_first_chunk_s']:.1f} s to the first chunk, {tl['parsing_s']:.1f} s of parsing "
              f"({tl['chunks']} chunks; workers busy {', '.join(f'{b:.0%}' for b in tl['worker_busy_share'])}),"
              f" {tl['after_last_chunk_s']:.1f} s after the last chunk (commit, seal, report)")
    print(f"  speed-up                       {speedup:6.2f}x  whole runs; {steady:.2f}x after start-up")
    print(f"  newsfacts --workers 1 with its parse helper (the default on 2+ cores)  {helped:6.1f} s"
          f" (of which {setup_h:.1f} s start-up): --workers {args.workers} takes {many / helped:.2f}x its time")
    if ceiling:
        print(f"  spaCy alone, {args.workers} processes vs 1  {ceiling:6.2f}x  (this machine's ceiling for the same texts,"
              f" {alone_1:.1f} s vs {alone_n:.1f} s)")
        print(f"  efficiency                     {speedup / ceiling:6.0%}  of the ceiling ({steady / ceiling:.0%} after start-up)")
        print(f"  spaCy alone, 1 process on 2 threads  {alone_threads:.1f} s: {alone_1 / alone_threads:.2f}x one thread;"
              f" {args.workers} processes give {from_threads:.2f}x over it, so --workers {args.workers} over --workers 1"
              f" reaches {speedup / from_threads:.0%} of the like-for-like ceiling")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
