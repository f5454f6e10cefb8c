"""Mode ``system``: two systems of equations are the same answer when they have the same real solutions."""
from __future__ import annotations

import pytest

from graders import compare


@pytest.mark.parametrize("reference, answer, status", [
    ("[a=1, b=2, c=3]", "[3*a+b-c=2, a-b+2*c=5, b+c=5]", "correct"),
    ("[3*a+b-c=2, a-b+2*c=5, b+c=5]", "[a=1, b=2, c=3]", "correct"),
    ("[(x-1)*(x+1)=0]", "[x^2=1]", "correct"),
    ("[(x-1)*(x+1)=0, (x-1)*(x-3)=0]", "[x=1]", "correct"),
    ("[y=x, y^2=2]", "[x^2+y^2=4, y=x]", "correct"),
    ("[y=x, y^2=2]", "[x^2+y^2=2, y=x]", "incorrect"),
    ("[(x-1)*(x+1)=0]", "[x=1]", "incorrect"),  # loses a solution
    ("[(x-1)*(y+1)=0]", "[x=1, y=-1]", "incorrect"),  # a curve is not a point
    ("[x^2=4, y=9]", "[x^2=4]", "incorrect"),  # y left free
    ("[x^2=y, y=9]", "[b^2=a, a=9]", "incorrect"),  # other unknowns
    ("[x^2=-1]", "[x^2=-4]", "correct"),  # no real solution either way
    ("[x=1]", "x^2", "incorrect"),  # not a system
    (r"\{x + y = 3, x - y = 1\}", r"\{x = 2, y = 1\}", "correct"),
])
def test_systems_by_their_solutions(reference: str, answer: str, status: str) -> None:
    verdict = compare(reference, answer, mode="system")
    assert verdict.status == status, verdict.feedback


def test_a_transcendental_system_is_left_to_a_person() -> None:
    verdict = compare("[sin(x) = 0]", "[x = 0]", mode="system")
    assert verdict.status == "needs_review"
    assert "polynomial" in verdict.feedback
