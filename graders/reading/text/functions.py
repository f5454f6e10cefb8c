"""The named constants and functions of text answers, and how many arguments each function takes."""
from __future__ import annotations

import sympy as sp

from derive.growth.asymptotics import BigO, BigOmega, Theta

from graders.reading.notation import FUNCTION_LETTERS

CONSTANTS = {
    "pi": sp.pi, "%pi": sp.pi, "%e": sp.E, "%i": sp.I, "inf": sp.oo, "infinity": sp.oo,
    "minf": -sp.oo, "%phi": sp.GoldenRatio, "%gamma": sp.EulerGamma,
}
GROWTH = {"Theta": Theta, "O": BigO, "Omega": BigOmega}
# q is left out: in a probability answer q(1 - p) is the product of q and 1 - p.
CALLED_LETTERS = FUNCTION_LETTERS - {"q"}
ROOTS = {"sqrt": 2, "cbrt": 3, "root4": 4}
PLAIN = {  # functions SymPy may evaluate freely; the others go through the size checks
    "exp": sp.exp, "ln": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec,
    "csc": sp.csc, "cot": sp.cot, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "sinh": sp.sinh,
    "cosh": sp.cosh, "tanh": sp.tanh, "abs": sp.Abs, "sign": sp.sign, "sgn": sp.sign,
    "floor": sp.floor, "ceiling": sp.ceiling, "ceil": sp.ceiling, "signum": sp.sign, "cosec": sp.csc,
    "csch": sp.csch, "cosech": sp.csch, "sech": sp.sech, "coth": sp.coth, "acot": sp.acot, "asec": sp.asec,
    "acsc": sp.acsc, "arccot": sp.acot, "arcsec": sp.asec, "arccsc": sp.acsc, "asinh": sp.asinh,
    "acosh": sp.acosh, "atanh": sp.atanh, "arcsinh": sp.asinh, "arccosh": sp.acosh, "arctanh": sp.atanh,
    "arsinh": sp.asinh, "arcosh": sp.acosh, "artanh": sp.atanh, "acoth": sp.acoth, "asech": sp.asech,
    "acsch": sp.acsch, "atan2": sp.atan2,
    "log10": lambda x: sp.log(x, 10), "lg": lambda x, base=10: sp.log(x, base), "log2": lambda x: sp.log(x, 2),
    "log": sp.log, "max": sp.Max, "min": sp.Min,
}
FUNCTIONS = {**dict.fromkeys(PLAIN, (1, 1)), "log": (1, 2), "lg": (1, 2), "atan2": (2, 2), "max": (1, 1000),
             "min": (1, 1000), "sqrt": (1, 1), "cbrt": (1, 1), "factorial": (1, 1),
             "binomial": (2, 2)}  # (fewest, most) arguments
