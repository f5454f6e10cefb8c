"""The front door's two verbs: ``compare`` a (reference, answer) pair, ``grade`` an answer to a part's slot."""
from __future__ import annotations

import functools
from dataclasses import fields

from derive.bank.discovery import discover
from derive.bank.schema import Part
from graders.budget import DeadlineExceeded, deadline
from graders.grading import GradeConfig, grade_slot
from graders.pairs import PairConfig, compare_pair
from graders.verdict import Verdict


def compare(reference: str, answer: str, *, timeout: float | None = 2.0, **options: object) -> Verdict:
    """Decide whether ``answer`` (a formula or a whole model response) states the same answer as ``reference``.

    The final answer is found in a whole response first (the last ``\\boxed{}``, "the final answer is",
    the last formula), then both sides are read without ever evaluating them as code, and compared.
    This runs in the calling process under the same limits as ``derive compare``: the work budget of
    ``graders.budget``, and ``timeout`` seconds of wall-clock time as the last resort (enforced when called
    from the main thread; ``None`` for no wall-clock limit).

    Args:
        reference: the expected answer, as LaTeX or plain text.
        answer: the answer to judge, or a whole response containing it.
        timeout: seconds allowed before the verdict is ``needs_review`` (method ``timeout``).
        **options: fields of ``PairConfig``: ``mode`` (``"auto"`` or a mode of
            ``graders.modes.registry.pair_modes()``), ``extract`` (find the final answer first), ``read``,
            ``compare``.

    Returns:
        The ``Verdict``: ``status`` is correct, incorrect, unparseable, needs_review or error.

    Examples:
        >>> compare(r"\\frac{1}{2}", "0.5").status
        'correct'
        >>> compare("x^2 + 2x + 1", "so the answer is $\\\\boxed{(x+1)^2}$").method
        'exact:random-points'
        >>> compare("x = 2", "x = 3").status
        'incorrect'
    """
    known = {f.name for f in fields(PairConfig)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"compare() got unknown option(s) {', '.join(unknown)}; the options are {', '.join(sorted(known))}")
    config = PairConfig(**options)  # type: ignore[arg-type]
    try:
        with deadline(timeout):
            return compare_pair("1", reference, answer, config)
    except DeadlineExceeded:
        return Verdict.timed_out("compare", "1", 1.0, float(timeout), answer[:300])


def grade(part: Part | str, slot: str, answer: str, config: GradeConfig = GradeConfig(),
          variant: str | None = None) -> Verdict:
    r"""Grade ``answer`` for the slot named ``slot`` of a part, explaining the verdict.

    The slot's mode decides how the answer is compared with the derived reference; then its accepted
    alternates and known misconceptions are tried, and the feedback says what to fix.  A bad answer
    never raises: the status says what went wrong.

    Args:
        part: a built ``Part``, or a part id such as ``"hw3/5c"`` found among the discovered problem
            sets (installed entry points and ``DERIVE_BANK`` folders; see ``derive.bank.discover``).
        slot: the slot's name, e.g. ``"loaddisk_ns"``.
        answer: the answer text (LaTeX, plain, Unicode or Maxima syntax).
        config: limits and tolerances; ``config.timeout`` seconds of wall-clock time bound the grading, as
            in ``derive grade`` (enforced when called from the main thread).
        variant: a student id or seed: grade against that student's instance of a part with variants
            (only with a part id; a built ``Part`` is already one instance).

    Returns:
        The ``Verdict``; for a part with variants it carries the instance's key and values.

    Examples:
        >>> verdict = grade("hw3/5c", "loaddisk_ns", r"5\times10^{-8}\,s")
        >>> verdict.status, verdict.method
        ('correct', 'numeric')
        >>> grade("hw3/5b", "loadmem_ops", "20").status
        'incorrect'
        >>> late = grade("hw3/5b", "loadmem_ops", "10", variant="bob@example.edu")
        >>> late.status, late.variant["values"]["N"]
        ('incorrect', 20)
    """
    if isinstance(part, str):
        part = _discovered_part(part, variant)
    elif variant is not None:
        raise TypeError("variant= needs a part id; a built Part is already one instance")
    chosen = part.slot(slot)
    try:
        with deadline(config.timeout):
            verdict = grade_slot(part.id, chosen, answer, part.symbols, config)
    except DeadlineExceeded:
        verdict = Verdict.timed_out(part.id, chosen.name, chosen.points, config.timeout)
    return verdict.for_variant(part.variant)


@functools.lru_cache(maxsize=64)
def _discovered_part(part_id: str, variant: str | None) -> Part:
    """A part of a discovered problem set (one student's instance when ``variant`` is a key), derived once."""
    bank = discover()
    return bank.instance(bank.resolve_one(part_id), variant)
