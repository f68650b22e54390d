"""Throughput benchmark: spaCy alone against the whole newsfacts flow, on the BBC corpus.

Run ``python -m newsfacts.bench`` (or ``make bench``). For each sample size N it
takes the first N BBC articles (files sorted by category, then name), copies them
into a temporary folder and measures, in one warm process:

(a) **spaCy alone**: ``nlp.pipe`` of the shipped model (``load_raw_nlp()``) over
    exactly the texts the flow parses (titles and bodies as read and cleaned by
    the flow's own ``read_clean`` step, prepared outside the timer);
(b) **the flow**: ``flows.run.run_ingest`` from the raw files to published
    Parquet in a fresh warehouse;
(c) **the rerun**: the same flow again over the unchanged folder and warehouse
    (every article is skipped by its stable id before any NLP).

Both (a) and (b) are divided into the same word count (tokens that are neither
punctuation nor space, as in ``articles.n_words``), so ``ratio = wps(b) / wps(a)
= time(a) / time(b)``.

Startup costs are timed apart, before any N: importing the flow, loading each
model, starting Prefect's ephemeral server (a no-op flow), building the Great
Expectations runtime, then two one-article ingests. The second one-article
ingest, with everything loaded, is the fixed cost of a flow run (planning,
reading the warehouse ids, commit, data docs, Prefect bookkeeping); the
"per-article" throughput subtracts it from (b). With two or more sizes the slope
between the smallest and the largest N gives a third estimate of the marginal
cost that needs no subtraction.

Whole processes (``--process-n``, default 500 or the largest N below it), timed by the
wall clock from start to exit as a user pays them: spaCy alone as one process (interpreter,
model load, ``nlp.pipe`` of the same texts), and ``newsfacts backfill`` over the same
articles without a running server (the run starts its ephemeral one) and with a local server
started by ``newsfacts.server.start`` (the run finds it), each also over one article (the
fixed cost of a run a user pays); ``ratio = spaCy process / newsfacts process``.

Peak memory is measured per N in a separate child process that runs only the
flow (cold, as ``newsfacts backfill`` would): the child's own peak RSS comes from
``os.wait4`` (so peaks of different children never mix), and the peak of the
whole process tree (including Prefect's server subprocess) from polling with
psutil. The first N articles differ in mix as N grows (BBC politics articles are
longer than business ones, and a batch's peak follows its longest articles), so
``--same-mix`` also runs each larger N over the smallest N's articles repeated
(new ids, same texts): a peak that grows there grows with the corpus size itself.
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from newsfacts.analyse import (
    PIPE_BATCH,  # nlp.pipe's batch size in the flow, used for spaCy alone too
)
from newsfacts.evaluation import CORPORA
from newsfacts.settings import configure_environment

BBC = CORPORA / "bbc"


# ---------------------------------------------------------------- the sample


def corpus_size(corpus: Path = BBC) -> int:
    """Articles in the corpus (0 when it is missing)."""
    return sum(1 for _ in corpus.glob("*/*.txt")) if corpus.is_dir() else 0


def sample_paths(n: int, corpus: Path = BBC) -> list[Path]:
    """The first ``n`` articles of the corpus: category folders sorted, then file names sorted.

    Raises:
        click.UsageError: the corpus is missing or has fewer than ``n`` articles.
    """
    if not corpus.is_dir():
        raise click.UsageError(f"{corpus} is not a folder (set NEWSFACTS_SHARED to the shared data folder)")
    paths = [p for cat in sorted(d for d in corpus.iterdir() if d.is_dir()) for p in sorted(cat.glob("*.txt"))]
    if len(paths) < n:
        raise click.UsageError(f"{corpus} has {len(paths)} articles, fewer than --n {n}")
    return paths[:n]


def write_sample(paths: Iterable[Path], folder: Path) -> Path:
    """Copy the articles into ``folder`` as ``<category>-<name>.txt`` (unique doc ids)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copyfile(path, folder / f"{path.parent.name}-{path.name}")
    return folder


