"""The autograder zip Gradescope takes: set-up and run scripts, this package's source, and the instructor's set."""
from __future__ import annotations

import json
import pathlib
import stat
import zipfile

from graders.batch.gradescope import CONFIG_NAME, AutograderConfig

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGED = ("derive", "graders", "problems", "pyproject.toml", "README.md")
SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built.
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install /autograder/source/derive-src
"""
RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it writes /autograder/results/results.json.
set -euo pipefail
cd /autograder
/autograder/venv/bin/derive gradescope run --root /autograder{bank}
"""


def _add_tree(archive: zipfile.ZipFile, source: pathlib.Path, target: str) -> None:
    if source.is_file():
        archive.write(source, target)
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".sqlite"):
            archive.write(path, f"{target}/{path.relative_to(source).as_posix()}")


def _script(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFREG | 0o755) << 16  # executable once Gradescope unzips it
    archive.writestr(info, text)


def build_autograder(output: pathlib.Path, config: AutograderConfig, set_folder: pathlib.Path | None) -> list[str]:
    """Write the zip (``set_folder`` is the set's own folder when it is not installed with the package)."""
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _script(archive, "setup.sh", SETUP)
        bank = f" --bank /autograder/source/sets/{set_folder.name}" if set_folder else ""
        _script(archive, "run_autograder", RUN.format(bank=bank))
        archive.writestr(CONFIG_NAME, json.dumps(config.to_json(), indent=2))
        for name in PACKAGED:
            if (PROJECT / name).exists():
                _add_tree(archive, PROJECT / name, f"derive-src/{name}")
        if set_folder is not None:
            _add_tree(archive, set_folder, f"sets/{set_folder.name}")
        return archive.namelist()
