"""The plain-text / Unicode / Maxima reader: conventions, errors with columns, hostile input."""
from __future__ import annotations

import ast
import pathlib
import time

import pytest
import sympy as sp

from derive.growth.asymptotics import BigO, BigOmega, Theta
from graders.reading import guard
from graders.reading.text.parser import ParseError, TextParseConfig, TooLargeError, parse_text

S = sp.Symbol
x, y, a, b, n, t, d1 = (S(name) for name in ("x", "y", "a", "b", "n", "t", "d1"))
ROOT = pathlib.Path(__file__).resolve().parents[3]


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
    "lowesttermsp(x)": sp.Function("lowesttermsp")(x), "integerp(n)": sp.Function("integerp")(n),
    "f(x)": sp.Function("f")(x), "g(x,y)": sp.Function("g")(x, y),
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
    for text in ("d1(1−2/π)+(2/π)d1²", "integerp(3)", "f(x) = sin²(x) ≤ 1", "{1, x}", "|x| < 2 and x # 1",
                 "(assume(a>0), 'root(a, 3))", "cos(x#pm#y)", "ev(ratsimp([1,2]*x), simp)", "map(sin, [1])",
                 "exdowncase(X)", "significantfigures(2.5, 1)", "%union(oo(1,2), {3})"):
        parse_text(text)
    for path in [*(ROOT / "graders" / "reading" / "text").glob("*.py"), ROOT / "graders" / "reading" / "maxima.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                assert called not in {"eval", "exec", "compile", "sympify", "parse_expr", "__import__"}, path


# -- Maxima: the functions of STACK answers ------------------------------------------------------------
m, z = S("m"), S("z")
MAXIMA_FUNCTIONS = {
    "root(x)": sp.sqrt(x), "'root(x)": sp.sqrt(x), "root(x, m)": x ** (1 / m), "'root(x,m)": x ** (1 / m),
    "root(8, 3)": 2, "1-root(2)": 1 - sp.sqrt(2), "lg(1000)": 3, "lg(x)": sp.log(x, 10), "lg(x, b)": sp.log(x, b),
    "lg(1/8, 2)": -3, "lg(root(x, n))": sp.log(x ** (1 / n), 10), "signum(-3)": -1, "signum(x)": sp.sign(x),
    "cosec(x)": sp.csc(x), "csc(x)": sp.csc(x), "sec(x)": sp.sec(x), "cot(x)": sp.cot(x), "csch(x)": sp.csch(x),
    "cosech(x)": sp.csch(x), "sech(x)": sp.sech(x), "coth(x)": sp.coth(x), "asinh(x)": sp.asinh(x),
    "acosh(x)": sp.acosh(x), "atanh(x)": sp.atanh(x), "arcsinh(x)": sp.asinh(x), "arccosh(x)": sp.acosh(x),
    "arctanh(x)": sp.atanh(x), "acot(x)": sp.acot(x), "arcsec(x)": sp.asec(x), "acsc(x)": sp.acsc(x),
    "atan2(1, 1)": sp.pi / 4, "exp(x)": sp.exp(x), "abs(x)": sp.Abs(x), "sqrt(x)": sp.sqrt(x), "log(x)": sp.log(x),
    "%e^x": sp.exp(x), "asinh x": sp.asinh(x),
}


@pytest.mark.parametrize("text, expected", MAXIMA_FUNCTIONS.items())
def test_maxima_functions(text, expected):
    assert same(parse_text(text), sp.sympify(expected))


PASS_THROUGH = ["ratsimp", "fullratsimp", "radcan", "expand", "factor", "trigsimp", "trigexpand", "trigreduce",
                "trigrat", "trigeval", "logcontract", "logexpand", "exponentialize", "demoivre", "rectform",
                "polarform", "rat", "ev", "float", "bfloat", "simplify", "boolean_form", "stackeq"]


@pytest.mark.parametrize("name", PASS_THROUGH)
def test_maxima_simplifiers_keep_the_value(name):
    # AlgEquiv compares values: a function that changes only the form of its argument is the identity.
    assert parse_text(f"{name}((x+1)^2)") == (x + 1) ** 2
    assert parse_text(f"{name}({{1, x}})") == sp.FiniteSet(1, x)
    assert parse_text(f"2*{name}(x)") == 2 * x
    assert parse_text(name) == S(name)  # only a call is the function


OPTIONS = {
    "ev(x^2, simp)": x**2, "ev(radcan((a^b)^c), radexpand:all, simp)": (a**b) ** S("c"),
    "ratsimp({x, 1}, algebraic:true)": sp.FiniteSet(x, 1), "rat(x^2 + x, x)": x**2 + x,
    "ratsimp(logcontract(log((x+1)/(1-x))))": sp.log((x + 1) / (1 - x)), "'diff(x^2, x)": 2 * x,
}


@pytest.mark.parametrize("text, expected", OPTIONS.items())
def test_maxima_options_are_dropped(text, expected):
    assert parse_text(text) == expected


def test_ev_with_a_substitution_is_not_read():
    assert parse_text("ev(x^2, x=2)") == sp.Function("ev")(x**2, sp.Eq(x, 2))


def test_exdowncase_lowers_variable_names():
    assert parse_text("exdowncase(X)") == x
    assert parse_text("exdowncase((X-1)^2)") == (x - 1) ** 2
    assert parse_text("exdowncase(Y = 2*X_1)") == sp.Eq(y, 2 * S("x_1"))
    assert parse_text("exdowncase(X) + X") == x + S("X")  # only inside the call


PREDICATES = {
    "integerp(3)": sp.true, "integerp(6/2)": sp.true, "integerp(3.0)": sp.false, "integerp(1/2)": sp.false,
    "integerp(%pi)": sp.false, "numberp(1/2)": sp.true, "numberp(-3)": sp.true, "numberp(2.5)": sp.true,
    "numberp(%pi)": sp.false, "numberp(sqrt(2))": sp.false, "floatnump(2.0)": sp.true, "floatnump(2)": sp.false,
    "ratnump(1/2)": sp.true, "ratnump(0.5)": sp.false, "evenp(4)": sp.true, "evenp(3)": sp.false,
    "oddp(3)": sp.true, "oddp(4)": sp.false, "evenp(2.0)": sp.false,
    "integerp(n)": sp.Function("integerp")(n), "numberp(x)": sp.Function("numberp")(x),
    "lowesttermsp(x^2/x)": sp.Function("lowesttermsp")(x),
}


@pytest.mark.parametrize("text, expected", PREDICATES.items())
def test_maxima_predicates_of_numbers(text, expected):
    assert parse_text(text) == expected


def facts(value: sp.Basic) -> dict[str, dict]:
    return {s.name: s.assumptions0 for s in value.free_symbols}


def test_assume_and_declare_record_facts_on_the_value():
    value = parse_text("(assume(a>0), a*sqrt(5))")
    (symbol,) = value.free_symbols
    assert symbol.name == "a" and symbol.is_positive and value == sp.sqrt(5) * sp.Symbol("a", positive=True)
    assert parse_text("(assume(a>0),(a^b)^c)").free_symbols >= {sp.Symbol("a", positive=True)}
    assert parse_text("(assume(x>2), x)") == sp.Symbol("x", positive=True)  # x > 2 implies x > 0
    assert parse_text("(assume(x>=0), x)") == sp.Symbol("x", nonnegative=True)
    assert parse_text("(assume(0 > a), a)") == sp.Symbol("a", negative=True)
    assert parse_text("(assume(x > -1), x)") == x  # nothing about its sign
    both = parse_text("(assume(a>0, b<0), a*b)")
    assert facts(both)["a"]["positive"] and facts(both)["b"]["negative"]
    assert facts(parse_text("(assume(a>0 and b<=0), a*b)"))["b"]["nonpositive"]
    assert parse_text("(declare(n, integer), n)") == sp.Symbol("n", integer=True)
    integers = sp.Symbol("m", integer=True) + sp.Symbol("n", integer=True)
    assert parse_text("(declare([m, n], integer), m + n)") == integers
    assert facts(parse_text("(declare(n, odd), n)"))["n"]["odd"]
    # declare(n, integer) lets SymPy simplify sin((2 pi n - pi)/2) to -(-1)^n
    n_int = sp.Symbol("n", integer=True)
    assert sp.simplify(parse_text("(declare(n,integer),trigrat(sin((2*%pi*n-%pi)/2)))") + (-1) ** n_int) == 0
    assert parse_text("assume(a>0), a") == sp.Symbol("a", positive=True)  # the whole answer is a sequence too
    assert parse_text("f(assume(a>0))") == sp.Function("f")(sp.Function("assume")(sp.Gt(a, 0)))


@pytest.mark.parametrize("text", ["(assume(a>0))", "(x, assume(a>0), y)", "(assume(a>0), x, y)",
                                  "(assume(a>0), assume(a<0), a)", "assume(a>0)"])
def test_misplaced_assumptions_are_errors(text):
    with pytest.raises(ParseError, match="column"):
        parse_text(text)


PLUS_MINUS = {
    "x #pm# 1": sp.FiniteSet(x + 1, x - 1), "x ± 1": sp.FiniteSet(x + 1, x - 1), "#pm#1": sp.FiniteSet(1, -1),
    "x ∓ 1": sp.FiniteSet(x + 1, x - 1), "1 #pm# 0": 1,
    "cos(x#pm#y)": sp.FiniteSet(sp.cos(x + y), sp.cos(x - y)),
    "cos(x)*cos(y)-(#pm#sin(x)*sin(y))": sp.FiniteSet(sp.cos(x) * sp.cos(y) - sp.sin(x) * sp.sin(y),
                                                     sp.cos(x) * sp.cos(y) + sp.sin(x) * sp.sin(y)),
    "x ± y ∓ z": sp.FiniteSet(x + y - z, x - y + z),  # every ± shares the sign; ∓ takes the other
    "x=(5 #pm# sqrt(25-24))/2": sp.Or(sp.Eq(x, 3), sp.Eq(x, 2)),
}


@pytest.mark.parametrize("text, expected", PLUS_MINUS.items())
def test_plus_minus_gives_both_values(text, expected):
    assert parse_text(text) == expected


def test_x_pm_y_is_not_x_not_equal_y():
    assert parse_text("x # y") == sp.Ne(x, y)
    assert parse_text("cos(x)*cos(y)-(#pm#sin(x)*sin(y))") == parse_text("cos(x)*cos(y)∓sin(x)*sin(y)")


LISTS = {
    "[1, 2]*x": sp.Tuple(x, 2 * x), "x*[1, 2]": sp.Tuple(x, 2 * x), "[1, 2] + [3, 4]": sp.Tuple(4, 6),
    "[1, 2]*[3, 4]": sp.Tuple(3, 8), "[1, 2]^2": sp.Tuple(1, 4), "2^[1, 2]": sp.Tuple(2, 4),
    "-[1, 2]": sp.Tuple(-1, -2),
    "[1, 2]/2": sp.Tuple(sp.Rational(1, 2), 1), "[x, 3]!": sp.Tuple(sp.factorial(x), 6),
    "[[1, 2], [3]]*2": sp.Tuple(sp.Tuple(2, 4), sp.Tuple(6)),
    "sin([1/6, 1/2]*%pi)": sp.Tuple(sp.Rational(1, 2), 1),
    "trigeval(sin([1/6, 1/2]*%pi))": sp.Tuple(sp.Rational(1, 2), 1), "abs([1, -2])": sp.Tuple(1, 2),
    "sqrt([4, 9])": sp.Tuple(2, 3), "root([8, x], 3)": sp.Tuple(2, x ** sp.Rational(1, 3)),
    "map(sin, [0, %pi/2])": sp.Tuple(0, 1), "map(expand, {x, 1})": sp.FiniteSet(x, 1),
    "map(f, [1, 2])": sp.Function("map")(S("f"), sp.Tuple(1, 2)),
}


@pytest.mark.parametrize("text, expected", LISTS.items())
def test_lists_in_arithmetic_are_elementwise(text, expected):
    assert parse_text(text) == expected


@pytest.mark.parametrize("text, column", {"(1,2)+x": 6, "[1,2]+[1,2,3]": 6, "max([1, 2])": 1,
                                          "[1,2] < 3": 7}.items())
def test_tuples_and_unequal_lists_do_not_combine(text, column):
    with pytest.raises(ParseError, match=f"column {column}"):
        parse_text(text)


MORE_MAXIMA = {
    "round(0.5)": 0, "round(1.5)": 2, "round(2.5)": 2, "round(12.5)": 12, "round(-2.5)": -2, "round(7/3)": 2,
    "round(x)": sp.Function("round")(x), "significantfigures(2.5, 1)": sp.Float(3),
    "significantfigures(11.5, 2)": sp.Float(12), "significantfigures(0.5, 1)": sp.Float("0.5"),
    "significantfigures(-1234, 2)": sp.Float(-1200), "significantfigures(1/3, 2)": sp.Float("0.33", 15),
    "stackunits(9.81, m/s^2)": sp.Float("9.81") * m / S("s") ** 2, "stackunits(2, m)^2": 4 * m**2,
    "binomial(5, [2, 3])": 10, "binomial(58,[15,9,20,14])": sp.factorial(58) / (
        sp.factorial(15) * sp.factorial(9) * sp.factorial(20) * sp.factorial(14)),
    "binomial(x, [a, b])": sp.factorial(x) / (sp.factorial(a) * sp.factorial(b)),
    "oo(1, 3)": sp.Interval.open(1, 3), "oc(1, 3)": sp.Interval.Lopen(1, 3), "co(1, 3)": sp.Interval.Ropen(1, 3),
    "cc(1, 3)": sp.Interval(1, 3), "co(minf, inf)": sp.S.Reals,
    "%union(oc(1,2),co(2,3))": sp.Interval.open(1, 3), "%union({-1,1})": sp.FiniteSet(-1, 1),
    "%intersection(oc(-1,1),co(1,2))": sp.FiniteSet(1),
}


@pytest.mark.parametrize("text, expected", MORE_MAXIMA.items())
def test_more_maxima_functions(text, expected):
    assert parse_text(text) == expected


LOGIC_WORDS = {
    "A implies B": sp.Implies(S("A"), S("B")), "A xor B": sp.Xor(S("A"), S("B")),
    "A xnor B": sp.Equivalent(S("A"), S("B")), "A nand B": sp.Nand(S("A"), S("B")), "A nor B": sp.Nor(S("A"), S("B")),
    "A or B implies C": sp.Implies(sp.Or(S("A"), S("B")), S("C")),
    "A and B xor C": sp.Xor(sp.And(S("A"), S("B")), S("C")),
}


@pytest.mark.parametrize("text, expected", LOGIC_WORDS.items())
def test_more_logic_words(text, expected):
    assert parse_text(text) == expected


MAXIMA_TOO_LARGE = [
    "root(2, 10^-5)", "2^(10^9 #pm# 1)", "(10^9 #pm# 1)!", "exdowncase(factorial(X - x + 10^9))",
    "binomial(10^6, [5*10^5, 5*10^5])", "[2, 3]^(10^6)", "map(exp, [2, 3]^(10^6))",
    "%union(" + ",".join(f"oo({2 * i},{2 * i + 1})" for i in range(21)) + ")",
    "(assume(a>0), (a^2)^(10^9))", "ratsimp(" * 200 + "x" + ")" * 200,
]


@pytest.mark.parametrize("text", MAXIMA_TOO_LARGE, ids=lambda text: text[:30])
def test_maxima_functions_keep_the_size_checks(text):
    start = time.perf_counter()
    with pytest.raises(TooLargeError):
        parse_text(text)
    assert time.perf_counter() - start < 0.5


def test_maxima_numbers_far_out_of_range_stay_unread():
    assert parse_text("round(1e9999*1e9999)") == sp.Function("round")(sp.Float("1e9999") ** 2)
    assert parse_text("significantfigures(2, 10^6)") == sp.Function("significantfigures")(2, 10**6)


@pytest.mark.parametrize("text, column", {"ratsimp(algebraic:true)": 1, "x:2": 2, "f(a:b)": 4, "'x'": 1,
                                          "%union(1, {2})": 1, "oo(1, %i)": 1}.items())
def test_maxima_errors_name_the_column(text, column):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert f"column {column}" in str(caught.value)
    assert not isinstance(caught.value, TooLargeError)