def flow_texts(folder: Path) -> list[str]:
    """The texts the flow parses for ``folder``: each new article's title (when set) and body.

    Uses the flow's own planning, ``read_clean`` step and de-duplication (called as plain functions).
    """
    from newsfacts.accounting import dedupe
    from newsfacts.plan import plan_chunks
    from tasks.steps import read_clean

    texts: list[str] = []
    seen: set[str] = set()
    for chunk in plan_chunks([str(folder)]):
        new, _ = dedupe(read_clean.fn(chunk).articles, seen)  # the flow parses a repeated article once
        for art in new:
            if art.title:
                texts.append(art.title)
            texts.append(art.text)
    return texts


def count_words(nlp, texts: Sequence[str]) -> int:
    """Tokens that are neither punctuation nor space (``articles.n_words``), tokenizer only."""
    return sum(sum(1 for t in doc if not (t.is_punct or t.is_space)) for doc in nlp.tokenizer.pipe(texts))


# ---------------------------------------------------------------- timing helpers


@dataclass
class Timing:
    """Wall time and CPU time of one measured step, in seconds.

    ``cpu`` is this process (all threads); ``child_cpu`` is its child processes
    (Prefect's ephemeral API server). CPU time is what the step costs whatever
    else the machine runs; wall time is what a user waits for.
    """

    wall: float
    cpu: float
    child_cpu: float = 0.0

    @property
    def total_cpu(self) -> float:
        return self.cpu + self.child_cpu


def _children_cpu() -> dict[int, float]:
    try:
        import psutil
    except ImportError:
        return {}
    out: dict[int, float] = {}
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.Error:
            continue
        out[child.pid] = t.user + t.system
    return out


def timed(fn: Callable, *args, **kwargs) -> tuple[Timing, object]:
    """Call ``fn`` and time it (wall, this process's CPU, its children's CPU)."""
    kids = _children_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    child_cpu = sum(max(t - kids.get(pid, 0.0), 0.0) for pid, t in _children_cpu().items())
    return Timing(wall, cpu, child_cpu), result


def spacy_alone(nlp, texts: Sequence[str]) -> Timing:
    """``nlp.pipe`` over ``texts``, docs consumed and dropped."""

    def parse() -> None:
        for _ in nlp.pipe(texts, batch_size=PIPE_BATCH):
            pass

    timing, _ = timed(parse)
    return timing


def run_flow(folder: Path, warehouse: Path) -> tuple[Timing, dict]:
    from flows.run import run_ingest

    return timed(run_ingest, [str(folder)], warehouse=str(warehouse), progress=False)


# ---------------------------------------------------------------- figures


@dataclass
class Startup:
    """One-off costs of a process, in seconds."""

    import_flow: float = 0.0
    load_raw_model: float = 0.0
    prefect_server: float = 0.0
    load_newsfacts_model: float = 0.0
    gx_runtime: float = 0.0
    place_index: float = 0.0  # the gazetteer of fact places, built once per process
    first_flow_1_article: float = 0.0
    fixed_per_run: float = 0.0  # the second one-article flow, everything loaded

    @property
    def total(self) -> float:
        """Everything a cold ``newsfacts`` run pays before its first article (raw model excluded)."""
        return (self.import_flow + self.prefect_server + self.load_newsfacts_model + self.gx_runtime + self.place_index
                + self.first_flow_1_article)


@dataclass
class SizeResult:
    """Figures for one sample size."""

    n: int
    texts: int
    words: int
    spacy: Timing
    flow: Timing
    rerun: Timing
    written: int
    quarantined: int
    rerun_skipped: int
    fixed_s: float = 0.0

    @property
    def spacy_wps(self) -> float:
        return self.words / self.spacy.wall

    @property
    def flow_wps(self) -> float:
        return self.words / self.flow.wall

    @property
    def ratio(self) -> float:
        """wps(b) / wps(a), wall time."""
        return self.spacy.wall / self.flow.wall

    @property
    def cpu_ratio(self) -> float:
        """The same from CPU seconds (the flow's including Prefect's server): robust to other load."""
        return self.spacy.total_cpu / self.flow.total_cpu

    @property
    def net_ratio(self) -> float | None:
        """The wall-time ratio once the fixed cost of a run is taken off (None when it is not smaller)."""
        if self.flow.wall <= self.fixed_s:
            return None
        return self.spacy.wall / (self.flow.wall - self.fixed_s)

    @property
    def rerun_ratio(self) -> float:
        return self.rerun.wall / self.flow.wall


