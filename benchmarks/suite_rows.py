"""The rows of other graders' public suites that have an equivalence meaning, with how each is compared.

Math-Verify's public cases are all compared in the pairs mode's defaults. Of STACK's answer tests, those
whose verdict is "the same mathematical object": AlgEquiv (algebraic equivalence), Sets (the same set),
SysEquiv (systems of equations with the same solutions, the ``system`` mode), NumRelative and NumAbsolute (the same number to
the tolerance the row's options give, 0.05 when none). A row whose options are not a number tests STACK's
own option checking and is left out, as are the tests about form (EqualComAss, FacForm, CasEqual, ...),
about significant figures, strings and units (compared elsewhere), those up to a constant (Int, Antidiff),
and AlgEquivNouns, whose meaning rests on Maxima's noun forms (an unevaluated ``'diff`` is not its value).
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass

from graders.modes.equivalence import CompareConfig
from graders.pairs import PairConfig

STACK_DEFAULT_TOLERANCE = 0.05  # STACK's numerical tests default to 5% (relative) or 0.05 (absolute)


@dataclass(frozen=True)
class Comparison:
    """How a suite row is compared: a mode of the pairs command and a numeric tolerance."""

    mode: str = "auto"
    rel_tol: float | None = None
    abs_tol: float | None = None

    def pair_config(self) -> PairConfig:
        """The PairConfig that compares this way."""
        if self.rel_tol is None and self.abs_tol is None:
            return PairConfig(mode=self.mode)
        return PairConfig(mode=self.mode, compare=CompareConfig(min_exact_digits=2, rel_tol=self.rel_tol or 0.0,
                                                                abs_tol=self.abs_tol or 0.0))

    def options(self) -> dict:
        """Keyword options of ``graders.compare``."""
        config = self.pair_config()
        return {"mode": config.mode, "compare": config.compare}


def _tolerance(options: str) -> float | None:
    text = options.strip()
    if not text:
        return STACK_DEFAULT_TOLERANCE
    try:
        return float(text)
    except ValueError:
        return None


def stack_comparison(test: str, options: str) -> Comparison | None:
    """How a STACK row of answer test ``test`` is compared, or None when it is left out."""
    if test in ("AlgEquiv", "Sets"):
        return Comparison()
    if test == "SysEquiv":
        return Comparison("system")
    if test in ("NumRelative", "NumAbsolute"):
        tolerance = _tolerance(options)
        if tolerance is None:
            return None
        return Comparison("numeric", rel_tol=tolerance) if test == "NumRelative" else \
            Comparison("numeric", abs_tol=tolerance)
    return None


def load_rows(data: pathlib.Path, limit: int | None = None) -> list[dict]:
    """Rows as {"id", "file", "kind", "gold", "pred", "expected", "comparison"}."""
    rows = []
    for line in (data / "mathverify_public.jsonl").read_text().splitlines():
        row = json.loads(line)
        rows.append({"id": row["id"], "file": "mathverify", "kind": row["id"].split("-")[2], "gold": row["gold"],
                     "pred": row["pred"], "expected": row["expected"], "comparison": Comparison()})
    for line in (data / "stack_answertests.jsonl").read_text().splitlines():
        row = json.loads(line)
        comparison = stack_comparison(row["test"], row.get("options", ""))
        if comparison is None:
            continue
        rows.append({"id": row["id"], "file": f"stack-{row['test']}", "kind": row["test"], "gold": row["teacher"],
                     "pred": row["student"], "expected": row["expected"], "comparison": comparison})
    return rows[:limit] if limit else rows
