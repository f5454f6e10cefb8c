"""Paying a process's one-time costs before its first real answer.

The first answer of each kind costs a process far more than the next: the LaTeX grammar builds its
prediction tables as it meets each construct, and SymPy imports its solvers, its assumption system and
its logic engine on first use (about 1 s in all on one core).  A worker that will grade a batch pays
this once at start-up, before the time limit of any answer runs, so no answer times out or differs in
cost for being first.  The pairs below are fixed and unrelated to any suite; their verdicts are discarded.
"""
from __future__ import annotations

__all__ = ["WARM_UP_PAIRS", "warm_up"]

WARM_UP_PAIRS: tuple[tuple[str, str], ...] = (
    (r"\frac{1}{2} + \sqrt{3}", "0.5 + 3^(1/2)"),
    (r"\left(\frac{x^{2}-1}{x+1}\right) \cdot 2", r"2\,(x-1)"),
    (r"\sin^2(\theta) + \cos^{2}\theta", "1"),
    (r"e^{-\lambda t}\ln(2)", "log(2)*exp(-lambda*t)"),
    (r"\int_0^1 x\,dx", r"\dfrac{1}{2}"),
    (r"\sum_{k=1}^{n} k", "n(n+1)/2"),
    (r"x \in [1, 2)", r"1 \le x < 2"),
    ("x > 2 or x < -2", "not (-2 <= x and x <= 2)"),
    (r"|x| < 3", r"-3 < x < 3"),
    (r"x^2 - 5x + 6 = 0", r"x = 2 \text{ or } x = 3"),
    (r"\{1, 2, 3\}", r"\{3, 1, 2\}"),
    (r"(1, -\tfrac{1}{3})", r"\left( 1, -\frac13 \right)"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}"),
    ("a and (b or c)", "(a and b) or (a and c)"),
    (r"5\ \text{m}", r"500\,\text{cm}"),
    ("12.5\\%", "0.125"),
    (r"\boxed{\frac{3}{4}}", "The answer is $0.75$."),
    ("1,000", "1000"),
)


def warm_up() -> None:
    """Compare each of ``WARM_UP_PAIRS`` once, so the process's first real answer costs what any other does."""
    from graders.pairs import PairConfig, compare_pair

    config = PairConfig()
    for reference, answer in WARM_UP_PAIRS:
        compare_pair("warm-up", reference, answer, config)