@dataclass
class Memory:
    """Peak memory of one cold flow run over N articles, in MiB."""

    n: int
    seconds: float
    peak_rss_mib: float  # the flow process itself (os.wait4 ru_maxrss)
    peak_tree_mib: float  # the process tree incl. Prefect's server (psutil polling; 0 without psutil)
    sample: str = "first N"  # or "first M, repeated": the same mix of articles, N of them


@dataclass
class Processes:
    """Whole processes timed by the wall clock, as a user pays them (interpreter start, imports,
    model, Prefect server or its connection, GX, the run, the report, the exit), in seconds.

    ``spacy_process``: ``python`` loading the shipped model and piping the same texts;
    ``with_server``/``without_server``: ``newsfacts backfill`` over the same N articles with a
    running local server (``newsfacts server start``, found by the run) and without one (the
    run starts its ephemeral server); ``*_1``: the same over one article (the fixed cost of a run).
    """

    n: int = 0
    words: int = 0
    spacy_process: float = 0.0
    spacy_process_2: float = 0.0  # measured again right before the with-server run (the machine drifts)
    with_server: float = 0.0
    without_server: float = 0.0
    with_server_1: float = 0.0
    without_server_1: float = 0.0
    server_start: float = 0.0  # `newsfacts server start` on a fresh database, once
    servers_seen: tuple[str, str] = ("", "")  # the summaries' prefect_server kinds (with, without)

    @property
    def ratio_with(self) -> float:
        return (self.spacy_process_2 or self.spacy_process) / self.with_server if self.with_server else 0.0

    @property
    def ratio_without(self) -> float:
        return self.spacy_process / self.without_server if self.without_server else 0.0


@dataclass
class Report:
    machine: dict
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    startup: Startup = field(default_factory=Startup)
    sizes: list[SizeResult] = field(default_factory=list)
    memory: list[Memory] = field(default_factory=list)
    processes: Processes | None = None
    prefect_db_fresh: bool = False

    def slope(self) -> tuple[float, float] | None:
        """Marginal words per second (spaCy, flow) between the smallest and largest N."""
        if len(self.sizes) < 2:
            return None
        lo, hi = self.sizes[0], self.sizes[-1]
        dw = hi.words - lo.words
        if dw <= 0 or hi.spacy.wall <= lo.spacy.wall or hi.flow.wall <= lo.flow.wall:
            return None
        return dw / (hi.spacy.wall - lo.spacy.wall), dw / (hi.flow.wall - lo.flow.wall)


