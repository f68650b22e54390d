"""At scale: a backfill of Reuters-21578 (19,010 bodies), BBC News (2,225) and FA-KES (804)
through the real command line, timed, with the peak memory of every process of the tree.

Reuters-21578 (SGML) and FA-KES (CSV) are not input formats of newsfacts; ``prepare``
writes them as JSON Lines (``id``, ``title``, ``text``, ``published_at``, ``source``) under
a scratch folder, one file per Reuters ``.sgm`` (so a backfill's slices of about 2,000
records hold two of them), one for FA-KES. BBC is read as it is (one ``.txt`` per article).

    python -m newsfacts.bench_scale prepare /tmp/scale-in
    python -m newsfacts.bench_scale run --out /tmp/scale.json -- \\
        newsfacts backfill /tmp/scale-in/reuters ../shared/corpora/bbc /tmp/scale-in/fakes \\
        --workers 2 --warehouse /tmp/scale-wh --no-progress --json

``run`` starts the command, samples the resident memory of the command's whole process tree
(every process, Dask's scheduler and workers and Prefect's server included) every
``--interval`` seconds with psutil, and writes the wall time, the peak RSS of each process
(by role) and of the tree, the load average before and the command's JSON output. With
``--also-pids`` it also samples processes that are not children of the command (an
existing cluster's ``dask scheduler`` and ``dask worker`` processes).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from newsfacts.evaluation import CORPORA

_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}


def reuters_records(sgm: Path) -> list[dict]:
    """The documents of one Reuters-21578 ``.sgm`` file that have a body, as JSON Lines records."""
    raw = sgm.read_bytes().decode("latin-1")
    out = []
    for newid, doc in _DOC.findall(raw):
        body = _FIELD["BODY"].search(doc)
        if not body:
            continue
        text = html.unescape(body.group(1))
        text = re.sub(r"\s*Reuter\s*\x03?\s*$", "", text).replace("\x03", "").strip()
        title = _FIELD["TITLE"].search(doc)
        when = _FIELD["DATE"].search(doc)
        published = None
        if when:
            try:
                published = datetime.strptime(when.group(1).strip()[:20], "%d-%b-%Y %H:%M:%S").isoformat() + "Z"
            except ValueError:
                published = None
        out.append({"id": f"reuters-{newid}", "title": html.unescape(title.group(1)).strip() if title else None,
                    "text": text, "published_at": published, "source": "reuters21578"})
    return out


def fakes_records(path: Path) -> list[dict]:
    """FA-KES rows as JSON Lines records (``date`` is month/day/two-digit year)."""
    out = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                published = datetime.strptime(row["date"].strip(), "%m/%d/%y").date().isoformat()
            except ValueError:
                published = None
            out.append({"id": f"fakes-{row['unit_id']}", "title": row["article_title"], "text": row["article_content"],
                        "published_at": published, "source": f"fakes:{row['source']}"})
    return out


def prepare(dest: Path) -> dict[str, int]:
    """Write ``dest/reuters/reut2-NNN.jsonl`` and ``dest/fakes/fakes.jsonl``; returns records per corpus."""
    counts = {"reuters": 0, "fakes": 0}
    (dest / "reuters").mkdir(parents=True, exist_ok=True)
    (dest / "fakes").mkdir(parents=True, exist_ok=True)
    for sgm in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        recs = reuters_records(sgm)
        counts["reuters"] += len(recs)
        with (dest / "reuters" / f"{sgm.stem}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    recs = fakes_records(CORPORA / "fakes_syria" / "fakes.csv")
    counts["fakes"] = len(recs)
    with (dest / "fakes" / "fakes.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return counts


def role(proc) -> str:
    """A short name for a process of the tree (flow, dask-worker, dask-scheduler, prefect-server...)."""
    try:
        cmd = " ".join(proc.cmdline())
    except Exception:  # noqa: BLE001  (gone or not ours)
        return "?"
    if "dask worker" in cmd or "dask-worker" in cmd or "spawn_main" in cmd and "multiprocessing" in cmd:
        return "dask-worker" if "resource_tracker" not in cmd else "resource-tracker"
    if "dask scheduler" in cmd or "dask-scheduler" in cmd:
        return "dask-scheduler"
    if "uvicorn" in cmd or "prefect" in cmd and "server" in cmd:
        return "prefect-server"
    if "newsfacts" in cmd:
        return "newsfacts (flow)"
    return cmd[:60]


def run(cmd: list[str], *, interval: float, also_pids: list[int], out: Path | None) -> dict:
    """Run ``cmd``; sample the RSS of its process tree (and of ``also_pids`` with their children)."""
    import psutil

    load_before = os.getloadavg()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak: dict[int, tuple[int, str]] = {}
    tree_peak = 0
    others = [psutil.Process(p) for p in also_pids]
    while proc.poll() is None:
        procs = [root]
        for p in [root, *others]:
            try:
                procs += p.children(recursive=True)
            except psutil.Error:
                pass
        procs += others
        total = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            if rss > peak.get(p.pid, (0, ""))[0]:
                peak[p.pid] = (rss, peak.get(p.pid, (0, ""))[1] or role(p))
        tree_peak = max(tree_peak, total)
        time.sleep(interval)
    stdout = proc.stdout.read() if proc.stdout else ""
    wall = time.perf_counter() - started
    try:
        summary = json.loads(stdout[stdout.index("{"):]) if "{" in stdout else None
    except ValueError:
        summary = None
    result = {
        "command": cmd, "exit_code": proc.returncode, "wall_seconds": round(wall, 1),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_mib_by_process": sorted(({"pid": pid, "role": r, "peak_mib": round(rss / 2**20)}
                                           for pid, (rss, r) in peak.items() if rss > 50 * 2**20),
                                          key=lambda d: -d["peak_mib"]),
        "peak_rss_mib_tree": round(tree_peak / 2**20), "summary": summary, "stdout_tail": stdout[-3000:],
    }
    if summary and summary.get("articles_written"):
        result["articles_per_second"] = round(summary.get("records_read", 0) / wall, 2)
        result["written_per_second"] = round(summary["articles_written"] / wall, 2)
    if out:
        out.write_text(json.dumps(result, indent=1))
    return result


def costs(warehouse: str, scratch: Path, *, chunk: int = 200, tasks: int = 200, skip_tasks: bool = False) -> dict:
    """The serial costs that decide how far one flow process scales, measured on a big warehouse.

    - ``commit_chunk_s``: one chunk's tables (``chunk`` articles with their sentences, entities,
      facts...) committed into a copy of the warehouse (the Delta log as long as the original's):
      the flow process's share of every chunk, whatever the number of workers.
    - ``copies_s`` and ``incidents_s``: the copy marks over the whole ``articles`` and the incident
      rebuild over the whole ``facts`` (computed, not written: the original is only read), the
      whole-table work of every run's seal.
    - ``dask_task_ms`` and ``prefect_task_ms``: the scheduler's round trip per task (``tasks``
      no-op tasks on a local two-worker cluster), and Prefect's task engine per task on the same
      cluster (``DaskTaskRunner``, each task reporting its states to the API).
    """
    import shutil

    from newsfacts.warehouse import Warehouse, write_article_batch

    out: dict = {"warehouse": warehouse}
    wh = Warehouse(warehouse)
    t = time.perf_counter()
    articles = wh.read("articles")
    facts = wh.read("facts")
    out["read_articles_facts_s"] = round(time.perf_counter() - t, 2)
    out["articles"], out["facts"] = articles.num_rows, facts.num_rows

    from newsfacts.copies import mark_copies

    t = time.perf_counter()
    cols = [c for c in ("article_id", "text", "published_at", "day", "copy_of", "copy_similarity") if c in articles.column_names]
    mark_copies(articles.select(cols))
    out["copies_s"] = round(time.perf_counter() - t, 2)
    from newsfacts.incidents import reconcile

    t = time.perf_counter()
    incidents, claims = reconcile(facts, articles)
    out["incidents_s"] = round(time.perf_counter() - t, 2)
    out["incidents"], out["incident_claims"] = incidents.num_rows, claims.num_rows

    # one chunk's tables, re-keyed so that they are new rows, committed into a copy
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(warehouse, scratch, ignore=shutil.ignore_patterns("_reports"))
    copy = Warehouse(str(scratch))
    ids = articles.column("article_id").slice(0, chunk).to_pylist()
    import pyarrow as pa
    import pyarrow.compute as pc

    tables = {}
    for name in ("articles", "sentences", "entities", "facts", "timexes"):
        data = copy.read(name)
        if "article_id" not in data.column_names:
            continue
        data = data.filter(pc.is_in(data.column("article_id"), pa.array(ids)))
        tables[name] = data
    out["chunk_rows"] = {k: v.num_rows for k, v in tables.items()}
    t = time.perf_counter()
    write_article_batch(copy, tables)
    out["commit_chunk_s"] = round(time.perf_counter() - t, 2)
    out["delta_log_versions"] = {name: copy.delta(name).version() for name in tables}
    shutil.rmtree(scratch, ignore_errors=True)
    if not skip_tasks:
        out.update(task_overheads(tasks))
    return out


def _noop(i: int) -> int:
    return i


def task_overheads(n: int) -> dict:
    """Milliseconds per task: Dask alone, and a Prefect task on Dask (``DaskTaskRunner``)."""
    from distributed import Client, LocalCluster, wait
    from prefect import flow, task
    from prefect_dask import DaskTaskRunner

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.gather(client.map(_noop, range(10), pure=False))  # workers up, function shipped
        t = time.perf_counter()
        wait(client.map(_noop, range(n), pure=False))
        dask_ms = (time.perf_counter() - t) / n * 1000
        t = time.perf_counter()
        for i in range(min(n, 50)):  # one at a time: the round trip a chunk pays
            client.submit(_noop, i, pure=False).result()
        dask_rt_ms = (time.perf_counter() - t) / min(n, 50) * 1000

        noop = task(_noop, name="noop")

        @flow(name="newsfacts-bench-noop", task_runner=DaskTaskRunner(address=cluster.scheduler_address))
        def many(k: int) -> float:
            noop.submit(-1).result()
            t0 = time.perf_counter()
            futures = [noop.submit(i) for i in range(k)]
            for f in futures:
                f.result()
            return time.perf_counter() - t0

        prefect_s = many(min(n, 100))
    return {"dask_task_ms": round(dask_ms, 2), "dask_round_trip_ms": round(dask_rt_ms, 1),
            "prefect_task_ms": round(prefect_s / min(n, 100) * 1000, 1)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("prepare", help="write Reuters-21578 and FA-KES as JSON Lines under DEST")
    p.add_argument("dest", type=Path)
    r = sub.add_parser("run", help="run a command, timing it and sampling its process tree's memory")
    r.add_argument("--interval", type=float, default=2.0)
    r.add_argument("--also-pids", type=int, nargs="*", default=[])
    r.add_argument("--out", type=Path, default=None)
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    c = sub.add_parser("costs", help="serial costs on a big warehouse: a chunk's commit, copies, incidents, per-task overheads")
    c.add_argument("warehouse")
    c.add_argument("--scratch", type=Path, default=Path("/tmp/newsfacts-costs-wh"))
    c.add_argument("--chunk", type=int, default=200)
    c.add_argument("--skip-tasks", action="store_true", help="leave out the per-task overheads (a local cluster)")
    args = parser.parse_args(argv)
    if args.what == "prepare":
        res = prepare(args.dest)
    elif args.what == "costs":
        from newsfacts.settings import configure_environment

        configure_environment(quiet=True)
        res = costs(args.warehouse, args.scratch, chunk=args.chunk, skip_tasks=args.skip_tasks)
    else:
        cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        res = run(cmd, interval=args.interval, also_pids=args.also_pids, out=args.out)
        res = {k: v for k, v in res.items() if k != "stdout_tail"}
    print(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
