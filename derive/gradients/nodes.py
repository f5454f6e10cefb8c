"""Expectations under an explicit sampling law, with the smooth function ``f`` kept undefined.

``E_{x ~ N(mu, sigma^2 I_k)}[f(x) (x - mu) / sigma^2]`` is an ordinary SymPy expression
node, ``ExpectationUnder(body, x, IsotropicNormal(mu, sigma**2))``, so differentiation,
substitution and simplification keep working on it.

Vectors in R^k are modelled one coordinate at a time.  An isotropic law has independent
coordinates, so coordinate i of an identity such as ``E[z f(mu + sigma z)] =
sigma E[grad f(mu + sigma z)]`` is the scalar identity with ``z`` standing for ``z_i`` and
``f'`` for ``d f / d x_i``; every gradient estimator of hw3 Q4 is linear in one
vector-valued factor (``x - mu``, ``z`` or ``grad f``), and for those the coordinate
model is exact.  The Monte Carlo checks run in k dimensions.
"""
from __future__ import annotations

import sympy as sp

from derive.symbols import as_expr


class SamplingLaw(sp.Basic):
    """The law a random vector is drawn from."""

    def density(self, point: sp.Expr) -> sp.Expr:
        """The density of one coordinate at ``point``."""
        raise NotImplementedError

    def depends_on(self, symbol: sp.Symbol) -> bool:
        """Whether the law moves with ``symbol`` (a gradient then cannot simply go inside)."""
        return symbol in self.free_symbols


class IsotropicNormal(SamplingLaw):
    """``N(mean, variance * I_k)``: independent coordinates, each ``N(mean, variance)``."""

    def __new__(cls, mean, variance):
        return super().__new__(cls, as_expr(mean), as_expr(variance))

    @property
    def mean(self) -> sp.Expr:
        return self.args[0]

    @property
    def variance(self) -> sp.Expr:
        return self.args[1]

    @property
    def is_standard(self) -> bool:
        """``N(0, I)``."""
        return self.mean == 0 and self.variance == 1

    def density(self, point: sp.Expr) -> sp.Expr:
        return sp.exp(-(point - self.mean) ** 2 / (2 * self.variance)) / sp.sqrt(2 * sp.pi * self.variance)

    def log_density(self, point: sp.IndexedBase, dim: sp.Symbol, idx: sp.Symbol) -> sp.Expr:
        """``log p(x)`` of the whole k-dimensional vector, ``mean`` read as the vector ``mean_j``."""
        mean = self.mean
        mean_j = mean[idx] if isinstance(mean, sp.IndexedBase) else mean
        return (-dim / 2 * sp.log(2 * sp.pi * self.variance)
                - sp.Sum((point[idx] - mean_j) ** 2, (idx, 1, dim)) / (2 * self.variance))

    def _latex(self, printer) -> str:
        variance = self.variance
        cov = "I" if variance == 1 else printer._print(variance) + r" I"
        return rf"\mathcal{{N}}\left({printer._print(self.mean)}, {cov}\right)"

    def _derive_text(self, printer) -> str:
        variance = self.variance
        cov = "I" if variance == 1 else printer._print(variance) + " I"
        return f"N({printer._print(self.mean)}, {cov})"

    _sympystr = _derive_text


class Density(sp.Function):
    """``p_theta(x)``: the density of an arbitrary family, written ``p(x, theta)``."""

    nargs = 2

    def _latex(self, printer, exp=None) -> str:
        point, parameter = self.args
        text = rf"p_{{{printer._print(parameter)}}}\left({printer._print(point)}\right)"
        return rf"{text}^{{{exp}}}" if exp else text

    def _derive_text(self, printer) -> str:
        point, parameter = self.args
        return f"p_{printer._print(parameter)}({printer._print(point)})"


class DensityFamily(SamplingLaw):
    """``p_theta``: an arbitrary differentiable family of densities with parameter ``theta``."""

    def __new__(cls, parameter):
        return super().__new__(cls, as_expr(parameter))

    @property
    def parameter(self) -> sp.Expr:
        return self.args[0]

    def density(self, point: sp.Expr) -> sp.Expr:
        return Density(point, self.parameter)

    def _latex(self, printer) -> str:
        return rf"p_{{{printer._print(self.parameter)}}}"

    def _derive_text(self, printer) -> str:
        return f"p_{printer._print(self.parameter)}"

    _sympystr = _derive_text


class ExpectationUnder(sp.Expr):
    """``E_{variable ~ law}[body]``: the variable is bound; everything else in ``body`` is fixed."""

    is_commutative = True

    def __new__(cls, body, variable: sp.Symbol, law: SamplingLaw):
        if not isinstance(law, SamplingLaw):
            raise TypeError("the law must be a SamplingLaw")
        if not isinstance(variable, sp.Symbol):
            raise TypeError("the sampled variable must be a symbol")
        return super().__new__(cls, as_expr(body), variable, law)

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def variable(self) -> sp.Symbol:
        return self.args[1]

    @property
    def law(self) -> SamplingLaw:
        return self.args[2]

    @property
    def free_symbols(self) -> set:
        return (self.body.free_symbols - {self.variable}) | self.law.free_symbols

    @property
    def bound_symbols(self) -> list:
        return [self.variable]

    def _eval_derivative(self, symbol: sp.Symbol):
        # Differentiating under the integral sign is valid only when the law stays put; otherwise the
        # derivative stays unevaluated and a named rule (log-derivative trick, reparameterization) is needed.
        if self.law.depends_on(symbol):
            return None
        return ExpectationUnder(sp.diff(self.body, symbol), self.variable, self.law)

    def _latex(self, printer) -> str:
        subscript = rf"{printer._print(self.variable)} \sim {printer._print(self.law)}"
        return rf"\mathbb{{E}}_{{{subscript}}}\left[{printer._print(self.body)}\right]"

    def _derive_text(self, printer) -> str:
        return f"E_{{{printer._print(self.variable)}~{printer._print(self.law)}}}[{printer._print(self.body)}]"

    _sympystr = _derive_text


