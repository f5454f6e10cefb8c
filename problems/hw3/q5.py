"""hw3 Q5: tensor rematerialisation: forward recomputations, memory loads, and the break-even disk time."""
from __future__ import annotations

import sympy as sp

from derive import Alternate, Derivation, Misconception, PartBuilder, Variants, dimension, index, part, scale, sum_over
from derive import rules as R

N = dimension("N")  # layers
c = dimension("c")  # a checkpoint every c layers (c divides N)
s, r = index("s"), index("r")
t_fwd, t_mem, t_disk = scale("t_fwd"), scale("t_mem"), scale("t_disk")

SYMBOLS = {"N": N, "c": c}
SCHEDULES = [{N: 10, c: 5}, {N: 10, c: 2}, {N: 12, c: 3}, {N: 30, c: 6}, {N: 7, c: 1}, {N: 8, c: 8}]
NETWORKS = Variants(
    N=(8, 10, 12, 16, 20, 24), c=range(2, 13), t_fwd=(10, 20, 30), t_mem=(5, 10, 15),
    where=lambda N, c, **times: N % c == 0 and 1 < c < N,  # checkpoints evenly spaced, at least one inside
    default={"N": 10, "c": 5, "t_fwd": 20, "t_mem": 10}, units={"t_fwd": "ns", "t_mem": "ns"},
)
SETTING = r"""
A {{N}}-layer network is trained on a chip that can keep only the input and the activations of layers
{{c}}, 2·{{c}}, …, {{N}} (one every {{c}} layers). In the backward pass, each layer's activation is rebuilt from
the nearest stored activation below it by re-running forward ops (`fwd`).
"""


def replay_backward_pass(N: int, c: int) -> tuple[int, int]:
    """Replay the backward pass literally: (fwd ops, loadmem ops) with checkpoints every ``c`` of ``N`` layers."""
    stored = set(range(0, N + 1, c))
    fwd = loadmem = 0
    for layer in range(N, 0, -1):
        nearest = max(point for point in stored if point <= layer)
        loadmem += 1
        fwd += layer - nearest
    return fwd, loadmem


def derive_fwd_ops() -> Derivation:
    """N(c-1)/2 recomputations: segment by segment, layer r of a segment needs r fwd ops."""
    return Derivation(
        "5a: fwd ops in one backward pass", r"\#\mathrm{fwd}(N, c)", sum_over(sum_over(r, r, c - 1), s, N / c),
        "N/c segments; in each, layer r < c above the segment's stored activation is rebuilt by r fwd ops, "
        "and the segment's top layer is stored",
    ).apply(R.COUNT_GAUSS, R.COUNT)


def derive_loadmem_ops() -> Derivation:
    """N loads: every layer's backward step loads its nearest stored activation once."""
    return Derivation(
        "5b: loadmem ops in one backward pass", r"\#\mathrm{loadmem}(N, c)",
        sum_over(sum_over(sp.S.One, r, c), s, N / c),
        "each of the c layers of each of the N/c segments loads one stored activation",
    ).apply(R.COUNT)


@part("5a", "Tensor rematerialisation: fwd operations", SETTING + r"""
How many `fwd` operations does one backward pass invoke (not counting the initial forward pass)? In general:
$N$ layers, a stored activation every $c$ layers.
""", variants=NETWORKS, symbols=SYMBOLS)
def fwd_operations(p: PartBuilder) -> None:
    """fwd ops, in general and for this network."""
    general = p.show(derive_fwd_ops())
    count = p.instantiate(general, f"fwd ops for N = {p.given['N']}, c = {p.given['c']}")
    p.slot("fwd_ops", "numeric", count, "fwd ops in one backward pass", cues=(r"\bfwd\b", r"forward"),
           misconceptions=(Misconception("That counts the initial forward pass too; the question excludes it.",
                                         0.0, expr=count.result + p.given["N"]),))
    p.replay("fwd_ops", lambda N, c: replay_backward_pass(N, c)[0], general, SCHEDULES)


@part("5b", "Tensor rematerialisation: loadmem operations", SETTING + r"""
Each use of a stored activation (the input or a stored layer) is one `loadmem`. How many `loadmem` operations does
one backward pass invoke?
""", variants=NETWORKS, symbols=SYMBOLS)
def loadmem_operations(p: PartBuilder) -> None:
    """loadmem ops, in general and for this network."""
    general = p.show(derive_loadmem_ops())
    count = p.instantiate(general, f"loadmem ops for N = {p.given['N']}, c = {p.given['c']}")
    p.slot("loadmem_ops", "numeric", count, "loadmem ops in one backward pass", cues=(r"loadmem", r"memory load"))
    p.replay("loadmem_ops", lambda N, c: replay_backward_pass(N, c)[1], general, SCHEDULES)


@part("5c", "Tensor rematerialisation: break-even disk load time", SETTING + r"""
A `fwd` takes {{t_fwd}} ns and a `loadmem` {{t_mem}} ns. Instead of rematerialising, every activation could be
loaded from disk, one `loaddisk` per layer. How fast must a `loaddisk` be for the disk strategy to be at least as
fast?
""", variants=NETWORKS, symbols=SYMBOLS)
def break_even_disk_time(p: PartBuilder) -> None:
    """The loaddisk time at which both strategies take equally long."""
    remat = p.derive("rematerialisation time", r"T_\mathrm{remat}",
                     derive_fwd_ops().result * t_fwd + derive_loadmem_ops().result * t_mem,
                     "every fwd costs t_fwd and every loadmem t_mem, one at a time")
    break_even = p.solve("break-even loaddisk time", t_disk, remat, N * t_disk)
    time_ns = p.instantiate(break_even, "break-even loaddisk time (ns)")
    p.slot("loaddisk_ns", "numeric", time_ns, "largest loaddisk time (ns) that still breaks even", unit="ns",
           cues=(r"loaddisk", r"\bdisk\b", r"t_\{?\\?(text\{)?disk"),
           alternates=(Alternate(time_ns.result, 1.0, "Any time at most this is fast enough.", "relation"),),
           misconceptions=(Misconception("That is the total rematerialisation time, not the time per loaddisk.",
                                         0.0, expr=time_ns.result * p.given["N"]),))
    p.replay("loaddisk_ns", lambda N, c, t_fwd, t_mem: sp.Rational(
        replay_backward_pass(N, c)[0] * t_fwd + replay_backward_pass(N, c)[1] * t_mem, N), break_even, SCHEDULES)
