"""The plain-text / Unicode / Maxima reader: conventions, errors with columns, hostile input."""
from __future__ import annotations

import ast
import pathlib
import time

import pytest
import sympy as sp

from derive.asymptotics import BigO, BigOmega, Theta
from graders import guard
from graders.textparse import ParseError, TextParseConfig, TooLargeError, parse_text

S = sp.Symbol
x, y, a, b, n, t, d1 = (S(name) for name in ("x", "y", "a", "b", "n", "t", "d1"))
ROOT = pathlib.Path(__file__).resolve().parents[2]


def same(got: sp.Basic, expected: sp.Basic) -> bool:
    """Structurally equal, or an expression whose difference simplifies to zero."""
    if got == expected:
        return True
    return isinstance(got, sp.Expr) and isinstance(expected, sp.Expr) and sp.simplify(got - expected) == 0


SYMBOLS = {
    "d1": d1, "d_1": S("d_1"), "fan_in": S("fan_in"), "x_1": S("x_1"), "d_{1}": S("d_1"), "x_{ij}": S("x_ij"),
    "d₁": S("d_1"), "x₁₂": S("x_12"), "xᵢ": S("x_i"), "σ": S("sigma"), "sigma": S("sigma"), "μ": S("mu"),
    "µ": S("mu"), "θ": S("theta"), "α": S("alpha"), "β": S("beta"), "λ": S("lambda"), "η": S("eta"),
    "σ₁": S("sigma_1"), "σ_1": S("sigma_1"), "y'": S("y'"), "y’": S("y'"), "e": S("e"), "E": S("E"),
    "I": S("I"), "Theta": S("Theta"), "O": S("O"), "𝑥": x, "ｘ": x,
}


@pytest.mark.parametrize("text, expected", SYMBOLS.items())
def test_symbols(text, expected):
    got = parse_text(text)
    assert got == expected and type(got) is sp.Symbol and got.assumptions0 == S("z").assumptions0


CONSTANTS = {
    "pi": sp.pi, "π": sp.pi, "%pi": sp.pi, "%e": sp.E, "%i": sp.I, "inf": sp.oo, "∞": sp.oo,
    "infinity": sp.oo, "minf": -sp.oo, "true": sp.true, "false": sp.false, "2πr": 2 * sp.pi * S("r"),
}


@pytest.mark.parametrize("text, expected", CONSTANTS.items())
def test_constants(text, expected):
    assert parse_text(text) == expected


NUMBERS = {
    "42": sp.Integer(42), "0.363": sp.Float("0.363"), "1.5*x": sp.Float("1.5") * x, ".5": sp.Float("0.5"),
    "5e-8": sp.Float("5e-8"), "5E-8": sp.Float("5e-8"), "1.5E+3x": sp.Float(1500) * x,
    "5×10^-8": sp.Rational(5, 10**8), "50%": sp.Rational(1, 2), "12.5%": sp.Float("0.125"),
    "2e": 2 * S("e"), "3.": sp.Integer(3),
}


@pytest.mark.parametrize("text, expected", NUMBERS.items())
def test_numbers(text, expected):
    assert parse_text(text) == expected


