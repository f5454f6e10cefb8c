"""Prose is never a formula: answers that spell ordinary words are refused, with the words named, in every
notation; the same answers without the words are graded as before; formulas are never refused."""
from __future__ import annotations

import json
import pathlib
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bank import grade
from expression_pairs import random_formula, styled_latex, styled_text
from graders import compare
from graders.reading.answer import read_answer
from graders.reading.errors import ProseError, ReadError
from graders.reading.prose import MATH_NAMES, find_prose, refuse_prose
from graders.reading.prose_words import CONNECTIVES, ENGLISH_WORDS

ROOT = pathlib.Path(__file__).resolve().parents[3]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# (answer, words the feedback must name): chats, their PDF exports, and formulas with words inside.
PROSE = [
    ("consistent with the multi-output case", ["consistent", "the", "multi", "output", "case"]),
    ("$the answer is d_1$", ["the", "answer"]),
    ("it scales linearly with d1", ["scales", "linearly"]),
    ("x equals two", ["equals", "two"]),
    (r"$\mathbb{E}[y] = d_1 \text{ since } independent$", ["since", "independent"]),
    (r"\boxed{d_1 \text{ since it is linear}}", ["since", "linear"]),
    (r"\boxed{d_1 since it is linear}", ["since", "linear"]),
    ("The expected squared RMS norm is d1 and it scales linearly", ["The", "expected", "squared", "scales"]),
    ("The answer is d1.", ["The", "answer"]),
    ("the result is x^2 + 1", ["the", "result"]),
    ("so we get 2x + 3", ["get"]),
    ("d_1 (consistent with the multi-output case)", ["consistent", "the"]),
    ("Therefore the expected value is d_1", ["Therefore", "the", "expected", "value"]),
    ("which gives d_1 in total", ["which", "gives", "total"]),
    ("divide by 8 = 8", ["divide"]),  # words on the left of "=" are prose too
    ("d_1 (unbiased)", ["unbiased"]),
    ("It grows like d1 squared", ["grows", "like", "squared"]),
    ("x squared plus one", ["squared", "plus", "one"]),
    ("half of d_1", ["half"]),
    ("d_1 times two", ["times", "two"]),
    ("twenty", ["twenty"]),
    ("2 d1 since each output is independent", ["since", "output", "independent"]),
    (r"\frac{1}{\sqrt{d_1}} \text{ so that the variance is one}", ["the", "variance", "one"]),
    (r"d_1 \quad \text{(this is the expected value)}", ["this", "the", "expected", "value"]),
    ("E[y^2] = d1, which matches the simulation", ["which", "matches", "the"]),
    ("𝑡ℎ𝑒 𝑎𝑛𝑠𝑤𝑒𝑟 𝑖𝑠 𝑑1", ["𝑡ℎ𝑒", "𝑎𝑛𝑠𝑤𝑒𝑟"]),  # a PDF prints $the answer is d1$ in math italic
    ("ratsimp(x^2) is the simplest form", ["the", "simplest", "form"]),  # Maxima notation, then words
    ("x: 3 and y: 4 are the roots", ["are", "the", "roots"]),
    ("Answer: x^2", ["Answer"]),
    ("the constant is 1/sqrt(d_1)", ["the", "constant"]),
    ("d_1 + 2/pi d_1 (d_1 - 1), consistent with part (a)", ["consistent", "part"]),
]
# Refused for a heading: a word that is no English word, before a colon.
HEADINGS = [("Soucis : 2,74", "Soucis"), ("Résultat : 3", "Résultat"), ("Ans: 4", "Ans")]


@pytest.mark.parametrize("answer, words", PROSE)
def test_prose_is_refused_naming_its_words(answer, words):
    with pytest.raises(ProseError) as refused:
        read_answer(answer)
    message = str(refused.value)
    assert message.startswith("it reads as words, not a formula")
    assert all(word in message for word in words), message
    assert set(words) <= set(refused.value.words)


@pytest.mark.parametrize("answer, heading", HEADINGS)
def test_a_heading_before_a_colon_is_refused(answer, heading):
    with pytest.raises(ProseError, match=f"the heading '{heading}:'"):
        read_answer(answer)


@pytest.mark.parametrize("answer, words", PROSE + [(answer, [heading]) for answer, heading in HEADINGS])
def test_prose_is_graded_unparseable_with_the_text_shown(answer, words):
    verdict = grade("hw3/1a", "expected_rms_sq", answer)
    assert verdict.status == "unparseable" and verdict.method == "read" and verdict.interpreted_as == ""
    assert "reads as words, not a formula" in verdict.feedback and words[0] in verdict.feedback
    shown = verdict.feedback.split('"')[1]  # the text read, quoted raw
    assert shown.rstrip("…") in " ".join(answer.split())


