"""The problem bank's authoring API: what a problem set declares, and how sets are found and loaded."""
from derive.bank.authoring import KeyPointsReference, near, rubric_reference
from derive.bank.discovery import (BANK_PATH_VARIABLE, ENTRY_POINT_GROUP, NO_ENTRY_POINTS_VARIABLE, Bank, BankError,
                                   FoundSet, discover, entry_point_sets, folder_sets)
from derive.bank.schema import (Alternate, KeyPoint, Misconception, Part, PartEntry, ProblemSet, SamplingForm,
                                Slot)

__all__ = [
    "Part", "Slot", "Alternate", "Misconception", "KeyPoint", "SamplingForm", "ProblemSet", "PartEntry",
    "Bank", "BankError", "FoundSet", "discover", "entry_point_sets", "folder_sets", "ENTRY_POINT_GROUP",
    "BANK_PATH_VARIABLE", "NO_ENTRY_POINTS_VARIABLE",
    "near", "rubric_reference", "KeyPointsReference",
]
