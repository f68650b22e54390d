"""Imported by the forkserver that local Dask workers are forked from (:mod:`newsfacts.workerfork`):
importing this module loads, once, what every worker needs before its first chunk.

Nothing else imports it. A failure here (a missing or altered model, say) is not raised:
the workers then start cold and load for themselves, so the error reaches the user from
the worker's own warm-up with its usual message.
"""

from __future__ import annotations

import threading
import time

#: Seconds the preload took and the threads alive after it (the forkserver must fork
#: from a single thread), for diagnostics.
SECONDS: float | None = None
THREADS: int | None = None
ERROR: str | None = None


def _preload() -> None:
    from newsfacts.settings import configure_environment

    configure_environment(quiet=True)
    import distributed.nanny  # noqa: F401  (what a worker process runs)
    import distributed.worker  # noqa: F401
    import prefect_dask  # noqa: F401

    import tasks.steps  # noqa: F401  (the chunk task)
    from flows.run import warm_worker

    warm_worker()  # as any worker warms: Prefect's task engine, the model (hash-checked), GX, places


_started = time.perf_counter()
try:
    _preload()
except Exception as exc:  # noqa: BLE001  (the workers load for themselves and report it)
    ERROR = f"{type(exc).__name__}: {exc}"
SECONDS = time.perf_counter() - _started
THREADS = threading.active_count()
