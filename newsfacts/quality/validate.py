"""Validate a batch's tables against the suites in ``expectations/``.

One ephemeral GX context per process (built on first use, memoised), one
pandas data asset and whole-dataframe batch definition per table, suites parsed
once. Each call validates one runtime DataFrame per table and turns GX's
results into ``quality`` table rows.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from newsfacts.errors import QualityGateError
from newsfacts.quality.derived import add_derived
from newsfacts.quality.suites import (
    CRITICAL,
    WARNING,
    SuiteError,
    expectation_column,
    expectations_dir,
    load_suite_dicts,
    to_gx_suite,
)
from newsfacts.schema import QUALITY, TABLES

#: How many unexpected values a quality row (and a failure line) quotes.
EXAMPLES = 5
#: BASIC: counts and a few unexpected values (SUMMARY costs ~40% more on every batch).
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": EXAMPLES}
#: Failed expectations only are run again with SUMMARY, whose row index quotes the offending rows.
FAILED_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES}
DATASOURCE = "newsfacts"


@dataclass
class _Runtime:
    """What validation needs, built once per process and suites folder."""

    context: Any
    batch_definitions: dict[str, Any]
    suites: dict[str, Any]  # GX ExpectationSuite by table
    order: dict[str, dict[tuple[str, str | None], int]]  # (type, column) -> position in the suite file
    folder: Path


_LOCK = threading.RLock()
_RUNTIMES: dict[Path, _Runtime] = {}


def gx_context():
    """An in-memory GX context: no progress bars, no analytics, no temporary docs site.

    GX is imported here, not at module import (it takes seconds).
    """
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def runtime(folder: Path | None = None) -> _Runtime:
    """The memoised GX context, batch definitions and suites for a suites folder.

    Raises:
        SuiteError: the folder has no valid suites.
    """
    folder = Path(folder or expectations_dir()).resolve()
    with _LOCK:
        rt = _RUNTIMES.get(folder)
        if rt is None:
            dicts = load_suite_dicts(folder)
            import newsfacts.quality.gx_schema  # noqa: F401  registers our expectation with GX

            context = gx_context()
            source = context.data_sources.add_pandas(DATASOURCE)
            defs = {
                name: source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
                for name in dicts
            }
            order = {
                name: {(e["type"], expectation_column(e["type"], e["kwargs"])): i for i, e in enumerate(d["expectations"])}
                for name, d in dicts.items()
            }
            rt = _RUNTIMES[folder] = _Runtime(context, defs, {n: to_gx_suite(d) for n, d in dicts.items()}, order, folder)
        return rt


def reset_runtime() -> None:
    """Forget the memoised contexts (after regenerating suites in the same process)."""
    with _LOCK:
        _RUNTIMES.clear()


@dataclass
class QualityReport:
    """The outcome of validating one batch.

    Attributes:
        run_id, batch_id: what was validated.
        rows: one ``quality`` row per expectation result (schema ``QUALITY``).
        results: GX's ``ExpectationSuiteValidationResult`` per table (for data docs).
        seconds: wall time of the validation, derived columns included.
        setup_seconds: time spent importing GX and building the context (first call per process).
    """

    run_id: str
    batch_id: str
    rows: pa.Table
    results: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    setup_seconds: float = 0.0

    def _lines(self, severity: str) -> list[str]:
        lines = []
        for r in self.rows.to_pylist():
            if not r["success"] and r["severity"] == severity:
                lines.append(describe(r))
        return lines

    @property
    def passed(self) -> bool:
        """False iff a critical expectation failed."""
        return not self._lines(CRITICAL)

    @property
    def failures(self) -> list[str]:
        """One line per failed critical expectation."""
        return self._lines(CRITICAL)

    @property
    def warnings(self) -> list[str]:
        """One line per failed warning expectation."""
        return self._lines(WARNING)

    def raise_if_failed(self) -> None:
        """Raises:
        QualityGateError: a critical expectation failed (``detail`` lists every failure)."""
        failures = self.failures
        if failures:
            raise QualityGateError(
                f"batch {self.batch_id} failed {len(failures)} critical expectation(s): {failures[0]}",
                detail="\n".join(failures),
            )


def describe(row: Mapping[str, Any]) -> str:
    """A readable one-liner for a failed quality row, e.g.
    ``facts.value: expect_column_values_to_be_between: 2 of 40 unexpected (e.g. -3.0)``."""
    where = f"{row['table']}.{row['column']}" if row["column"] else row["table"]
    details = json.loads(row["details"] or "{}")
    if details.get("exception"):
        what = f"raised {details['exception']}"
    elif row["unexpected_count"] is not None:
        what = f"{row['unexpected_count']} of {row['element_count']} unexpected"
        examples = details.get("partial_unexpected") or []
        if examples:
            what += " (e.g. " + ", ".join(_short(v) for v in examples[:3]) + ")"
        if details.get("rows"):
            what += f"; first row {_short(details['rows'][0], 160)}"
    else:
        what = f"observed {_short(details.get('observed_value'))}"
    return f"{where}: {row['expectation']}: {what}"


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _example_rows(frame: Any, table: str, index: list, kwargs: Mapping[str, Any], n: int = 3) -> list[dict]:
    """The first offending rows, with the columns that identify them and the checked columns."""
    spec = TABLES[table]
    wanted = list(spec.key) + [c for c in ("field", "start_char", "end_char", "text", "evidence") if c not in spec.key]
    wanted += [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    cols = [c for c in dict.fromkeys(wanted) if c in frame.columns]
    rows = frame.loc[[i for i in index[:n] if i in frame.index], cols]
    return [{k: _plain(v) for k, v in rec.items()} for rec in rows.to_dict("records")]


def _plain(value: Any, width: int = 200) -> Any:
    """A JSON-friendly scalar (pandas NA and numpy scalars to Python, long text cut)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and len(value) > width:
        return value[: width - 1] + "…"
    return value.item() if hasattr(value, "item") else value


