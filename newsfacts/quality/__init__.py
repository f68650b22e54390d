"""Quality gates: Great Expectations suites generated from ``newsfacts.schema``.

>>> from newsfacts.quality import validate_batch
>>> report = validate_batch(tables, run_id="r1", batch_id="b0001")   # doctest: +SKIP
>>> report.passed, report.failures, report.rows.num_rows              # doctest: +SKIP

* ``expectations/<table>.json`` — the suites, written by ``python -m newsfacts.quality generate``.
* :func:`validate_batch` — validates a batch's Arrow tables, returns a :class:`QualityReport`.
* :func:`build_data_docs` — GX's HTML data docs under ``<warehouse>/_reports/data_docs/``.
* :func:`summary_markdown` — a markdown summary for a Prefect artifact.

GX is imported lazily (it takes seconds): importing this package is cheap.
"""

from newsfacts.quality.docs import build_data_docs, summary_markdown
from newsfacts.quality.suites import (
    CRITICAL,
    WARNING,
    SuiteError,
    expectations_dir,
    generate,
    stale_suites,
    write_suites,
)
from newsfacts.quality.validate import QualityReport, describe, validate_batch

__all__ = [
    "CRITICAL",
    "WARNING",
    "QualityReport",
    "SuiteError",
    "build_data_docs",
    "describe",
    "expectations_dir",
    "generate",
    "stale_suites",
    "summary_markdown",
    "validate_batch",
    "write_suites",
]
