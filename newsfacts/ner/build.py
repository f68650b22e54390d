"""Rebuild the CoNLL-2003 entity component from ``../shared`` (``make ner-model``).

Steps: convert CoNLL-2003 to ``.spacy`` files in a build folder (never in the
repository), fine-tune en_core_web_sm's ``ner`` with ``spacy train`` and
``newsfacts/ner/config.cfg`` (fixed seed, one thread), then copy only the
component's weights (``cfg``, ``moves``, ``model``; no optimizer state) of the
best step on the development half into ``newsfacts/ner/model/`` and print
their sha256, to be pinned in :data:`newsfacts.ner.MODEL_SHA256`.

Run: ``nice -n 10 python -m newsfacts.ner.build [--build-dir build/ner] [--max-steps N]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from newsfacts.ner import CONFIG_PATH, MODEL_DIR, MODEL_FILES, MODEL_SHA256
from newsfacts.ner.corpus import write_corpora
from newsfacts.nlp import sha256_file, verify_model

#: One thread each for BLAS/OpenMP: the machine is shared.
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def train_command(build: Path, max_steps: int | None) -> list[str]:
    """The ``spacy train`` command line for the build folder."""
    cmd = [
        sys.executable, "-m", "spacy", "train", str(CONFIG_PATH),
        "--output", str(build / "training"),
        "--paths.train", str(build / "corpus" / "train.spacy"),
        "--paths.dev", str(build / "corpus" / "dev.spacy"),
        "--paths.base_model", str(verify_model()),
    ]  # fmt: skip
    if max_steps is not None:
        cmd += ["--training.max_steps", str(max_steps)]
    return cmd


def install_weights(best: Path, target: Path = MODEL_DIR) -> str:
    """Copy the trained component's files into ``target``; return the ``model`` file's sha256."""
    target.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(best / "ner" / name, target / name)
    return sha256_file(target / "model")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=Path("build/ner"), help="work folder (default build/ner)")
    parser.add_argument("--max-steps", type=int, default=None, help="override the config's max_steps (smoke runs)")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR, help=f"where the weights go (default {MODEL_DIR})")
    args = parser.parse_args(argv)
    for name, n in write_corpora(args.build_dir / "corpus").items():
        print(f"{name}: {n} documents")
    env = {**os.environ, **SINGLE_THREAD, "PYTHONHASHSEED": "0"}
    subprocess.run(train_command(args.build_dir, args.max_steps), check=True, env=env)
    digest = install_weights(args.build_dir / "training" / "model-best", args.model_dir)
    print(f"installed {args.model_dir} (model sha256 {digest})")
    if digest != MODEL_SHA256:
        print(f"the pinned sha256 is {MODEL_SHA256}: set MODEL_SHA256 in newsfacts/ner/__init__.py to {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
