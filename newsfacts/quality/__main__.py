"""``python -m newsfacts.quality generate [--out DIR] [--check]``: (re)write the suites."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsfacts.quality.suites import GENERATOR, expectations_dir, stale_suites, write_suites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsfacts.quality",
        description="Great Expectations suites for the newsfacts tables, generated from newsfacts/schema.py.",
        epilog=f"example: {GENERATOR}            # rewrite expectations/*.json\n"
        f"         {GENERATOR} --check    # exit 1 if the committed suites are stale",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write expectations/<table>.json from the schema")
    gen.add_argument("--out", type=Path, default=None, help="folder (default: expectations/ or $NEWSFACTS_EXPECTATIONS)")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 if a suite file is stale")
    args = parser.parse_args(argv)
    folder = args.out or expectations_dir()
    if args.check:
        stale = stale_suites(folder)
        if stale:
            print(f"stale suites in {folder}: {', '.join(stale)}; run `{GENERATOR}`", file=sys.stderr)
            return 1
        print(f"suites in {folder} are up to date")
        return 0
    for path in write_suites(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
