"""Tests for graders.reading.extract: locating the final answer inside a whole response."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graders.reading.extract import (
    SOURCES,
    Candidate,
    ExtractConfig,
    extract_candidates,
    final_answer,
    strip_math_delimiters,
)

SHARED = Path(__file__).resolve().parents[4] / "shared"
BENCHMARK = SHARED / "benchmarks" / "mathverify_public.jsonl"


def best(text: str) -> tuple[str, str] | None:
    """(source, text) of the best candidate, for compact assertions."""
    c = final_answer(text)
    return None if c is None else (c.source, c.text)


# --- boxed -----------------------------------------------------------------------------------

def test_boxed_simple():
    assert best(r"So $x = \boxed{5}$ and we are done.") == ("boxed", "5")


def test_boxed_nested_braces():
    text = r"Thus $\alpha = \boxed{\frac{1}{\sqrt{d_1}}}$."
    assert best(text) == ("boxed", r"\frac{1}{\sqrt{d_1}}")


def test_multiple_boxed_last_wins_and_earlier_ones_follow():
    found = extract_candidates(r"First \boxed{1}, then \boxed{2}, finally \boxed{3}.")
    assert [(c.source, c.text) for c in found[:3]] == [
        ("boxed", "3"), ("boxed", "2"), ("boxed", "1")]


def test_boxed_inside_display_math():
    text = "We get\n$$x = \\boxed{(2, 2)} \\quad \\text{and} \\quad \\boxed{(6, 2)}$$\n"
    assert best(text) == ("boxed", "(6, 2)")


def test_fbox_and_boxed_without_braces():
    assert best(r"The result is \fbox{42}.") == ("boxed", "42")
    assert best(r"hence $\boxed 5$.") == ("boxed", "5")
    assert best(r"hence \boxed -3.5.") == ("boxed", "-3.5")


def test_unclosed_last_boxed_falls_back_to_previous_balanced_one():
    assert best(r"We had \boxed{7} earlier; now \boxed{\frac{1}{2") == ("boxed", "7")


def test_nested_boxed_and_escaped_braces():
    assert best(r"\(\boxed{\boxed{4}}\)") == ("boxed", "4")
    assert best(r"$\boxed{\{-12, -11\}}$") == ("boxed", r"\{-12, -11\}")


def test_boxed_beats_later_phrase_and_math():
    text = "So $\\boxed{2}$.\nThe answer is $3$.\n$$y = 4$$\nand $z$."
    assert [c.source for c in extract_candidates(text)] == [
        "boxed", "final-answer-phrase", "display-math", "inline-math"]


def test_boxed_text_answer_keeps_text_command():
    text = r"Therefore, $\boxed{\text{Évelyne}}$ is our answer."
    assert best(text) == ("boxed", r"\text{Évelyne}")


# --- final-answer phrases ----------------------------------------------------------------

def test_final_answer_template_with_boxed():
    text = "The final answer is $\\boxed{3}$. I hope it is correct."
    found = extract_candidates(text)
    assert (found[0].source, found[0].text) == ("boxed", "3")
    assert [c.text for c in found].count("3") == 1  # the phrase's `\boxed{3}` peels to a duplicate


def test_final_answer_template_with_math():
    text = ("so the range is $(0, 1)$, since ...\n"
            "Final Answer: The final answer is $(0, 1)$. I hope it is correct. <|im_start|>user")
    assert best(text) == ("final-answer-phrase", "(0, 1)")


def test_final_answer_rest_of_line_trims_period_and_hope():
    text = "Final Answer: The final answer is 12,000,023. I hope it is correct."
    assert best(text) == ("final-answer-phrase", "12,000,023")
    text = "... so Anna pays $7.78 for her fudge. Final Answer: The final answer is 7.78."
    assert best(text) == ("final-answer-phrase", "7.78")
    assert best("The final answer is 5 I hope it is correct") == ("final-answer-phrase", "5")


def test_answer_phrases_with_each_math_delimiter():
    assert best(r"The answer is \(x+1\), clearly.") == ("final-answer-phrase", "x+1")
    assert best("Answer: $$\\frac{1}{2}$$ and then $y$") == ("final-answer-phrase", r"\frac{1}{2}")
    assert best("Final Answer:\n\\[ 5 \\]\nThen $q$.") == ("final-answer-phrase", "5")
    assert best("**Final Answer:** $x=2$ but also $x=3$") == ("final-answer-phrase", "x=2")


def test_bold_final_answer_heading_followed_by_formula():
    text = "Some work $a=1$.\n\n**Final Answer**\n\n$$f(y) = y$$\n\nHope this helps, $b$."
    assert best(text) == ("final-answer-phrase", "f(y) = y")


def test_final_answer_in_prose_is_not_a_heading():
    assert best("Before the final answer $x$ must be checked.") == ("inline-math", "x")


def test_last_phrase_wins_and_beats_display_math():
    text = "The answer is $1$.\n$$z = 0$$\nActually, the answer is $2$.\n$$w = 9$$"
    found = extract_candidates(text)
    assert [(c.source, c.text) for c in found[:3]] == [
        ("final-answer-phrase", "2"), ("final-answer-phrase", "1"), ("display-math", "w = 9")]


def test_unicode_text_answer_after_phrase():
    assert best("La réponse: the answer is Évelyne.") == ("final-answer-phrase", "Évelyne")
    assert best("Answer: 東京") == ("final-answer-phrase", "東京")
    assert best("So the answer is **Paris**.") == ("final-answer-phrase", "Paris")


# --- display and inline math ----------------------------------------------------------------

def test_last_display_math_beats_later_inline():
    text = "We find\n$$a = 1$$\nand\n\\[ b = 2 \\]\nwhere $c$ is a constant."
    assert best(text) == ("display-math", "b = 2")


def test_display_environments():
    text = "$x$ and \\begin{align*} a &= 1 \\\\ &= 2 \\end{align*} with $y$"
    assert best(text) == ("display-math", r"a &= 1 \\ &= 2")
    assert best("\\begin{equation}E = mc^2\\end{equation}") == ("display-math", "E = mc^2")


def test_last_inline_math():
    assert best(r"Of the squares $4^2=16$ and $6^2=36$, so \( 2 \) values.") == ("inline-math", "2")


def test_inline_dollar_does_not_span_blank_line():
    assert best("costs $5\n\nand then the value is $x=3$ here") == ("inline-math", "x=3")
    assert best("$a\n\nb c $d$") == ("inline-math", "d")


def test_escaped_dollars_are_not_delimiters():
    assert best(r"It costs \$5 and \$10, so $x = 3$.") == ("inline-math", "x = 3")
    assert best(r"Paid $\$16386.17$ in total") == ("inline-math", r"\$16386.17")
    assert best(r"costs \$5") == ("whole", r"costs \$5")


def test_markdown_final_answers_table_returns_last_math():
    text = ("### ✓ Final Answers Summary\n\n"
            "| Question | Answer |\n|---|---|\n"
            "| Expected RMS norm | $d_1(1 - \\frac{2}{\\pi})$ |\n"
            "| Scaling | $\\Theta(d_1^2)$ , independent of $d_2$ |\n\n"
            "$$\\alpha = \\frac{1}{\\sqrt{d_1}}$$\n\nLet me know when to go on.")
    found = extract_candidates(text)
    assert (found[0].source, found[0].text) == ("display-math", r"\alpha = \frac{1}{\sqrt{d_1}}")
    assert (found[1].source, found[1].text) == ("inline-math", "d_2")


def test_final_answers_section_without_math_after_colon():
    text = ("✓ Final Answers:\n\n- The expected squared RMS norm of  $y = Wx$  is  $d_1$ .\n"
            "$$\\alpha = \\frac{1}{\\sqrt{d_1}}$$\n\n"
            "So we should multiply  $W$  by  $\\frac{1}{\\sqrt{d_1}}$ .")
    assert best(text) == ("display-math", r"\alpha = \frac{1}{\sqrt{d_1}}")


# --- whole text and no answer ------------------------------------------------------------------

def test_whole_short_text():
    assert best("  1,000.99€ \n") == ("whole", "1,000.99€")
    assert best("π/2 radians") == ("whole", "π/2 radians")
    assert best("$1,000.99") == ("whole", "$1,000.99")  # a lone $ delimits nothing


@pytest.mark.parametrize("text", [
    "", "   \n\t ",
    "Let me think about this problem step by step without any formulas at all. " * 5,
])
def test_no_answer(text):
    assert extract_candidates(text) == []
    assert final_answer(text) is None


# --- structure of the result ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    r"The final answer is $\boxed{3}$. I hope it is correct.",
    "Final Answer: The final answer is 7.78.",
    "We find\n$$ a = 1 $$\nand \\( b \\) and $c$ and \\boxed{ d }",
    "  tiny answer  ",
])
def test_spans_point_at_the_text_and_sources_are_known(text):
    found = extract_candidates(text)
    assert found
    for c in found:
        assert isinstance(c, Candidate)
        assert text[c.start:c.end] == c.text
        assert c.source in SOURCES
    assert len({c.text for c in found}) == len(found)


def test_max_length_keeps_the_tail_with_original_offsets():
    text = "$$ 1 $$" + " filler" * 100 + " \\boxed{9}"
    c = final_answer(text, ExtractConfig(max_length=50))
    assert (c.source, c.text, text[c.start:c.end]) == ("boxed", "9", "9")
    assert all(x.text != "1" for x in extract_candidates(text, ExtractConfig(max_length=50)))


def test_max_per_source_caps_candidates():
    text = " ".join(f"$x_{i}$" for i in range(100))
    found = extract_candidates(text, ExtractConfig(max_per_source=3))
    assert [c.text for c in found] == ["x_99", "x_98", "x_97"]


# --- strip_math_delimiters ----------------------------------------------------------------------

@pytest.mark.parametrize("raw, stripped", [
    ("$3$", "3"), ("$$ x^2 $$", "x^2"), (r"\( a \)", "a"), (r"\[ b \]", "b"),
    (r" $\boxed{ \frac{1}{2} }$ ", r"\frac{1}{2}"), (r"\boxed{\boxed{4}}", "4"),
    ("$a$ + $b$", "$a$ + $b$"), (r"\boxed{a} + \boxed{b}", r"\boxed{a} + \boxed{b}"),
    (r"\text{Evelyn}", r"\text{Evelyn}"), ("**$x$**", "x"), ("x**2", "x**2"),
    (r"$5\$", r"$5\$"), ("$$", ""), ("", ""),
])
def test_strip_math_delimiters(raw, stripped):
    assert strip_math_delimiters(raw) == stripped


# --- hostile input: must finish (no timing assertions) and stay correct -------------------------

def test_one_megabyte_response():
    text = ("Some reasoning with $x_i$ and \\(y\\). " * 30_000)[:999_000] + "\nFinal: \\boxed{42}"
    assert len(text) > 990_000
    assert best(text) == ("boxed", "42")


@pytest.mark.parametrize("text, expected", [
    ("\\boxed{" * 100_000, None),
    ("\\boxed{" * 100_000 + "1" + "}" * 100_000, ("boxed", "1")),
    ("{" * 1_000_000 + "\\boxed{1}", ("boxed", "1")),
    ("\\boxed{" + "{" * 999_000, None),
    ("$" * 1_000_001, None),
    ("$\n\n" * 300_000, None),
    ("\\(" * 500_000, None),
    ("\\[" * 500_000, None),
    ("$$ a" * 250_000, ("display-math", "a")),
    ("\\begin{align}" * 75_000, None),
    ("\\" * 1_000_000 + "$", None),
    ("\\$" * 500_000, None),
    ("Answer: " * 125_000, ("final-answer-phrase", "Answer:")),
    ("the final answer is " * 50_000 + "7", ("final-answer-phrase", "7")),
    ("final" + " " * 1_000_000 + "answer", None),  # over max_length: never the "whole" text
    ("answer" + "*" * 1_000_000, None),
    ("Final Answer (" + "(" * 1_000_000, None),
])
def test_pathological_inputs(text, expected):
    assert best(text) == expected


def test_many_inline_regions_stay_bounded():
    found = extract_candidates("$a$ " * 250_000 + "$b$")
    assert (found[0].source, found[0].text) == ("inline-math", "b")
    assert len(found) <= 2 * ExtractConfig().max_per_source


# --- real responses -------------------------------------------------------------------------------

@pytest.mark.skipif(not BENCHMARK.exists(), reason="shared benchmark file not present")
def test_every_benchmark_pred_extracts_without_error():
    lines = BENCHMARK.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    assert rows
    for row in rows:
        c = final_answer(row["pred"])
        if c is not None:
            assert row["pred"][c.start:c.end] == c.text
