"""The derived check of the facts' links (``same_as_fact_id``, ``revises_fact_id``).

A link names another fact of the same article and field ("$280bn (£155bn)": the pounds point
to the dollars; "to 4.0% from 4.4%": 4.0 points to 4.4). Per row: True when the row has no
link, or every link it has names a ``fact_id`` of the same table with the same ``article_id``
and ``field`` (never itself). Pure function over an Arrow table; no GX import.

>>> import pyarrow as pa
>>> t = pa.table({"fact_id": ["a", "b"], "article_id": ["x", "x"], "field": ["body", "body"],
...               "same_as_fact_id": [None, "a"], "revises_fact_id": [None, "zz"]})
>>> links_resolve(t)
[True, False]
"""

from __future__ import annotations

import pyarrow as pa

#: The link columns of ``facts``, each naming another fact's ``fact_id``.
LINK_COLUMNS: tuple[str, ...] = ("same_as_fact_id", "revises_fact_id")
#: The derived column and its meaning (appended to ``quality.derived.DERIVED["facts"]``).
LINKS_RESOLVE = ("links_resolve", "every same_as/revises link names another fact of the same article and field")


def _column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def links_resolve(table: pa.Table) -> list[bool]:
    """Per fact row: its links (if any) point to another fact of the same article and field."""
    ids, articles, fields = _column(table, "fact_id"), _column(table, "article_id"), _column(table, "field")
    where = {fid: (a, f) for fid, a, f in zip(ids, articles, fields) if fid is not None}
    links = [_column(table, c) for c in LINK_COLUMNS]
    out = []
    for k, (fid, a, f) in enumerate(zip(ids, articles, fields)):
        targets = [col[k] for col in links if col[k] is not None]
        out.append(all(t != fid and where.get(t) == (a, f) for t in targets))
    return out