def machine() -> dict:
    """nproc, CPU model and RAM of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(ram, 1), "python": platform.python_version()}


# ---------------------------------------------------------------- measuring


def _wall(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    timing, result = timed(fn, *args, **kwargs)
    return timing.wall, result


def measure_throughput(sizes: Sequence[int], work: Path, report: Report, log: Callable[[str], None]) -> None:
    """Startup costs, then (a), (b), (c) for each size, all in this process."""
    st = report.startup
    st.import_flow, _ = _wall(__import__, "flows.ingest")
    from prefect import flow

    from newsfacts.nlp import load_nlp, load_raw_nlp

    st.load_raw_model, raw = _wall(load_raw_nlp)
    log(f"raw model loaded in {st.load_raw_model:.1f} s")

    @flow(name="newsfacts-bench-noop")
    def noop() -> int:
        return 1

    st.prefect_server, _ = _wall(noop)
    log(f"Prefect server + first flow run in {st.prefect_server:.1f} s")
    st.load_newsfacts_model, _ = _wall(load_nlp)
    from newsfacts.quality import validate

    st.gx_runtime, _ = _wall(validate.runtime)
    from newsfacts.places import place_index

    st.place_index, _ = _wall(place_index)
    log(f"newsfacts model {st.load_newsfacts_model:.1f} s, GX runtime {st.gx_runtime:.1f} s, "
        f"place index {st.place_index:.1f} s")

    one = write_sample(sample_paths(1), work / "sample-1")
    st.first_flow_1_article, _ = _wall(run_flow, one, work / "wh-warmup-1")
    st.fixed_per_run, _ = _wall(run_flow, one, work / "wh-warmup-2")
    log(f"one-article flow: first {st.first_flow_1_article:.1f} s, then {st.fixed_per_run:.1f} s")

    for n in sorted(sizes):
        folder = write_sample(sample_paths(n), work / f"sample-{n}")
        texts = flow_texts(folder)
        words = count_words(raw, texts)
        spacy = spacy_alone(raw, texts)
        log(f"N={n}: spaCy alone {spacy.wall:.1f} s ({spacy.cpu:.1f} s CPU) for {words:,} words")
        wh = work / f"wh-{n}"
        flow_t, first = run_flow(folder, wh)
        log(f"N={n}: flow {flow_t.wall:.1f} s ({flow_t.cpu:.1f} + {flow_t.child_cpu:.1f} s CPU), "
            f"{first['articles_written']} written, {first['quarantined']} quarantined")
        rerun_t, again = run_flow(folder, wh)
        log(f"N={n}: rerun {rerun_t.wall:.1f} s, {again['duplicates_skipped']} skipped")
        report.sizes.append(SizeResult(
            n=n, texts=len(texts), words=words, spacy=spacy, flow=flow_t, rerun=rerun_t,
            written=first["articles_written"], quarantined=first["quarantined"],
            rerun_skipped=again["duplicates_skipped"], fixed_s=st.fixed_per_run,
        ))


def _child_env(home: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(home), NEWSFACTS_PORT=str(port))
    return env


def _timed_process(cmd: list[str], env: dict) -> tuple[float, str]:
    """Wall seconds of a child process from its start to its exit, and its stdout."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise click.ClickException(f"{' '.join(cmd[:3])} ... failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def backfill_process(folder: Path, warehouse: Path, env: dict) -> tuple[float, dict]:
    """``newsfacts backfill FOLDER`` as a user runs it; wall seconds and its JSON summary."""
    newsfacts = str(Path(sys.executable).with_name("newsfacts"))
    cmd = [newsfacts, "backfill", str(folder), "--warehouse", str(warehouse), "--no-progress", "--json"]
    seconds, out = _timed_process(cmd, env)
    return seconds, json.loads(out.strip().splitlines()[-1])


def measure_processes(n: int, work: Path, log: Callable[[str], None]) -> Processes:
    """spaCy alone and ``newsfacts backfill`` over the first ``n`` articles as whole processes,
    with a running local server and without one, plus the one-article runs (fixed cost)."""
    from newsfacts import server as srv

    res = Processes(n=n)
    folder = write_sample(sample_paths(n), work / f"proc-sample-{n}")
    one = write_sample(sample_paths(1), work / "proc-sample-1")
    texts = flow_texts(folder)
    texts_file = work / f"proc-texts-{n}.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    from newsfacts.nlp import load_raw_nlp

    res.words = count_words(load_raw_nlp(), texts)
    res.spacy_process, _ = _timed_process([sys.executable, "-m", "newsfacts.bench", "--child-spacy", str(texts_file)],
                                          os.environ.copy())
    log(f"processes N={n}: spaCy alone {res.spacy_process:.1f} s")
    lonely = _child_env(work / "prefect-ephemeral", 0)  # NEWSFACTS_PORT=0: look for no server
    res.without_server_1, _ = backfill_process(one, work / "proc-wh-eph-1", lonely)
    res.without_server, summary = backfill_process(folder, work / f"proc-wh-eph-{n}", lonely)
    seen_without = summary.get("prefect_server", {}).get("kind", "?")
    log(f"processes: without a server {res.without_server_1:.1f} s (1 article), {res.without_server:.1f} s (N={n})")
    home = work / "prefect-local"
    started = time.perf_counter()
    info = srv.start(home, port=srv.free_port(), timeout=300)
    res.server_start = time.perf_counter() - started
    try:
        local = _child_env(home, 0)
        backfill_process(one, work / "proc-wh-warmup", local)  # the server's first flow registers it
        res.with_server_1, _ = backfill_process(one, work / "proc-wh-local-1", local)
        res.spacy_process_2, _ = _timed_process(
            [sys.executable, "-m", "newsfacts.bench", "--child-spacy", str(texts_file)], os.environ.copy())
        log(f"processes N={n}: spaCy alone again {res.spacy_process_2:.1f} s (each newsfacts run is compared with "
            "the spaCy run just before it)")
        res.with_server, summary = backfill_process(folder, work / f"proc-wh-local-{n}", local)
        seen_with = summary.get("prefect_server", {}).get("kind", "?")
    finally:
        srv.stop(home)
    res.servers_seen = (seen_with, seen_without)
    log(f"processes: with server {info.api_url}: {res.with_server_1:.1f} s (1 article), {res.with_server:.1f} s (N={n})")
    return res