# (answer with prose, the same answer without it, part, slot): the formula left is graded right.
WITHOUT_PROSE = [
    ("The expected squared RMS norm is d1 and it scales linearly", "d1", "hw3/1a", "expected_rms_sq"),
    ("$the answer is d_1$", "$d_1$", "hw3/1a", "expected_rms_sq"),
    (r"$\mathbb{E}[y] = d_1 \text{ since } independent$", r"$\mathbb{E}[y] = d_1$", "hw3/1a", "expected_rms_sq"),
    (r"\boxed{d_1 since it is linear}", r"\boxed{d_1}", "hw3/1a", "expected_rms_sq"),
    ("the constant is 1/sqrt(d_1)", "1/sqrt(d_1)", "hw3/1a", "constant"),
    ("d_1 + 2/pi d_1 (d_1 - 1), consistent with part (a)", "d_1 + 2/pi d_1 (d_1 - 1)", "hw3/1b", "expected_rms_sq"),
    ("the answer is 20", "20", "hw3/5a", "fwd_ops"),
    ("twenty", "20", "hw3/5a", "fwd_ops"),
    ("Soucis : 20", "20", "hw3/5a", "fwd_ops"),
    ("it is 1/fan_in for the hidden layers", "1/fan_in", "hw3/3b", "mup_adam_lr_hidden"),
]


@pytest.mark.parametrize("prose, formula, part_id, slot", WITHOUT_PROSE)
def test_the_formula_without_its_prose_is_graded_right(prose, formula, part_id, slot):
    assert grade(part_id, slot, prose).status == "unparseable"
    assert grade(part_id, slot, formula).status == "correct"


def test_modes_that_read_words_still_read_them():
    # a growth slot reads "linearly in d_1" itself; a rubric slot reads sentences
    assert grade("hw3/1a", "scaling", "it scales linearly with d1").status == "correct"
    assert grade("hw3/1b", "scaling", "quadratically in d_1, independent of d_2").status == "correct"
    rubric = grade("hw3/1c", "explanation", "Every output has the same magnitude, a sum over the d_1 inputs, and "
                                             "averaging over the d_2 outputs cancels d_2.")
    assert rubric.method == "rubric" and rubric.status != "unparseable"


def test_a_declared_name_is_never_a_word():
    assert grade("hw3/3b", "mup_adam_lr_hidden", "1/width").status == "correct"  # "width" is declared there
    assert find_prose("1/width") is not None
    assert find_prose("1/width", ["width"]) is None
    assert find_prose("c/learning rate", ["learning rate"]) is None


def test_prose_on_both_sides_of_a_pair_is_compared_as_text():
    sentence = r"\text{The midpoints form a regular hexagon}"
    assert compare(sentence, sentence).status == "correct"
    assert compare("2.74", "Soucis : 2,74").status == "unparseable"


