"""``python -m newsfacts.evaluation [--limit N] [--only conll,newsquant,extraction,casualties,timebank] [--markdown PATH]``

Runs the accuracy evaluations and prints one table: each system beside its baseline.

Example:
    python -m newsfacts.evaluation --only conll,casualties --limit 50 --markdown accuracy.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsfacts.evaluation.report import TASKS, format_markdown, format_table, run_tasks


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsfacts.evaluation",
        description="Accuracy of newsfacts against public gold, beside each baseline.",
        epilog="example: python -m newsfacts.evaluation --only conll,casualties --limit 50 --markdown accuracy.md",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N items of each task")
    parser.add_argument("--only", default=",".join(TASKS), help=f"comma-separated tasks (default: {','.join(TASKS)})")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table as Markdown to PATH")
    args = parser.parse_args(argv)
    args.tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = [t for t in args.tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scores = run_tasks(args.tasks, limit=args.limit)
    print(format_table(scores))
    if args.markdown:
        args.markdown.write_text(format_markdown(scores) + "\n", encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
