"""The problem bank's authoring API: what a problem set declares, and how sets are found and loaded.

Names load on first use (PEP 562), so that importing ``derive.bank.errors`` (as the command line does
before it knows the command) does not load SymPy.
"""
from derive.lazy_exports import lazy_exports

_EXPORTS = {
    "KeyPointsReference": "derive.bank.authoring", "near": "derive.bank.authoring",
    "rubric_reference": "derive.bank.authoring",
    "BANK_PATH_VARIABLE": "derive.bank.discovery", "ENTRY_POINT_GROUP": "derive.bank.discovery",
    "NO_ENTRY_POINTS_VARIABLE": "derive.bank.discovery", "Bank": "derive.bank.discovery",
    "BankError": "derive.bank.errors", "FoundSet": "derive.bank.discovery", "discover": "derive.bank.discovery",
    "entry_point_sets": "derive.bank.discovery", "folder_sets": "derive.bank.discovery",
    "Alternate": "derive.bank.schema", "KeyPoint": "derive.bank.schema", "Misconception": "derive.bank.schema",
    "Part": "derive.bank.schema", "PartEntry": "derive.bank.schema", "ProblemSet": "derive.bank.schema",
    "SamplingForm": "derive.bank.schema", "Slot": "derive.bank.schema",
}
__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_exports('derive.bank', _EXPORTS)
