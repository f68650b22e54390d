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

import ctypes
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
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


def _read_exactly(fd: int, n: int, deadline_check=None) -> bytes:
    chunks, left = [], n
    while left:
        if deadline_check is not None:  # wait in slices: Python code runs between them
            while not select.select([fd], [], [], WAIT_SLICE)[0]:
                deadline_check()
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise HelperGone("the helper process exited")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, deadline_check=None) -> object:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline_check))
    return pickle.loads(_read_exactly(fd, size, deadline_check))


# ---------------------------------------------------------------- the child process


def child_main(parent: int) -> None:
    """The helper's loop: load the model, say ready, then parse each request until stdin closes."""
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
            docs = DocBin(attrs=DOC_ATTRS, store_user_data=False)
            with nlp.select_pipes(disable=local):
                for doc in nlp.pipe(texts, batch_size=batch_size):
                    docs.add(doc)
            reply = ("ok", docs.to_bytes())
        except Exception as exc:  # noqa: BLE001  (reported; the parent parses the chunk itself)
            reply = ("error", f"{type(exc).__name__}: {exc}")
        _send(out, reply)
        del docs
        release_memory()


# ---------------------------------------------------------------- this side


class ParseHelper:
    """One child process that parses texts with the statistical pipeline (see the module)."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "newsfacts.parsehelper", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        self._lock = threading.Lock()
        self._pid: int | None = None
        self.broken: str | None = None

    def pid(self, timeout: float = READY_TIMEOUT) -> int:
        """The child's pid, once its model is loaded (raises :class:`HelperGone` otherwise)."""
        with self._lock:
            self._wait_ready(timeout)
        return self._pid

    def _wait_ready(self, timeout: float) -> None:
        if self._pid is not None:
            return
        if not select.select([self._proc.stdout], [], [], timeout)[0]:
            raise HelperGone(f"the helper did not load the model within {timeout:.0f} s")
        kind, pid = _receive(self._proc.stdout.fileno())
        if kind != "ready":
            raise HelperGone(f"unexpected first message {kind!r}")
        self._pid = pid

    def parse(self, nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc] | None:
        """The Docs of ``texts`` after the statistical components (in order), or None when the
        helper is gone or failed on them (then the caller parses in its own process)."""
        if self.broken:
            return None
        try:
            with self._lock:  # one request at a time: the child parses in order
                self._wait_ready(READY_TIMEOUT)
                _send(self._proc.stdin, (list(texts), batch_size))
                kind, payload = _receive(self._proc.stdout.fileno(), deadline_check=lambda: None)
        except (HelperGone, OSError, EOFError, pickle.UnpicklingError, ValueError) as exc:
            self._mark_broken(exc)
            return None
        if kind != "ok":
            log.warning("the parse helper failed on a chunk (%s); parsing it in this process", payload)
            return None
        return DocBin(attrs=DOC_ATTRS).from_bytes(payload).get_docs(nlp.vocab)

    def _mark_broken(self, exc: BaseException) -> None:
        if not self.broken:
            code = self._proc.poll()
            self.broken = f"{type(exc).__name__}: {exc}" + (f" (exit code {code})" if code is not None else "")
            log.warning("the parse helper process stopped (%s); this run parses the rest in its own "
                        "process (same tables, slower)", self.broken)

    def close(self) -> None:
        """Stop the child (its stdin closes, then it is killed if still there)."""
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)
        self._proc.stdout.close()


@contextmanager
def parse_helper(enabled: bool | None = None) -> Iterator[ParseHelper | None]:
    """A parse helper for the duration of an in-process run (None when not :func:`wanted`)."""
    global _current
    if not (wanted() if enabled is None else enabled):
        yield None
        return
    helper = ParseHelper()
    previous, _current = _current, helper
    try:
        yield helper
    finally:
        _current = previous
        helper.close()


def finish_docs(nlp: Language, docs: Iterator[Doc]) -> Iterator[Doc]:
    """Run this process's components (:data:`LOCAL_COMPONENTS`, in pipeline order) on restored Docs."""
    procs = [proc for name, proc in nlp.pipeline if name in LOCAL_COMPONENTS]
    for doc in docs:
        for proc in procs:
            doc = proc(doc)
        yield doc


if __name__ == "__main__":
    child_main(int(sys.argv[1]))
