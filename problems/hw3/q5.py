"""hw3 Q5: tensor rematerialisation: forward recomputations, memory loads, and the break-even disk time."""
from __future__ import annotations

import sympy as sp

from derive import (Alternate, Derivation, Misconception, Part, Slot, VerifyConfig, VerifyRecord, dimension, index,
                    scale, solve_for, sum_over)
from derive import rules as R

N = dimension("N")  # layers
c = dimension("c")  # a checkpoint every c layers (c divides N)
s, r = index("s"), index("r")
t_fwd, t_mem, t_disk = scale("t_fwd"), scale("t_mem"), scale("t_disk")

GIVEN = {N: 10, c: 5}
GIVEN_TIMES_NS = {t_fwd: 20, t_mem: 10}
SYMBOLS = {"N": N, "c": c}
SCHEDULES = [(10, 5), (10, 2), (12, 3), (30, 6), (7, 1), (8, 8)]  # (layers, interval), interval divides layers

STATEMENT_5A = (
    "A 10-layer network is trained on a chip that can keep only the input and the activations of layers 5 and 10. "
    "In the backward pass, each layer's activation is rebuilt from the nearest stored activation below it by "
    "re-running forward ops. How many fwd operations does one backward pass invoke (not counting the initial "
    "forward pass)? In general: N layers, a stored activation every c layers."
)
STATEMENT_5B = (
    "In the same scheme, each use of a stored activation (the input, layer 5 or layer 10) is one loadmem. "
    "How many loadmem operations does one backward pass invoke?"
)
STATEMENT_5C = (
    "A fwd takes 20 ns and a loadmem 10 ns. Instead of rematerialising, every activation could be loaded from "
    "disk, one loaddisk per layer. How fast must a loaddisk be for the disk strategy to be at least as fast?"
)


TITLE_5A = 'Tensor rematerialisation: fwd operations'
TITLE_5B = 'Tensor rematerialisation: loadmem operations'
TITLE_5C = 'Tensor rematerialisation: break-even disk load time'


def simulate_backward_pass(layers: int, interval: int) -> tuple[int, int]:
    """Replay the backward pass literally: (fwd ops, loadmem ops) with checkpoints every ``interval``."""
    stored = set(range(0, layers + 1, interval))
    fwd = loadmem = 0
    for layer in range(layers, 0, -1):
        nearest = max(point for point in stored if point <= layer)
        loadmem += 1
        fwd += layer - nearest
    return fwd, loadmem


def derive_fwd_ops() -> Derivation:
    """N(c-1)/2 recomputations: segment by segment, layer r of a segment needs r fwd ops."""
    return Derivation(
        "5a: fwd ops in one backward pass", r"\#\mathrm{fwd}(N, c)",
        sum_over(sum_over(r, r, c - 1), s, N / c),
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


def derive_break_even(fwd: sp.Expr, loadmem: sp.Expr) -> tuple[Derivation, Derivation]:
    """Rematerialisation time, then t_disk from N t_disk = T_remat."""
    remat = Derivation(
        "5c: rematerialisation time", r"T_\mathrm{remat}",
        fwd * t_fwd + loadmem * t_mem, "every fwd costs t_fwd and every loadmem t_mem, one at a time",
    )
    return remat, solve_for("5c: break-even loaddisk time", t_disk, remat, N * t_disk)


def _instantiated(general: Derivation, title: str, values: dict, note: str) -> Derivation:
    specific = Derivation(title, general.quantity, general.result, f"general result ({general.title})")
    return specific.instantiate(values, note)


def _enumeration_records(part: str, slot: str, closed_form: sp.Expr, pick: int) -> list[VerifyRecord]:
    records = []
    for layers, interval in SCHEDULES:
        counted = simulate_backward_pass(layers, interval)[pick]
        value = closed_form.xreplace({N: layers, c: interval})
        records.append(VerifyRecord(part, slot, str(closed_form), {"N": layers, "c": interval}, 1,
                                   float(counted), 0.0, value == counted, method="enumeration"))
    return records


def _count_part(part_id: str, title: str, statement: str, general: Derivation, slot_name: str, what: str,
                replay_column: int, cues: tuple[str, ...], misconceptions=lambda specific: ()) -> Part:
    """A counting part: the general count, its value for the given network, replayed schedules."""
    specific = _instantiated(general, f"{part_id.rpartition('/')[2]}: {what} for N = 10, c = 5", GIVEN,
                             "N = 10 layers, a stored activation every c = 5")

    def simulate(config: VerifyConfig):
        return _enumeration_records(part_id, slot_name, general.result, replay_column)

    note = f"The general count {sp.sstr(general.result)} (N layers, a stored activation every c)."
    return Part(
        id=part_id, title=title, statement=statement, derivations=[general, specific],
        slots=[Slot(slot_name, "numeric", specific.result, f"{what} in one backward pass", derivation=specific.title,
                    alternates=(Alternate(general.result, 1.0, note, "exact"),),
                    misconceptions=tuple(misconceptions(specific.result)), cues=cues)],
        simulations=[simulate], symbols=SYMBOLS,
    )


def build_5a() -> Part:
    """Part 5a: fwd ops, general and for N = 10, c = 5."""
    return _count_part(
        "hw3/5a", TITLE_5A, STATEMENT_5A, derive_fwd_ops(), "fwd_ops", "fwd ops", 0, (r"\bfwd\b", r"forward"),
        lambda count: [Misconception("That counts the initial forward pass too; the question excludes it.", 0.0,
                                     expr=count + GIVEN[N])],
    )


def build_5b() -> Part:
    """Part 5b: loadmem ops, general and for N = 10."""
    return _count_part("hw3/5b", TITLE_5B, STATEMENT_5B, derive_loadmem_ops(), "loadmem_ops", "loadmem ops", 1,
                       (r"loadmem", r"memory load"))


def build_5c() -> Part:
    """Part 5c: the loaddisk time at which both strategies take equally long."""
    fwd, loadmem = derive_fwd_ops().result, derive_loadmem_ops().result
    remat, break_even = derive_break_even(fwd, loadmem)
    specific = _instantiated(break_even, "5c: break-even loaddisk time (ns)", {**GIVEN, **GIVEN_TIMES_NS},
                             "N = 10, c = 5, t_fwd = 20 ns, t_mem = 10 ns")

    def simulate(config: VerifyConfig):
        records = []
        for layers, interval in SCHEDULES:
            fwd_count, load_count = simulate_backward_pass(layers, interval)
            replayed = sp.Rational(fwd_count * 20 + load_count * 10, layers)
            value = break_even.result.xreplace({N: layers, c: interval, **GIVEN_TIMES_NS})
            records.append(VerifyRecord("hw3/5c", "loaddisk_ns", str(break_even.result), {"N": layers, "c": interval},
                                       1, float(replayed), 0.0, value == replayed, method="enumeration"))
        return records

    return Part(
        id="hw3/5c", title=TITLE_5C, statement=STATEMENT_5C,
        derivations=[remat, break_even, specific],
        slots=[Slot("loaddisk_ns", "numeric", specific.result, "largest loaddisk time (ns) that still breaks even",
                    unit="ns", derivation=specific.title, cues=(r"loaddisk", r"\bdisk\b", r"t_\{?\\?(text\{)?disk"),
                    alternates=(Alternate(specific.result, 1.0, "Any time at most this is fast enough.",
                                          "relation"),),
                    misconceptions=(Misconception("That is the total rematerialisation time, not the time per "
                                                  "loaddisk.", 0.0, expr=specific.result * GIVEN[N]),))],
        simulations=[simulate], symbols=SYMBOLS,
    )
