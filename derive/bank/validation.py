"""Checks of a built part that only its author can fix: slots without a derived reference, repeated names."""
from __future__ import annotations

from derive.bank.errors import AuthoringError
from derive.bank.schema import Part


def check_part(part_id: str, part: Part) -> Part:
    """``part`` when it is sound, else the first ``AuthoringError`` found in it."""
    if part.id != part_id:
        raise AuthoringError(f"builds a Part whose id is '{part.id}'; a part's id must be its set's name, '/', "
                             f"and its key", part.location, part_id)
    titles = [derivation.title for derivation in part.derivations]
    seen: set[str] = set()
    for slot in part.slots:
        if slot.name in seen:
            raise AuthoringError(f"two slots are named '{slot.name}'", slot.location, part_id)
        seen.add(slot.name)
        if slot.key_points:
            continue  # a rubric's key points are the author's judgement, not a derived value
        if slot.derivation is None:
            raise AuthoringError(f"slot '{slot.name}' has a reference ({slot.reference}) that no derivation "
                                 f"produced; give the chain that derives it as the reference", slot.location,
                                 part_id)
        if slot.derivation not in titles:
            listed = "; ".join(f"'{title}'" for title in titles) or "none"
            raise AuthoringError(f"slot '{slot.name}' names the derivation '{slot.derivation}', which is not "
                                 f"one of this part's (derivations: {listed})", slot.location, part_id)
    return part
