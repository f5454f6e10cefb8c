"""Built parts kept between runs: deriving hw3 takes seconds, and a transcript check needs only the results.

The cache is keyed by a hash of every source file of the engine and the bank (and the SymPy
version), so any change to a derivation, rule or check builds afresh; a stale or unreadable
cache file is ignored and rebuilt.  Simulations are not kept: they are closures, and a cached
part is only used for its slots and derivations.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import pickle

import sympy

from derive.problem import Part, ProblemSet

_SOURCES = [pathlib.Path(__file__).resolve().parents[1] / name for name in ("derive", "problems")]


def _fingerprint() -> str:
    digest = hashlib.sha256(sympy.__version__.encode())
    for root in _SOURCES:
        for path in sorted(root.rglob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> pathlib.Path:
    """Where built parts are kept (``DERIVE_CACHE`` overrides; else the user's cache folder)."""
    override = os.environ.get("DERIVE_CACHE")
    if override:
        return pathlib.Path(override)
    return pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "derive"


def built_parts(problem_set: ProblemSet) -> dict[str, Part]:
    """Every part of ``problem_set`` by short id, from the cache when its sources are unchanged."""
    path = cache_dir() / f"{problem_set.name}-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, dict) and list(cached) == list(problem_set.parts):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # no cache yet, or one written by other code: build afresh
    parts = {key: dataclasses.replace(entry.build(), simulations=[]) for key, entry in problem_set.parts.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(parts, handle)
        temporary.replace(path)
    except OSError:
        pass  # a read-only home still checks transcripts, only more slowly
    return parts