# Formulas with names that look like words, and words that join conditions: never refused.
FORMULAS = [
    r"\operatorname{Var}(x) + \text{RMS}(h)", r"50\,\mathrm{ns}", r"0.06 \text{ yuan}", r"x = 2 \text{ or } x = -2",
    r"x^2 \text{ for all } x > 0", r"\text{for all } x", r"x \text{ if } x > 0", r"6 \text{ and } 8",
    r"\begin{cases} x & \text{if } x > 0 \\ -x & \text{otherwise} \end{cases}", r"\{x \mid x > 0 \text{ and } x < 1\}",
    "sqrt(x) + abs(y) - sign(x)", "max(a, b) + min(a, b)", "log(x) + ln(y) + arctan(x) + floor(y)",
    "binomial(5, 2)", "matrix([1, 2], [3, 4])", "ratsimp((x^2 - 1)/(x - 1))", "diff(sin(x), x)",
    "integrate(x^2, x, 0, 1)", "assume(a > 0), sqrt(a^2)", "declare(n, integer), (-1)^(2*n)", "x > 1 and x < 5",
    "not (x > 1)", r"\sigma \sqrt{\pi} + \mu", "sigma*sqrt(pi) + mu", "fan_in^(-1/2)", r"d_{out} + d_{in}",
    r"\mathbb{E}[y^2] = d_1", "E[X^2] - E[X]^2", r"\lambda e^{-\lambda t}", "theta_1 + theta_2", "x_max - x_min",
    r"\Theta(d_1^2)", "O(n log n)", r"\mathrm{softmax}(z)_i", r"\left(\frac{1}{5}, \frac{1}{6}\right)",
    r"\\left(\\frac{1}{5},\\frac{1}{6}\\right)", r"\{1, 2\} \cup \{3\}", "%union({1}, {2})", "true", "inf",
    r"x \in [0, 1)", "S_{MBCN}:S=7:32", "a:b", "ab + cd", "2 dx", r"\int_0^1 x\,dx", "abc", "xyz",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_are_never_prose(formula):
    assert find_prose(formula) is None


def test_the_suites_formulas_are_never_prose():
    for name in ("latex2sympy2_extended.jsonl", "sympy_latex.jsonl"):
        rows = [json.loads(line) for line in (ROOT / "benchmarks" / "suites" / name).read_text().splitlines()]
        assert [row["id"] for row in rows if find_prose(row["latex"])] == []


def test_the_word_list_holds_words_only():
    assert all(word.isalpha() and word.islower() and len(word) >= 3 for word in ENGLISH_WORDS)
    assert (ENGLISH_WORDS - CONNECTIVES) & MATH_NAMES == set()
    assert CONNECTIVES <= ENGLISH_WORDS


@pytest.mark.parametrize("hostile", ["\\mathrm{" * 2500, "_{" * 10_000, "a" * 20_000, "the " * 5000, "\\" * 20_000,
                                     "x^" * 10_000, "\\text{" * 2800, "(" * 20_000])
def test_the_scan_is_linear(hostile):
    started = time.perf_counter()
    find_prose(hostile)
    assert time.perf_counter() - started < 0.5


def test_a_refusal_is_a_read_error():
    with pytest.raises(ReadError):
        refuse_prose("the answer")
    refuse_prose("x + y")  # nothing to refuse


# Sentences: words of the list (connectives aside), interleaved with single letters and small formulas.
WORDS = st.sampled_from(sorted(ENGLISH_WORDS - CONNECTIVES))
MATH = st.sampled_from(["x", "d", "d1", "d_1", "$x$", "$d_1$", "2", "x^2", r"\frac{1}{2}", "n", "(a + b)", "c",
                        r"\sqrt{d_1}", "2,74", "k"])
STYLES = st.sampled_from(["{}", "${}$", r"\boxed{{{}}}", r"\text{{{}}}", "{}."])


@SETTINGS
@given(st.lists(st.one_of(WORDS, st.sampled_from(sorted(CONNECTIVES)), MATH), min_size=0, max_size=8), WORDS,
       st.randoms(use_true_random=False), STYLES)
def test_sentences_are_never_read_as_a_formula(pieces, word, rng, style):
    pieces = pieces[:]
    pieces.insert(rng.randrange(len(pieces) + 1), word if rng.random() < 0.5 else word.capitalize())
    sentence = "".join(piece + rng.choice([" ", " ", ", ", " - ", "-"]) for piece in pieces).strip(" ,-")
    with pytest.raises(ProseError):
        read_answer(style.format(sentence))


FUNCTION_CALLS = ["sqrt", "abs", "sign", "max", "min", "log", "ln", "exp", "sin", "arctan", "floor", "ceiling",
                  "binomial", "factorial", "Theta", "O"]
LATEX_HEADS = [r"\sqrt", r"\sin", r"\log", r"\exp", r"\operatorname{Var}", r"\mathbb{E}", r"\text{RMS}",
               r"\operatorname{sign}", r"\max", r"\arctan", r"\Theta"]
OPERATORS = ["+", "-", "*", "/", "=", "<", r"\cdot"]
ATOMS = st.sampled_from(["x", "y", "a", "b", "d_1", "d_{2}", "n", "k", "2", "3.5", "pi", r"\pi", r"\sigma",
                         "sigma", "mu", r"\eta", "fan_in", "x_max", "e", "i", "dx", "ab"])


@st.composite
def formulas(draw, depth: int = 3) -> str:
    """A formula from the atoms, the operators, and function names that look like words."""
    if depth == 0 or draw(st.booleans()):
        return draw(ATOMS)
    left, right = draw(formulas(depth - 1)), draw(formulas(depth - 1))
    kind = draw(st.sampled_from(["op", "call", "latex", "power"]))
    if kind == "op":
        return f"{left} {draw(st.sampled_from(OPERATORS))} {right}"
    if kind == "call":
        return f"{draw(st.sampled_from(FUNCTION_CALLS))}({left})"
    if kind == "latex":
        return f"{draw(st.sampled_from(LATEX_HEADS))}{{({left})}}"
    return f"({left})^{{{right}}}"


@SETTINGS
@given(formulas())
def test_formulas_of_symbols_and_operators_are_never_refused(formula):
    assert find_prose(formula) is None, formula


@SETTINGS
@given(st.integers(min_value=0, max_value=2**32 - 1), st.booleans())
def test_generated_formulas_are_never_refused(seed, latex):
    rng = random.Random(seed)
    formula = random_formula(rng)
    written = styled_latex(formula, rng) if latex else styled_text(formula, rng)
    assert find_prose(written) is None, written
    try:
        read_answer(written)
    except ProseError as error:  # any other refusal is another test's business
        pytest.fail(f"{written!r} refused as prose: {error}")
    except ReadError:
        pass