def expect(body: sp.Expr, variable: sp.Symbol, law: SamplingLaw) -> ExpectationUnder:
    """``E_{variable ~ law}[body]``."""
    return ExpectationUnder(body, variable, law)


def gradient(expr: sp.Expr, parameter: sp.Symbol) -> sp.Derivative:
    """``grad_parameter expr``, left unevaluated (a rule must say how it is taken)."""
    return sp.Derivative(as_expr(expr), parameter, evaluate=False)


def expectations(expr: sp.Basic) -> list[ExpectationUnder]:
    """The expectation nodes in ``expr``, outermost first."""
    return [node for node in sp.preorder_traversal(expr) if isinstance(node, ExpectationUnder)]


def undefined_functions(expr: sp.Basic) -> set:
    """The undefined functions (``f``, ``g``) applied in ``expr``; densities are not counted."""
    from sympy.core.function import AppliedUndef

    return {node.func for node in expr.atoms(AppliedUndef)}


class BaseDensity(sp.Function):
    """``p(z)``: the density of a base variable that does not depend on any parameter."""

    nargs = 1

    def _latex(self, printer, exp=None) -> str:
        text = rf"p\left({printer._print(self.args[0])}\right)"
        return rf"{text}^{{{exp}}}" if exp else text

    def _derive_text(self, printer) -> str:
        return f"p({printer._print(self.args[0])})"


class BaseLaw(SamplingLaw):
    """``p(z)``: an arbitrary fixed law of the base variable of a sampler."""

    def __new__(cls):
        return super().__new__(cls)

    def density(self, point: sp.Expr) -> sp.Expr:
        return BaseDensity(point)

    def _latex(self, printer) -> str:
        return r"p"

    def _derive_text(self, printer) -> str:
        return "p"

    _sympystr = _derive_text


class Score(sp.Expr):
    """``grad_theta log p_theta(x)``, kept unevaluated until a rule works it out from the density."""

    is_commutative = True

    def __new__(cls, law: SamplingLaw, point: sp.Expr, parameter: sp.Symbol):
        return super().__new__(cls, law, as_expr(point), parameter)

    @property
    def law(self) -> SamplingLaw:
        return self.args[0]

    def doit(self, **hints) -> sp.Expr:
        law, point, parameter = self.args
        return sp.diff(sp.log(law.density(point)), parameter)

    def _latex(self, printer) -> str:
        law, point, parameter = self.args
        p = printer._print(parameter)
        return rf"\nabla_{{{p}}} \log p_{{{p}}}\left({printer._print(point)}\right)"

    def _derive_text(self, printer) -> str:
        law, point, parameter = self.args
        p = printer._print(parameter)
        return f"∇_{p} log p_{p}({printer._print(point)})"

    _sympystr = _derive_text


def induced_law(transform: sp.Expr, variable: sp.Symbol, law: SamplingLaw) -> IsotropicNormal | None:
    """The law of ``transform(variable)`` when it is affine in a Gaussian variable, else None."""
    if not isinstance(law, IsotropicNormal):
        return None
    transform = sp.expand(transform)
    slope = sp.diff(transform, variable)
    if slope.has(variable) or slope == 0:
        return None
    offset = sp.simplify(transform - slope * variable)
    return IsotropicNormal(sp.simplify(offset + slope * law.mean), sp.simplify(slope ** 2 * law.variance))


class Sampler(sp.Basic):
    """A sampler ``(g, p)``: draw ``variable ~ law`` and return ``transform`` (``g(z, theta)``)."""

    def __new__(cls, transform, variable: sp.Symbol, law: SamplingLaw, parameter: sp.Symbol | None = None):
        extra = (parameter,) if parameter is not None else ()
        return super().__new__(cls, as_expr(transform), variable, law, *extra)

    @property
    def transform(self) -> sp.Expr:
        return self.args[0]

    @property
    def variable(self) -> sp.Symbol:
        return self.args[1]

    @property
    def law(self) -> SamplingLaw:
        return self.args[2]

    @property
    def parameter(self) -> sp.Symbol | None:
        return self.args[3] if len(self.args) > 3 else None

    def induced_law(self) -> IsotropicNormal | None:
        """The law of the output, for an affine map of a Gaussian; None otherwise."""
        return induced_law(self.transform, self.variable, self.law)

    def _arguments(self, printer) -> str:
        names = [self.variable] + ([self.parameter] if self.parameter is not None else [])
        return ", ".join(printer._print(name) for name in names)

    def _latex(self, printer) -> str:
        z = printer._print(self.variable)
        return rf"g({self._arguments(printer)}) = {printer._print(self.transform)},\quad {z} \sim {printer._print(self.law)}"

    def _derive_text(self, printer) -> str:
        z = printer._print(self.variable)
        return f"g({self._arguments(printer)}) = {printer._print(self.transform)}, {z} ~ {printer._print(self.law)}"

    _sympystr = _derive_text
