"""Per-batch cost of the quality gates on a synthetic batch of realistic size.

    .venv/bin/python scripts/bench_quality.py [--articles 200] [--repeat 5]

Builds ~200 articles with 20 body sentences each (~4,000 sentences), 40 entities
and 5 facts per article (8,000 entities, 1,000 facts), all consistent, then times
``validate_batch`` (first call = GX import + context; later calls = the steady state).
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa

from newsfacts.schema import TABLES

WORDS = "The convoy of aid trucks reached the besieged town of Madaya near Damascus on Tuesday".split()


def synthetic_batch(n_articles: int = 200, n_sent: int = 20, n_ent: int = 40, n_facts: int = 5) -> dict[str, pa.Table]:
    cols = {name: {c: [] for c in TABLES[name].columns} for name in ("articles", "sentences", "entities", "facts")}

    def add(table: str, **row) -> None:
        for c, values in cols[table].items():
            values.append(row.get(c))

    for a in range(n_articles):
        aid = f"a{a:05d}"
        sentences = [f"{' '.join(WORDS)} and {s + 1} people were killed." for s in range(n_sent)]
        text = " ".join(sentences)
        add("articles", article_id=aid, doc_id=f"d{a}", title="Aid reaches Madaya", text=text,
            input_path="bench.jsonl", n_words=len(text.split()), run_id="bench")
        pos = 0
        for s, sent in enumerate(sentences):
            add("sentences", article_id=aid, field="body", sentence_idx=s, start_char=pos, end_char=pos + len(sent), text=sent)
            for e in range(n_ent // n_sent):
                word = "Madaya" if e % 2 == 0 else "Damascus"
                start = pos + sent.index(word)
                add("entities", article_id=aid, field="body", sentence_idx=s, start_char=start,
                    end_char=start + len(word), text=word, label="GPE", canonical=word)
            if s < n_facts:
                ev = f"{s + 1} people were killed"
                start = pos + sent.index(ev)
                add("facts", fact_id=f"{aid}-{s}", article_id=aid, field="body", sentence_idx=s, start_char=start,
                    end_char=start + len(ev), evidence=ev, category="killed", value=float(s + 1),
                    value_low=float(s + 1), value_high=float(s + 1), qualifier="exact", number_text=str(s + 1))
            pos += len(sent) + 1
    return {name: pa.Table.from_pydict(c, schema=TABLES[name].schema) for name, c in cols.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    batch = synthetic_batch(args.articles)
    print({k: v.num_rows for k, v in batch.items()})
    t0 = time.perf_counter()
    from newsfacts.quality import validate_batch

    report = validate_batch(batch, run_id="bench", batch_id="b0", )
    print(f"first call (GX import + context + validate): {time.perf_counter() - t0:.2f} s; passed={report.passed} "
          f"rows={report.rows.num_rows} failures={report.failures[:3]}")
    times, cpu = [], []
    for i in range(args.repeat):
        c0 = time.process_time()
        report = validate_batch(batch, run_id="bench", batch_id=f"b{i + 1}")
        cpu.append(time.process_time() - c0)
        times.append(report.seconds)
    print(f"steady state per batch over {args.repeat}: wall min {min(times):.3f} s mean {sum(times) / len(times):.3f} s; "
          f"CPU min {min(cpu):.3f} s mean {sum(cpu) / len(cpu):.3f} s")


if __name__ == "__main__":
    main()