def _rows(
    table: str, result: Any, frame: Any, rt: _Runtime, run_id: str, batch_id: str, checked_at: datetime
) -> list[dict]:
    order = rt.order.get(table, {})
    rows = []
    for r in result.results:
        cfg = r.expectation_config
        kwargs = {k: v for k, v in cfg.kwargs.items() if k != "batch_id"}
        column = expectation_column(cfg.type, kwargs)
        severity = (cfg.meta or {}).get("severity") or getattr(getattr(cfg, "severity", None), "value", CRITICAL)
        res = r.result or {}
        exc = r.exception_info or {}
        if "raised_exception" not in exc:  # GX may key exception info by metric id
            exc = next(iter(exc.values()), {}) if exc else {}
        details = {"kwargs": kwargs}
        if res.get("partial_unexpected_list"):
            details["partial_unexpected"] = res["partial_unexpected_list"][:EXAMPLES]
        if not r.success and res.get("partial_unexpected_index_list"):
            details["rows"] = _example_rows(frame, table, res["partial_unexpected_index_list"], kwargs)
        if "observed_value" in res:
            details["observed_value"] = res["observed_value"]
        if res.get("details"):
            details["gx_details"] = res["details"]
        if exc.get("raised_exception"):
            details["exception"] = exc.get("exception_message")
        rows.append({
            "run_id": run_id, "batch_id": batch_id, "table": table, "expectation": cfg.type,
            "column": column, "severity": severity if severity in (CRITICAL, WARNING) else CRITICAL,
            "success": bool(r.success), "unexpected_count": res.get("unexpected_count"),
            "element_count": res.get("element_count"),
            "details": json.dumps(details, default=str, ensure_ascii=False), "checked_at": checked_at,
            "_pos": order.get((cfg.type, column), len(order)),
        })
    rows.sort(key=lambda row: row.pop("_pos"))
    return rows


def validate_batch(
    tables: Mapping[str, pa.Table], *, run_id: str, batch_id: str, suites_dir: Path | None = None
) -> QualityReport:
    """Validate every table of a batch that has a suite.

    Args:
        tables: Arrow tables by name (``articles``, ``sentences``, ``entities``, ``facts``,
            ``quarantine``); tables without a suite are ignored. Cross-table checks read
            ``articles`` and ``sentences`` from the same mapping (a missing one counts as empty).
        run_id, batch_id: stored on every quality row.
        suites_dir: the suites folder (default :func:`expectations_dir`).

    Returns:
        The report: ``rows`` (schema ``QUALITY``), ``passed``, ``failures``, ``warnings``.

    Raises:
        SuiteError: no suites could be loaded.
    """
    t_setup = time.perf_counter()
    rt = runtime(suites_dir)
    t0 = time.perf_counter()
    checked_at = datetime.now(timezone.utc)
    rows: list[dict] = []
    results: dict[str, Any] = {}
    for name in rt.suites:
        if name not in tables:
            continue
        frame = add_derived(name, tables[name], tables)
        with _LOCK:
            batch = rt.batch_definitions[name].get_batch(batch_parameters={"dataframe": frame})
            result = batch.validate(rt.suites[name], result_format=RESULT_FORMAT)
            _locate_failures(batch, result, name)
        _annotate(result, name, run_id, batch_id, checked_at)
        results[name] = result
        rows.extend(_rows(name, result, frame, rt, run_id, batch_id, checked_at))
    if not results and tables:
        raise SuiteError(f"none of the tables {sorted(tables)} has a suite in {rt.folder}")
    cols = {c: [r[c] for r in rows] for c in QUALITY.columns}
    return QualityReport(
        run_id, batch_id, pa.Table.from_pydict(cols, schema=QUALITY.schema), results,
        seconds=time.perf_counter() - t0, setup_seconds=t0 - t_setup,
    )


def _locate_failures(batch: Any, result: Any, table: str) -> None:
    """Run the failed expectations again with SUMMARY and merge in the unexpected rows' index."""
    failed = [r for r in result.results if not r.success and (r.result or {}).get("unexpected_count")]
    if not failed:
        return
    import great_expectations as gx

    configs = []
    for r in failed:
        cfg = r.expectation_config.to_json_dict()
        cfg["kwargs"] = {k: v for k, v in cfg["kwargs"].items() if k != "batch_id"}
        cfg.pop("id", None)
        configs.append(cfg)
    again = batch.validate(gx.ExpectationSuite(name=f"{table}-failed", expectations=configs), result_format=FAILED_FORMAT)
    index = {
        (r.expectation_config.type, expectation_column(r.expectation_config.type, r.expectation_config.kwargs)):
            (r.result or {}).get("partial_unexpected_index_list")
        for r in again.results
    }
    for r in failed:
        found = index.get((r.expectation_config.type, expectation_column(r.expectation_config.type, r.expectation_config.kwargs)))
        if found:
            r.result["partial_unexpected_index_list"] = found


def _annotate(result: Any, table: str, run_id: str, batch_id: str, checked_at: datetime) -> None:
    """Record what was validated in the result's meta (shown by data docs)."""
    from great_expectations.core.run_identifier import RunIdentifier

    result.meta["run_id"] = RunIdentifier(run_name=run_id, run_time=checked_at)
    result.meta["validation_time"] = checked_at
    result.meta["batch_id"] = batch_id
    result.meta["newsfacts_table"] = table