def test_number_types_and_precision():
    assert type(parse_text("42")) is sp.Integer
    assert isinstance(parse_text("0.363"), sp.Float)
    assert isinstance(parse_text("1.*x").args[0], sp.Float)
    long = "0.12345678901234567890123"
    assert parse_text(long)._prec > 53 and parse_text(long) == sp.Float(long)
    assert parse_text("1" * 5000) == sp.Integer(10**5000 // 9)  # past Python's int/str cap


ARITHMETIC = {
    "2+3*4": 14, "2^3^2": 512, "2**3": 8, "x−1": x - 1, "x–1": x - 1, "a×b": a * b, "a·b": a * b,
    "a⋅b": a * b, "a÷b": a / b, "-x^2": -x**2, "2^-3": sp.Rational(1, 8), "x^2+sqrt(x)": x**2 + sp.sqrt(x),
    "%pi*r^2": sp.pi * S("r") ** 2, "2*x*(x+1)": 2 * x * (x + 1), "x²": x**2, "d1²": d1**2, "x⁻¹": 1 / x,
    "x³": x**3, "(x+1)²": (x + 1) ** 2, "σ²": S("sigma") ** 2, "xⁿ": x**n, "n!": sp.factorial(n),
    "5!": 120, "(1/2)!": sp.factorial(sp.Rational(1, 2)), "-3!": -6, "n!!": sp.factorial2(n), "5!!": 15,
    "%e^x": sp.exp(x), "1 - - 1": 2, "+x": x, "1/2/x": 1 / (2 * x),
}


@pytest.mark.parametrize("text, expected", ARITHMETIC.items())
def test_arithmetic(text, expected):
    assert same(parse_text(text), sp.sympify(expected))


IMPLICIT = {
    "2x": 2 * x, "2 x": 2 * x, "x y": x * y, "(a)(b)": a * b, "2(x+1)": 2 * (x + 1), "d1(d1-1)": d1 * (d1 - 1),
    "x(x+1)": x * (x + 1), "1/2x": x / 2, "2x²": 2 * x**2,
    "d1(1−2/π)+(2/π)d1²": d1 * (1 - 2 / sp.pi) + 2 / sp.pi * d1**2,
    "f (x)": S("f") * x, "fan_in(2)": 2 * S("fan_in"), "sigma(1-p)": S("sigma") * (1 - S("p")),
    "e(x+1)": S("e") * (x + 1), "2ln2": 2 * sp.log(2), "sin30": sp.sin(30),
}


@pytest.mark.parametrize("text, expected", IMPLICIT.items())
def test_implicit_multiplication(text, expected):
    assert same(parse_text(text), expected)


FUNCTIONS = {
    "sqrt(x)": sp.sqrt(x), "cbrt(8)": 2, "exp(x)": sp.exp(x), "log(x)": sp.log(x), "ln(x)": sp.log(x),
    "log10(100)": 2, "lg(1000)": 3, "log2(8)": 3, "log(8,2)": 3, "log(x, b)": sp.log(x, b), "sin(x)": sp.sin(x),
    "arcsin(x)": sp.asin(x), "atan(x)": sp.atan(x), "cosh(x)": sp.cosh(x), "sec(x)": sp.sec(x),
    "abs(x)": sp.Abs(x), "sgn(x)": sp.sign(x), "sign(x)": sp.sign(x), "floor(x)": sp.floor(x),
    "ceil(x)": sp.ceiling(x), "ceiling(x)": sp.ceiling(x), "factorial(5)": 120, "binomial(5,2)": 10,
    "binomial(n,2)": sp.binomial(n, 2), "max(a,b)": sp.Max(a, b), "sin x^2": sp.sin(x**2),
    "log n + 1": sp.log(n) + 1, "sin²(x)": sp.sin(x) ** 2, "sin (x+1)^2": sp.sin(x + 1) ** 2,
    "cos(x)^2+sin x": sp.cos(x) ** 2 + sp.sin(x), "⌊x/2⌋": sp.floor(x / 2), "⌈x⌉": sp.ceiling(x),
}


@pytest.mark.parametrize("text, expected", FUNCTIONS.items())
def test_functions(text, expected):
    assert same(parse_text(text), sp.sympify(expected))


CALLS = {
    "lowesttermsp(x)": sp.Function("lowesttermsp")(x), "integerp(n)": sp.Function("integerp")(n), "f(x)": sp.Function("f")(x), "g(x,y)": sp.Function("g")(x, y),
    "F(t)": sp.Function("F")(t), "p(x)": sp.Function("p")(x), "h(2)+1": sp.Function("h")(2) + 1,
    "f'(x)": sp.Function("f'")(x), "exec(1)": sp.Function("exec")(1),
}


@pytest.mark.parametrize("text, expected", CALLS.items())
def test_undefined_function_calls(text, expected):
    assert parse_text(text) == expected


ROOTS_AND_BARS = {
    "√x": sp.sqrt(x), "√(π/2)": sp.sqrt(sp.pi / 2), "√d1": sp.sqrt(d1), "√2·x": sp.sqrt(2) * x,
    "√2x": sp.sqrt(2) * x, "∛8": 2, "1/√d1": 1 / sp.sqrt(d1), "√(π/2)/d1": sp.sqrt(sp.pi / 2) / d1,
    "√x²": x, "|x-1|": sp.Abs(x - 1), "||x|-|y||": sp.Abs(sp.Abs(x) - sp.Abs(y)), "2|x|": 2 * sp.Abs(x),
    "|x||y|": sp.Abs(x) * sp.Abs(y), "|x|y|z|": sp.Abs(x) * y * sp.Abs(S("z")), "(|x|)": sp.Abs(x),
}


@pytest.mark.parametrize("text, expected", ROOTS_AND_BARS.items())
def test_roots_and_absolute_values(text, expected):
    assert same(parse_text(text), sp.sympify(expected))


GROWTH = {
    "Θ(d1²)": Theta(d1**2), "Theta(n)": Theta(n), "O(n^2)": BigO(n**2), "Ω(n)": BigOmega(n),
    "Omega(n log n)": BigOmega(n * sp.log(n)),
}


@pytest.mark.parametrize("text, expected", GROWTH.items())
def test_growth_classes(text, expected):
    got = parse_text(text)
    assert got == expected and type(got) is type(expected)


RELATIONS = {
    "t ≤ 50": sp.Le(t, 50), "x = 1": sp.Eq(x, 1), "x == 1": sp.Eq(x, 1), "x < 1": sp.Lt(x, 1),
    "x > 1": sp.Gt(x, 1), "x >= 1": sp.Ge(x, 1), "x ≥ 1": sp.Ge(x, 1), "x <= 1": sp.Le(x, 1),
    "x ≠ 1": sp.Ne(x, 1), "x != 1": sp.Ne(x, 1), "x # 1": sp.Ne(x, 1),
    "a < x <= b": sp.And(sp.Lt(a, x), sp.Le(x, b)), "x ≈ 0.5": x,
    "E = √(π/2) ≈ 1.2533": sp.Eq(S("E"), sp.sqrt(sp.pi / 2)),
}


@pytest.mark.parametrize("text, expected", RELATIONS.items())
def test_relations(text, expected):
    assert parse_text(text) == expected


def test_relations_stay_unevaluated():
    assert isinstance(parse_text("1 < 2"), sp.StrictLessThan)
    assert isinstance(parse_text("3 = 3"), sp.Eq)
    chain = parse_text("0 < 1 <= 2")
    assert isinstance(chain, sp.And) and all(isinstance(arg, sp.core.relational.Relational) for arg in chain.args)


COLLECTIONS = {
    "1, 2": sp.Tuple(1, 2), "(1, 2)": sp.Tuple(1, 2), "[1, 2]": sp.Tuple(1, 2), "[]": sp.Tuple(),
    "[x]": sp.Tuple(x), "{1,2}": sp.FiniteSet(1, 2), "{}": sp.S.EmptySet,
    "x=1, y=2": sp.Tuple(sp.Eq(x, 1), sp.Eq(y, 2)),
}


@pytest.mark.parametrize("text, expected", COLLECTIONS.items())
def test_lists_and_sets(text, expected):
    assert parse_text(text) == expected


LOGIC = {
    "x > 1 and x < 2": sp.And(sp.Gt(x, 1), sp.Lt(x, 2)), "x < 1 or x > 2": sp.Or(sp.Lt(x, 1), sp.Gt(x, 2)),
    "not x > 1": sp.Not(sp.Gt(x, 1)), "true and false": sp.false, "true or false": sp.true,
}


@pytest.mark.parametrize("text, expected", LOGIC.items())
def test_logic_words(text, expected):
    assert parse_text(text) == expected


@pytest.mark.parametrize("text", ["x^2;", "x^2$", "x^2.", "  x^2  ", "x^2 ;", "x\u00a0^\u20092\u200b"])
def test_whitespace_and_terminators_are_ignored(text):
    assert parse_text(text) == x**2


ERRORS = {
    ")": 1, "x)": 2, "(x": 3, "[1,2": 5, "|x": 3, "x +": 4, "* x": 1, "2 3": 3, "1,,2": 3, "x @ y": 3,
    "x.y": 2, "1..2": 3, "x^²": 3, "%foo": 1, "lambda: 1": 7, "sin": 4, "log(1,2,3)": 1, "Θ(1,2)": 1,
    "x_": 1, "d_{1": 3, "(1,2)+x": 6, "x < (1,2)": 3, "1 and 2": 3, "()": 1, "sin⁻¹(x)": 4, "'x'": 1,
    "x ⊕ y": 3, "f()": 2, "2 +\n": 4,
}


@pytest.mark.parametrize("text, column", ERRORS.items())
def test_errors_name_the_column(text, column):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    message = str(caught.value)
    assert f"column {column}" in message, message
    assert not isinstance(caught.value, TooLargeError)
    assert message.endswith(".") and "\n" not in message and message.count(". ") == 0, message


@pytest.mark.parametrize("text", ["", "   ", ";", "\n\t"])
def test_empty_input(text):
    with pytest.raises(ParseError, match="empty"):
        parse_text(text)


TOO_LARGE = [
    "10^(10^10)", "9^9^9^9", "2^2^2^2^2^2", "10^10001", "(2x)^(10^6)", "sqrt(2)^(10^6)", "1.5^1e30",
    "(2.0+4x)^(10^6)", "2.0^(10^20)", "1e99999999999", "1e10001", "1" * 10_001, "1000000000!", "(10^3+1)!",
    "factorial(10^9)", "3000!!", "binomial(10^6, 5*10^5)", "*".join(["2^9999"] * 5), "floor(1e10000)",
    "(" * 600 + "1" + ")" * 600, "-" * 600 + "x", "√" * 600 + "x", "x^" * 600 + "x", "sin " * 600 + "x",
    "|" * 600 + "x" + "|" * 600, "x" * 1_000_000, "(" * 1_000_000,
]


@pytest.mark.parametrize("text", TOO_LARGE, ids=lambda text: text[:30])
def test_hostile_sizes_are_refused_fast(text):
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as caught:
        parse_text(text)
    assert time.perf_counter() - start < 0.5
    assert isinstance(caught.value, ParseError) and isinstance(caught.value, guard.TooLargeError)
    assert "column" in str(caught.value)


ALLOWED_LARGE = {
    "2^1000": sp.Integer(2) ** 1000, "x^(10^100)": x ** (10**100), "(-1)^(10^100)": 1, "0^(10^100)": 0,
    "binomial(10^6, 2)": 499999500000, "1000!": sp.factorial(1000), "(" * 100 + "x" + ")" * 100: x,
}


@pytest.mark.parametrize("text, expected", ALLOWED_LARGE.items(), ids=lambda v: str(v)[:20])
def test_large_but_allowed(text, expected):
    assert parse_text(text) == expected


def test_limits_follow_the_config():
    small = TextParseConfig(max_length=20, max_depth=3, max_digits=10, max_factorial=5)
    assert parse_text("10^9 + 5! + ((x))", small) == 10**9 + 120 + x
    for text in ("10^11", "6!", "12345678901", "((((x))))", "x+x+x+x+x+x+x+x+x+x+x"):
        with pytest.raises(TooLargeError):
            parse_text(text, small)
    assert parse_text("(" * 200 + "x" + ")" * 200, TextParseConfig(max_depth=200)) == x


def test_long_flat_answers_are_linear():
    start = time.perf_counter()
    assert parse_text("+".join(["x"] * 5000)) == 5000 * x
    assert parse_text("*".join(["2"] * 5000)) == sp.Integer(2) ** 5000
    assert time.perf_counter() - start < 2


INJECTIONS = [
    "__import__('os').system('touch {canary}')", "lambda: open('{canary}', 'w')", "().__class__.__bases__",
    "exec(\"open('{canary}','w')\")", "eval('1')", "os.system('touch {canary}')", "getattr(x, '__class__')",
    "x; import os", "x.__class__", "[c for c in ()]", "{canary}",
]


@pytest.mark.parametrize("template", INJECTIONS)
def test_injection_is_only_text(template, tmp_path):
    canary = tmp_path / "canary"
    with pytest.raises(ParseError):
        parse_text(template.format(canary=canary))
    assert not canary.exists()


def test_code_words_are_just_symbols():
    assert parse_text("import os") == S("import") * S("os")
    assert parse_text("eval(x)") == sp.Function("eval")(x)


def test_no_string_evaluation_in_the_reader(monkeypatch):
    import builtins

    import sympy.parsing.sympy_parser as sympy_parser

    def refuse(*args, **kwargs):
        raise AssertionError("string evaluation was called")

    for module, name in ((builtins, "eval"), (builtins, "exec"), (sympy_parser, "parse_expr"),
                         (sympy_parser, "eval_expr")):
        monkeypatch.setattr(module, name, refuse)
    for text in ("d1(1−2/π)+(2/π)d1²", "integerp(3)", "f(x) = sin²(x) ≤ 1", "{1, x}", "|x| < 2 and x # 1"):
        parse_text(text)
    for path in (ROOT / "graders" / "textparse.py", ROOT / "graders" / "texttokens.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                assert called not in {"eval", "exec", "compile", "sympify", "parse_expr", "__import__"}, path
