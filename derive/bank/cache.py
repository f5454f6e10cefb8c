"""Built parts kept between runs: deriving hw3 takes seconds, and a transcript check needs only the results.

The cache is keyed by the problem set's name and a hash of every source file of the engine, the
bundled bank, the graders and the set's own folder (and the SymPy version), so any change to a
derivation, rule or check builds afresh; a stale or unreadable cache file is ignored and rebuilt.
Unpickling runs code, so a cache file is only read when this user owns it and no one else may
write to it or its folder.  Simulations are not kept: they are closures, and a cached part is only
used for its slots and derivations.
"""
from __future__ import annotations

import dataclasses
import functools
import glob
import hashlib
import os
import pathlib
import pickle
import re
import shutil
import stat
from typing import Callable

import sympy

from derive.bank.schema import Part, ProblemSet

# the whole project, graders included: a change to any of its code builds afresh
_SOURCES = [pathlib.Path(__file__).resolve().parents[2] / name for name in ("derive", "problems", "graders")]


@functools.lru_cache(maxsize=1)  # the installed code does not change under a running command
def _fingerprint() -> str:
    digest = hashlib.sha256(sympy.__version__.encode())
    for root in _SOURCES:
        _digest_folder(digest, root)
    return digest.hexdigest()[:16]


def _digest_folder(digest, root: pathlib.Path) -> None:
    for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
        digest.update(path.relative_to(root).as_posix().encode() if root.is_dir() else path.name.encode())
        digest.update(path.read_bytes())


def source_digest(root: pathlib.Path) -> str:
    """A short hash of every Python file under ``root`` (names and contents): it changes when the code does."""
    digest = hashlib.sha256()
    _digest_folder(digest, root)
    return digest.hexdigest()[:12]


def _set_fingerprint(source: pathlib.Path | None) -> str:
    """The fingerprint of the shared sources, extended by the set's own folder when it lies outside them."""
    if source is None:
        return _fingerprint()
    # a set's own folder may be edited while a notebook keeps running: its files' times and sizes are the key
    files = sorted(source.rglob("*.py")) if source.is_dir() else [source]
    stamps = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files if path.exists())
    return _hashed_fingerprint(source, stamps)


@functools.lru_cache(maxsize=64)  # hashing the sources again is the slow part
def _hashed_fingerprint(source: pathlib.Path, stamps: tuple) -> str:
    shared = _fingerprint()
    if source is None:
        return shared
    source = source.resolve()
    if any(source.is_relative_to(root.resolve()) for root in _SOURCES):
        return shared
    digest = hashlib.sha256(shared.encode())
    _digest_folder(digest, source)
    return digest.hexdigest()[:16]


def _file_stem(name: str) -> str:
    # a set's name is the author's: keep it readable, but never let it leave the cache folder
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip(".") or "_"


def cache_dir() -> pathlib.Path:
    """Where built parts are kept (``DERIVE_CACHE`` overrides; else the user's cache folder)."""
    override = os.environ.get("DERIVE_CACHE")
    if override:
        return pathlib.Path(override)
    return pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "derive"


def built_parts(problem_set: ProblemSet, source: pathlib.Path | None = None) -> dict[str, Part]:
    """Every part of ``problem_set`` (whose code lies in ``source``) by short id, from the cache when unchanged."""
    stem = _file_stem(problem_set.name)
    path = cache_dir() / f"{stem}-{_set_fingerprint(source)}.pickle"
    if _private(path):
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, dict) and list(cached) == list(problem_set.parts):
                return cached
        except Exception:  # noqa: BLE001 - any damaged or foreign cache file is rebuilt, never fatal
            pass
    parts = {key: dataclasses.replace(entry.build(), simulations=[]) for key, entry in problem_set.parts.items()}
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(parts, handle)
        temporary.replace(path)
        for stale in path.parent.glob(f"{glob.escape(stem)}-*.pickle"):
            # "hw3-*" also matches another set's "hw3-extra-*": only a fingerprint may follow the name
            if stale != path and re.fullmatch(r"[0-9a-f]{16}", stale.stem[len(stem) + 1:]):
                stale.unlink(missing_ok=True)  # built from sources that have since changed
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        # a read-only home, or a part holding something pickle cannot keep: still correct, only slower
        pathlib.Path(path.with_suffix(".tmp")).unlink(missing_ok=True)
    return parts


def cached_instance(set_name: str, source: pathlib.Path | None, part_key: str, instance: str,
                    build: Callable[[], Part]) -> Part:
    """One variant instance of a part (for grading: no simulations), from the cache when the set is unchanged.

    A class with variants asks for hundreds of instances, and one can take seconds to derive.
    """
    fingerprint = _set_fingerprint(source)
    stem = _file_stem(set_name)
    folder = cache_dir() / "instances" / f"{stem}-{fingerprint}"
    path = folder / (hashlib.sha256(f"{part_key}\x00{instance}".encode()).hexdigest()[:24] + ".pickle")
    if _private(path):
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, Part):
                return cached
        except Exception:  # noqa: BLE001 - any damaged or foreign cache file is rebuilt, never fatal
            pass
    part = dataclasses.replace(build(), simulations=[])
    try:
        if not folder.is_dir():
            for stale in folder.parent.glob(f"{glob.escape(stem)}-*"):
                if re.fullmatch(r"[0-9a-f]{16}", stale.name[len(stem) + 1:]):
                    shutil.rmtree(stale, ignore_errors=True)  # instances of code that has since changed
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(part, handle)
        temporary.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # graded all the same, only derived again next time
    return part


def _private(path: pathlib.Path) -> bool:
    """Whether ``path`` and its folder belong to this user and are writable by no one else."""
    try:
        for item in (path, path.parent):
            status = item.stat()
            if status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return True
