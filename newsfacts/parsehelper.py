"""A parsing process beside an in-process run: spaCy's statistical pipeline on the second core.

An in-process run (``--workers 1``) used to parse, extract, check and write on one core,
one after the other: newsfacts' own work (the entity, time and fact components, the rows,
the Great Expectations suites, the Delta commits, Prefect) came on top of spaCy's parse.
With a parse helper, a child process runs the model's statistical components (tagger,
parser, NER, the CoNLL entity component, and the paragraph boundaries they depend on)
while this process runs everything else on the chunk before: the work is pipelined over
two cores instead of added up on one. Docs travel back as a :class:`spacy.tokens.DocBin`
(about 2 % of the parse's cost: 0.14 s to serialise and 0.10 s to read back 36,000 tokens
against 10 s of parsing), and the components that follow run here on the restored Docs, so
the tables are the same as from one process (``tests/test_parse_helper.py``).

Used only where it can help: an in-process run on a machine with two or more usable cores
(``NEWSFACTS_PARSE_PROCESS=0`` turns it off, ``=1`` forces it). Dask workers parse in their
own process as before. The child ignores Ctrl-C (the run handles it and shuts the helper
down) and dies with its parent (``PR_SET_PDEATHSIG``). If it dies during a run (killed, out
of memory), the run says so once and parses the rest in its own process: the same rows, no
chunk lost.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import BinaryIO

from spacy.language import Language
from spacy.tokens import Doc, DocBin

log = logging.getLogger(__name__)

#: The components this process runs on the Docs the helper returns (newsfacts' own, after NER).
LOCAL_COMPONENTS = ("newsfacts_entities", "newsfacts_timex", "newsfacts_facts")
#: Token attributes carried back (DocBin's defaults plus NORM, which the tokenizer's exceptions set).
DOC_ATTRS = ["ORTH", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID",
             "LEMMA", "MORPH", "POS", "SENT_START", "SPACY"]
#: Seconds between checks for a stop while waiting on the helper (a stop is raised in Python code).
WAIT_SLICE = 0.25
#: Seconds the helper may take to load the model before the run gives up on it.
READY_TIMEOUT = 300.0

_current: ParseHelper | None = None
_HEADER = struct.Struct("!Q")


class HelperGone(Exception):
    """The helper process exited, or answered with an error or garbage."""


def wanted() -> bool:
    """Whether an in-process run should start a parse helper: two or more usable cores,
    unless ``NEWSFACTS_PARSE_PROCESS`` says otherwise (``0`` off, ``1`` on)."""
    forced = os.environ.get("NEWSFACTS_PARSE_PROCESS", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores >= 2


def current() -> ParseHelper | None:
    """The helper of the run in progress in this process, if any."""
    return _current


# ---------------------------------------------------------------- messages: a length, then a pickle


def _send(stream: BinaryIO, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise HelperGone("the helper process exited")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int) -> object:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))


# ---------------------------------------------------------------- the child process


def child_main(parent: int) -> None:
    """The helper's loop: load the model, say ready, then parse each request until stdin closes,
    answering every ``batch_size`` Docs as they come (``part``), then ``done`` (or ``error``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent handles it
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        return
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the messages
    from newsfacts.memory import release_memory
    from newsfacts.nlp import load_nlp

    nlp = load_nlp()
    local = [name for name in LOCAL_COMPONENTS if name in nlp.pipe_names]
    _send(out, ("ready", os.getpid()))
    fd = sys.stdin.fileno()
    while True:
        try:
            texts, batch_size = _receive(fd)
        except HelperGone:
            return
        try:
            part = DocBin(attrs=DOC_ATTRS, store_user_data=False)
            with nlp.select_pipes(disable=local):
                for doc in nlp.pipe(texts, batch_size=batch_size):
                    part.add(doc)
                    if len(part) >= batch_size:
                        _send(out, ("part", part.to_bytes()))
                        part = DocBin(attrs=DOC_ATTRS, store_user_data=False)
            if len(part):
                _send(out, ("part", part.to_bytes()))
            reply = ("done", None)
        except Exception as exc:  # noqa: BLE001  (reported; the parent parses the rest itself)
            reply = ("error", f"{type(exc).__name__}: {exc}")
        _send(out, reply)
        release_memory()


# ---------------------------------------------------------------- this side


class HelperFailed(Exception):
    """The helper could not parse a chunk (it said why); the rest of it is parsed here."""


class ParseHelper:
    """One child process that parses texts with the statistical pipeline (see the module).

    Requests are sent in order and the child answers them in order, in parts of one spaCy
    batch each; a reader thread moves the answers into the queue of the request they belong
    to, so the child never waits for this process to take them and the caller works on the
    first Docs of a chunk while the child parses the next ones.
    """

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "newsfacts.parsehelper", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        # Two locks: the reader routes answers under ``_route_lock`` only, so it keeps draining the
        # child while a sender blocks on a full stdin pipe (the child reads the next request only
        # after it has answered the last one in full).
        self._send_lock = threading.Lock()
        self._route_lock = threading.Lock()
        self._waiting: deque[queue.SimpleQueue] = deque()  # one queue per request sent, oldest first
        self._ready = threading.Event()
        self._pid: int | None = None
        self.broken: str | None = None
        self._reader = threading.Thread(target=self._read_answers, name="newsfacts-parse-helper", daemon=True)
        self._reader.start()

    def _read_answers(self) -> None:
        fd = self._proc.stdout.fileno()
        try:
            kind, pid = _receive(fd)
            if kind != "ready":
                raise HelperGone(f"unexpected first message {kind!r}")
            self._pid = pid
            self._ready.set()
            while True:
                kind, payload = _receive(fd)
                with self._route_lock:
                    target = self._waiting[0] if self._waiting else None
                    if kind in ("done", "error") and self._waiting:
                        self._waiting.popleft()
                if target is None:
                    raise HelperGone(f"an answer ({kind}) to no request")
                target.put((kind, payload))
        except (HelperGone, OSError, EOFError, pickle.UnpicklingError, ValueError, struct.error) as exc:
            self._mark_broken(exc)
        finally:
            self._ready.set()
            with self._route_lock:
                pending, self._waiting = list(self._waiting), deque()
            for target in pending:
                target.put(("gone", self.broken))

    def pid(self, timeout: float = READY_TIMEOUT) -> int:
        """The child's pid, once its model is loaded (raises :class:`HelperGone` otherwise)."""
        if not self._ready.wait(timeout) or self._pid is None:
            raise HelperGone(self.broken or f"the helper did not load the model within {timeout:.0f} s")
        return self._pid

    def stream(self, nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
        """The Docs of ``texts`` after the statistical components, in order, as the child makes them.

        Raises:
            HelperGone: the helper is gone (before or during this request).
            HelperFailed: the helper could not parse one of these texts.
        """
        if self.broken:
            raise HelperGone(self.broken)
        answers: queue.SimpleQueue = queue.SimpleQueue()
        try:
            with self._send_lock:  # queue first: the reader must know the request when its answers come
                with self._route_lock:
                    self._waiting.append(answers)
                _send(self._proc.stdin, (list(texts), batch_size))
        except (OSError, ValueError) as exc:
            self._mark_broken(exc)
            raise HelperGone(self.broken) from exc
        while True:
            try:  # in slices, so a stop raised in this thread is not held up
                kind, payload = answers.get(timeout=WAIT_SLICE)
            except queue.Empty:
                if self.broken and not self._reader.is_alive():  # died after our request was queued
                    raise HelperGone(self.broken) from None
                continue
            if kind == "part":
                yield from DocBin(attrs=DOC_ATTRS).from_bytes(payload).get_docs(nlp.vocab)
            elif kind == "done":
                return
            elif kind == "error":
                raise HelperFailed(payload)
            else:
                raise HelperGone(payload or "the helper process exited")

    def _mark_broken(self, exc: BaseException) -> None:
        if not self.broken:
            code = self._proc.poll()
            self.broken = f"{type(exc).__name__}: {exc}" + (f" (exit code {code})" if code is not None else "")
            if not self._closing:
                log.warning("the parse helper process stopped (%s); this run parses the rest in its own "
                            "process (same tables, slower)", self.broken)

    _closing = False

    @property
    def closed(self) -> bool:
        return self._closing

    def close(self) -> None:
        """Stop the child (its stdin closes, then it is killed if still there); idempotent."""
        if self._closing:
            return
        self._closing = True
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)
        self._reader.join(timeout=5)
        self._proc.stdout.close()


_shared: ParseHelper | None = None


def _live_helper() -> ParseHelper:
    """This process's helper, started on first use (and again if the last one died or was shut down)."""
    global _shared
    if _shared is None or _shared.broken or _shared.closed:
        _shared = ParseHelper()
        atexit.register(_shared.close)
    return _shared


def prestart() -> ParseHelper | None:
    """Start this process's helper now, ahead of the run (a command's warm-up), if :func:`wanted`,
    so its model loads while this process imports and warms up; the run uses it."""
    return _live_helper() if wanted() else None


def shutdown() -> None:
    """Stop this process's helper (it is also stopped at exit)."""
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None


@contextmanager
def parse_helper(enabled: bool | None = None) -> Iterator[ParseHelper | None]:
    """This process's parse helper for the duration of an in-process run (None when not
    :func:`wanted`). Like the model, it is loaded once per process and kept for the next run."""
    global _current
    if not (wanted() if enabled is None else enabled):
        yield None
        return
    helper = _live_helper()
    previous, _current = _current, helper
    try:
        yield helper
    finally:
        _current = previous


def finish_docs(nlp: Language, docs: Iterator[Doc]) -> Iterator[Doc]:
    """Run this process's components (:data:`LOCAL_COMPONENTS`, in pipeline order) on restored Docs."""
    procs = [proc for name, proc in nlp.pipeline if name in LOCAL_COMPONENTS]
    for doc in docs:
        for proc in procs:
            doc = proc(doc)
        yield doc


if __name__ == "__main__":
    child_main(int(sys.argv[1]))