def write_repeated_sample(paths: Sequence[Path], n: int, folder: Path) -> Path:
    """``n`` articles cycling through ``paths``; each repeat gets " (copy k)" on its title
    line, so it is a new article (a new id) with the same length and content as the first.

    Files are named copy-major (``copy01-<category>-<name>.txt``, ``copy02-...``), so the
    flow reads the whole first pass, then the second: its chunks and ``nlp.pipe`` batches
    hold the same mix of lengths as the first N's. (Copies next to each other would put
    four copies of the longest article in one parse batch, a heavier batch than any the
    first N has.)"""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src, k = paths[i % len(paths)], i // len(paths)
        text = src.read_text(encoding="utf-8", errors="replace")
        if k:
            title, _, rest = text.partition("\n")
            text = f"{title} (copy {k + 1})\n{rest}"
        (folder / f"copy{k + 1:02d}-{src.parent.name}-{src.name}").write_text(text, encoding="utf-8")
    return folder


def measure_memory(n: int, work: Path, log: Callable[[str], None], *, repeat_of: int | None = None) -> Memory:
    """Peak RSS of a cold flow over the first ``n`` articles, in a child process of its own.

    With ``repeat_of=m``: over the first ``m`` articles repeated to ``n`` (the same mix of
    lengths and topics whatever ``n``; peaks that grow here grow with the corpus size).
    """
    if repeat_of:
        label = f"first {repeat_of:,}, repeated"
        folder = write_repeated_sample(sample_paths(repeat_of), n, work / f"sample-{n}-of-{repeat_of}")
    else:
        label = "first N"
        folder = write_sample(sample_paths(n), work / f"sample-{n}")
    wh = work / f"wh-mem-{n}-{repeat_of or 0}"
    cmd = [sys.executable, "-m", "newsfacts.bench", "--child-flow", str(folder), str(wh)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    peak_tree = [0]
    done = threading.Event()
    poller = threading.Thread(target=_poll_tree, args=(proc.pid, peak_tree, done), daemon=True)
    poller.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    done.set()
    poller.join()
    if proc.returncode != 0:
        raise click.ClickException(f"the memory child for N={n} failed with exit status {proc.returncode}")
    mem = Memory(n=n, seconds=seconds, peak_rss_mib=usage.ru_maxrss / 1024, peak_tree_mib=peak_tree[0] / 2**20,
                 sample=label)
    log(f"N={n} ({label}): cold flow {seconds:.1f} s, peak RSS {mem.peak_rss_mib:.0f} MiB (tree {mem.peak_tree_mib:.0f} MiB)")
    return mem


def _poll_tree(pid: int, peak: list[int], done: threading.Event, every: float = 0.1) -> None:
    """Record the largest summed RSS of process ``pid`` and its descendants until ``done``."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not done.is_set():
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        peak[0] = max(peak[0], total)
        done.wait(every)


# ---------------------------------------------------------------- output


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def render_text(r: Report) -> str:
    m, st = r.machine, r.startup
    lines = [
        f"machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Python {m['python']}",
        "load average: before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(*r.load_before, *r.load_after),
        "",
    ]
    if r.sizes:  # throughput was measured
        lines += [
            "startup (one-off, seconds):",
            f"  import flow              {st.import_flow:7.2f}",
            f"  load raw model (a only)  {st.load_raw_model:7.2f}",
            f"  Prefect server + 1st run {st.prefect_server:7.2f}" + ("  (fresh Prefect database)" if r.prefect_db_fresh else ""),
            f"  load newsfacts model     {st.load_newsfacts_model:7.2f}",
            f"  GX runtime               {st.gx_runtime:7.2f}",
            f"  place index              {st.place_index:7.2f}",
            f"  first 1-article flow     {st.first_flow_1_article:7.2f}",
            f"  startup total            {st.total:7.2f}",
            f"  fixed cost per flow run  {st.fixed_per_run:7.2f}  (second 1-article flow, all loaded)",
            "",
        ]
    for s in r.sizes:
        lines += [
            f"N={s.n}: {s.words:,} words in {s.texts:,} texts; written {s.written}, quarantined {s.quarantined}",
            f"  wps a (spaCy alone)      {s.spacy_wps:9,.0f}   ({s.spacy.wall:.2f} s; CPU {s.spacy.total_cpu:.2f} s)",
            f"  wps b (newsfacts flow)   {s.flow_wps:9,.0f}   ({s.flow.wall:.2f} s; CPU {s.flow.cpu:.2f} s"
            f" + children (parse helper, Prefect server) {s.flow.child_cpu:.2f} s)",
            f"  ratio b/a                {s.ratio:9.2f}   (wall time)",
            f"  ratio b/a, CPU time      {s.cpu_ratio:9.2f}   (flow CPU incl. its parse helper and Prefect server)",
            f"  per-article ratio        {_num(s.net_ratio):>9}   (wall, minus the fixed cost per run)",
            f"  rerun                    {s.rerun.wall:9.2f} s, {s.rerun_skipped} skipped",
            f"  incremental ratio        {s.rerun_ratio:9.1%}   (rerun / first run, wall time)",
        ]
        if s.quarantined:
            lines.append(f"  WARNING: {s.quarantined} articles were quarantined, so the flow did less than spaCy")
    slope = r.slope()
    if slope:
        a, b = slope
        lines += ["", f"slope N={r.sizes[0].n}..{r.sizes[-1].n}: wps a {a:,.0f}, wps b {b:,.0f}, ratio {b / a:.2f}"]
    elif len(r.sizes) > 1:
        lines += ["", f"slope N={r.sizes[0].n}..{r.sizes[-1].n}: not measurable (timing noise exceeds the difference)"]
    for mem in r.memory:
        lines.append(
            f"peak memory N={mem.n} ({mem.sample}): flow process {mem.peak_rss_mib:.0f} MiB, "
            f"process tree {mem.peak_tree_mib:.0f} MiB (cold run {mem.seconds:.1f} s)"
        )
    p = r.processes
    if p is not None:
        lines += [
            "",
            f"whole processes (wall clock from start to exit, as a user pays), N={p.n}, {p.words:,} words:",
            f"  spaCy alone, one process     {p.spacy_process:7.2f} s"
            + (f" (again before the server runs: {p.spacy_process_2:.2f} s)" if p.spacy_process_2 else ""),
            f"  newsfacts, running server    {p.with_server:7.2f} s   ratio {p.ratio_with:.2f}"
            f"   (summary: {p.servers_seen[0]})",
            f"  newsfacts, no server         {p.without_server:7.2f} s   ratio {p.ratio_without:.2f}"
            f"   (summary: {p.servers_seen[1]})",
            f"  1 article, running server    {p.with_server_1:7.2f} s   (fixed cost of a run a user pays)",
            f"  1 article, no server         {p.without_server_1:7.2f} s",
            f"  newsfacts server start       {p.server_start:7.2f} s   (once; fresh database)",
        ]
    return "\n".join(lines)


def render_markdown(r: Report) -> str:
    m, st = r.machine, r.startup
    out = [
        "# newsfacts throughput benchmark",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Python {m['python']}. "
        "Load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}.".format(*r.load_before, *r.load_after),
        "",
        "| N | words | spaCy alone (s) | wps a | flow (s) | wps b | ratio b/a | ratio b/a, CPU | per-article ratio "
        "| rerun (s) | rerun / first |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in r.sizes:
        out.append(
            f"| {s.n:,} | {s.words:,} | {s.spacy.wall:.2f} | {s.spacy_wps:,.0f} | {s.flow.wall:.2f} | {s.flow_wps:,.0f} "
            f"| {s.ratio:.2f} | {s.cpu_ratio:.2f} | {_num(s.net_ratio)} | {s.rerun.wall:.2f} | {s.rerun_ratio:.1%} |"
        )
    slope = r.slope()
    if slope:
        a, b = slope
        out += ["", f"Slope N = {r.sizes[0].n:,} → {r.sizes[-1].n:,}: wps a {a:,.0f}, wps b {b:,.0f}, ratio {b / a:.2f}."]
    if r.sizes:
        out += ["", "| startup | seconds |", "|---|---:|"]
        for key, value in asdict(st).items():
            out.append(f"| {key.replace('_', ' ')} | {value:.2f} |")
        out.append(f"| startup total (cold run, before its first article) | {st.total:.2f} |")
    p = r.processes
    if p is not None:
        out += ["", f"Whole processes, wall clock (N = {p.n:,}, {p.words:,} words):", "",
                "| process | seconds | ratio to spaCy alone |", "|---|---:|---:|",
                f"| spaCy alone (one process) | {p.spacy_process:.2f} | 1.00 |",
                f"| newsfacts backfill, running local server | {p.with_server:.2f} | {p.ratio_with:.2f} |",
                f"| newsfacts backfill, no server (ephemeral) | {p.without_server:.2f} | {p.ratio_without:.2f} |",
                f"| 1 article, running local server | {p.with_server_1:.2f} | |",
                f"| 1 article, no server | {p.without_server_1:.2f} | |",
                f"| newsfacts server start (once) | {p.server_start:.2f} | |"]
    if r.memory:
        out += ["", "| N | articles | cold flow (s) | peak RSS, flow process (MiB) | peak RSS, process tree (MiB) |",
                "|---:|---|---:|---:|---:|"]
        for mem in r.memory:
            out.append(f"| {mem.n:,} | {mem.sample} | {mem.seconds:.1f} | {mem.peak_rss_mib:.0f} | {mem.peak_tree_mib:.0f} |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- command


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--n", "sizes", type=click.IntRange(min=1), multiple=True, help="Sample size (repeat for several; default 500 and 2000).")
@click.option("--skip-memory", is_flag=True, help="Skip the peak-memory child runs.")
@click.option("--skip-throughput", is_flag=True, help="Measure peak memory only.")
@click.option("--same-mix", is_flag=True,
              help="Also measure peak memory for each larger N over the smallest N's articles repeated to N.")
@click.option("--markdown", type=click.Path(dir_okay=False, path_type=Path), help="Also write the figures as a Markdown table here.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the raw figures as JSON here.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), help="Keep samples and warehouses here (default: a temporary folder, removed).")
@click.option("--process-n", type=click.IntRange(min=0), default=None,
              help="Articles of the whole-process runs (spaCy alone, newsfacts with and without a running server); "
                   "default: 500, or the largest --n below it; 0 skips them.")
@click.option("--child-flow", nargs=2, type=click.Path(path_type=Path), hidden=True)
@click.option("--child-spacy", type=click.Path(path_type=Path), hidden=True)
def main(sizes, skip_memory, skip_throughput, same_mix, markdown, json_path, workdir, process_n, child_flow,
         child_spacy) -> None:
    """Words per second of spaCy alone and of the whole flow, the rerun cost and peak memory.

    \b
    Example:
        python -m newsfacts.bench                       # N = 500 and 2000
        python -m newsfacts.bench --n 500 --skip-memory --markdown bench.md
        python -m newsfacts.bench --n 500 --n 2000 --same-mix --skip-throughput   # memory only, + first 500 x4
        python -m newsfacts.bench --n 500 --n 2000 --n 8000 --same-mix --skip-throughput   # + first 500 x16
    """
    if child_spacy:  # a whole spaCy process: load the shipped model, pipe the texts, exit
        from newsfacts.nlp import load_raw_nlp

        nlp = load_raw_nlp()
        for _ in nlp.pipe(json.loads(Path(child_spacy).read_text(encoding="utf-8")), batch_size=PIPE_BATCH):
            pass
        return
    if child_flow:
        configure_environment()
        from flows.run import run_ingest

        folder, wh = child_flow
        summary = run_ingest([str(folder)], warehouse=str(wh), progress=False)
        sys.exit(0 if summary.get("balanced") else 3)

    sizes = sorted(set(sizes or (500, 2000)))
    log = lambda msg: click.echo(f"[bench] {msg}", err=True)  # noqa: E731
    tmp = None
    if workdir is None:
        tmp = tempfile.mkdtemp(prefix="newsfacts-bench-")
        work = Path(tmp)
        # removed at exit, after Prefect has stopped its server (atexit runs last-registered first)
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    else:
        work = workdir
        work.mkdir(parents=True, exist_ok=True)
    # A Prefect home of the benchmark's own (unless the caller set one): other runs never interfere.
    # In this process and the memory children, Prefect's own ephemeral server (no running server is
    # looked for); the whole-process runs choose with and without one explicitly.
    os.environ.setdefault("NEWSFACTS_PORT", "0")
    prefect_home = Path(os.environ.get("PREFECT_HOME") or work / "prefect")
    fresh_db = not any(prefect_home.glob("*.db"))
    configure_environment(home=prefect_home)
    report = Report(machine=machine(), load_before=os.getloadavg(), prefect_db_fresh=fresh_db)
    available = corpus_size()
    beyond = [n for n in sizes if n > available]
    if beyond and not (same_mix and skip_throughput and sizes[0] <= available):
        raise click.UsageError(
            f"the BBC corpus has {available:,} articles: --n {beyond[0]} works only for peak memory over "
            "repeated articles (--same-mix --skip-throughput, with a smallest --n within the corpus)")
    if not skip_memory:
        for n in sizes:
            if n <= available:  # beyond the corpus: only the repeated sample exists
                report.memory.append(measure_memory(n, work, log))
        if same_mix:
            for n in sizes[1:]:
                report.memory.append(measure_memory(n, work, log, repeat_of=sizes[0]))
        report.prefect_db_fresh = False  # the children have migrated it
    if not skip_throughput:
        measure_throughput(sizes, work, report, log)
        if process_n is None:
            process_n = max([n for n in sizes if n <= 500] or [min(sizes)])
        if process_n:
            report.processes = measure_processes(min(process_n, available), work, log)
    report.load_after = os.getloadavg()
    click.echo(render_text(report))
    if markdown:
        markdown.write_text(render_markdown(report))
    if json_path:
        derived = [
            {"n": s.n, "spacy_wps": s.spacy_wps, "flow_wps": s.flow_wps, "ratio": s.ratio, "cpu_ratio": s.cpu_ratio,
             "net_ratio": s.net_ratio, "rerun_ratio": s.rerun_ratio}
            for s in report.sizes
        ]
        data = asdict(report) | {"figures": derived, "slope": report.slope(), "startup_total": report.startup.total}
        if report.processes is not None:
            data["process_ratios"] = {"with_server": report.processes.ratio_with,
                                      "without_server": report.processes.ratio_without}
        json_path.write_text(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    main()
