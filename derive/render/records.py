"""Verification records as the table ``derive verify`` prints: one row per simulation or replay."""
from __future__ import annotations

from typing import Sequence

from derive.simulation.records import VerifyRecord


def records_table(records: Sequence[VerifyRecord]) -> str:
    """A fixed-width table: part, slot, closed form, where it was checked, the simulated mean, pass or FAIL."""
    width = max([8] + [len(record.problem) for record in records])
    lines = [f"{'problem':<{width}} {'slot':<16} {'closed form':<28} {'dimensions':<18} {'samples':>8} "
             f"{'mean':>12} {'stderr':>10}  result"]
    for record in records:
        dims = ", ".join(f"{name}={value}" for name, value in record.dims.items())
        lines.append(f"{record.problem:<{width}} {record.slot:<16} {record.closed_form[:28]:<28} {dims:<18} "
                     f"{record.samples:>8} {record.mc_mean:>12.5g} {record.mc_stderr:>10.3g}  "
                     f"{'pass' if record.passed else 'FAIL'}")
    return "\n".join(lines)
