"""One GX expectation for a table's column types and non-null columns.

GX's built-ins need one expectation per column for these
(``expect_column_values_to_be_of_type`` and ``expect_column_values_to_not_be_null``):
about 80 expectations over the five tables, and GX spends ~10 ms of Python
bookkeeping on each, whatever the data size — most of a batch's validation
time. This expectation checks every column of a table in one pass over the
frame: the pandas dtypes that :func:`newsfacts.quality.derived.to_frame` gives
the schema's Arrow types (exact: ``Int32``, ``datetime64[us, UTC]``, ...) and
no nulls in the schema's non-nullable columns.

Importing this module imports GX and registers the expectation and its metric;
:mod:`newsfacts.quality.validate` imports it before loading suites.
"""

from __future__ import annotations

from typing import Any, ClassVar

from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

EXPECTATION = "expect_table_to_match_newsfacts_schema"
METRIC = "table.newsfacts_dtypes_and_nulls"


class TableDtypesAndNulls(TableMetricProvider):
    """Each column's pandas dtype (as a string) and null count, in one pass."""

    metric_name = METRIC

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics, runtime_configuration):
        df, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE)
        nulls = df.isna().sum()
        return {
            "n_rows": len(df),
            "dtypes": {str(c): str(t) for c, t in df.dtypes.items()},
            "nulls": {str(c): int(n) for c, n in nulls.items()},
        }


class ExpectTableToMatchNewsfactsSchema(BatchExpectation):
    """Expect each column's pandas dtype to be the schema's, and no nulls in required columns.

    Args:
        column_types: column name -> expected pandas dtype string, e.g. ``{"value": "float64"}``.
        required: the columns that may never be null.

    The result lists every offending column in ``partial_unexpected_list``
    (e.g. ``"value: 2 nulls"``, ``"n_words: dtype float64, expected Int32"``);
    ``unexpected_count`` is the number of offending columns.
    """

    column_types: dict[str, str]
    required: list[str]

    metric_dependencies: ClassVar[tuple[str, ...]] = (METRIC,)
    success_keys: ClassVar[tuple[str, ...]] = ("column_types", "required")
    args_keys: ClassVar[tuple[str, ...]] = ("column_types", "required")

    class Config:
        title = "Expect table to match the newsfacts schema"

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        observed = metrics[METRIC]
        problems: list[str] = []
        for column, expected in self.column_types.items():
            actual = observed["dtypes"].get(column)
            if actual is None:
                problems.append(f"{column}: missing")
            elif actual != expected:
                problems.append(f"{column}: dtype {actual}, expected {expected}")
        for column in self.required:
            n = observed["nulls"].get(column, 0)
            if n:
                problems.append(f"{column}: {n} null{'s' if n != 1 else ''}")
        result: dict[str, Any] = {
            "observed_value": f"{len(problems)} offending column(s)" if problems else "matches",
            "element_count": len(self.column_types),
            "unexpected_count": len(problems),
            "partial_unexpected_list": problems[:20],
        }
        return {"success": not problems, "result": result}
