"""Finding problem sets: installed entry points, folders on DERIVE_BANK and folders named on the command line.

Problem sets are code, so they are loaded only from places the user names: the entry points of
installed packages (group ``derive.problem_sets``, each naming a ``ProblemSet``; set
``DERIVE_NO_ENTRY_POINTS=1`` to skip them), the folders on ``DERIVE_BANK`` (separated like PATH),
and the folders given with ``--bank``.  A folder is a problem-set package (its ``__init__.py``
defines ``PROBLEM_SET``) or holds such packages.  A folder is imported under a private module name
made from its path, so a user's ``hw3`` never shadows another, and relative imports inside a set
work.  Two sets with one name are an error naming both origins.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import pathlib
import re
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Collection, Iterable, Mapping, Sequence

from derive.bank.cache import built_parts, cached_instance
from derive.bank.errors import AuthoringError, BankError, authoring_error
from derive.bank.schema import Part, PartEntry, ProblemSet
from derive.bank.validation import check_part
from derive.bank.variants import Variant, Variants
from derive.render.statements import statement_text

ENTRY_POINT_GROUP = "derive.problem_sets"
BANK_PATH_VARIABLE = "DERIVE_BANK"
NO_ENTRY_POINTS_VARIABLE = "DERIVE_NO_ENTRY_POINTS"
_SET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class FoundSet:
    """A problem set, where it was found (``entry point problems.hw3:PROBLEM_SET``), and the code it runs."""

    problem_set: ProblemSet
    origin: str
    source: pathlib.Path | None = None  # the folder (or file) of its code, so the cache sees it change


class Bank:
    """The problem sets known to one command, by name, in the order they were found."""

    def __init__(self, found: Iterable[FoundSet] = ()) -> None:
        self._sets: dict[str, FoundSet] = {}
        self._built: dict[str, dict[str, Part]] = {}
        for item in found:
            self.add(item)

    def add(self, item: FoundSet) -> None:
        """Add one set; the same set found twice is kept once, two sets with one name are an error."""
        name = item.problem_set.name
        known = self._sets.get(name)
        if known is None:
            self._sets[name] = item
        elif known.problem_set is not item.problem_set:
            raise BankError(f"two problem sets are named '{name}': one from {known.origin}, "
                            f"the other from {item.origin}.")

    def names(self) -> list[str]:
        """The set names, in the order the sets were found."""
        return list(self._sets)

    def found(self, name: str) -> FoundSet:
        """The set called ``name`` with its origin."""
        if name not in self._sets:
            raise BankError(f"unknown problem set '{name}'; run 'derive list' to see them.")
        return self._sets[name]

    def problem_set(self, name: str) -> ProblemSet:
        """The set called ``name``."""
        return self.found(name).problem_set

    def origin(self, name: str) -> str:
        """Where the set called ``name`` came from."""
        return self.found(name).origin

    def part_ids(self) -> list[str]:
        """Every part id (``hw3/1b``), set by set."""
        return [part_id for item in self._sets.values() for part_id in item.problem_set.part_ids()]

    def _entry(self, part_id: str) -> PartEntry:
        name, _, key = part_id.partition("/")
        item = self._sets.get(name)
        if item is None or key not in item.problem_set.parts:
            raise BankError(f"unknown problem '{part_id}'; run 'derive list' to see the ids.")
        return item.problem_set.parts[key]

    def title(self, part_id: str) -> str:
        """The title of a part, without deriving it."""
        return self._entry(part_id).title

    def variants(self, part_id: str) -> Variants | None:
        """The parameters a part's variants are drawn from, or None for a part without variants."""
        return self._entry(part_id).variants

    def build_part(self, part_id: str, variant: str | Variant | None = None) -> Part:
        """Run the derivations of one part (``hw3/1b``), for one student's variant when ``variant`` is a key
        (or for a given ``Variant``, as ``derive verify --all-variants`` does).

        A part without variants is the same for every student, so its key is ignored. A mistake in the set's
        code is raised as an ``AuthoringError`` naming the author's line.
        """
        entry = self._entry(part_id)
        chosen = variant if isinstance(variant, Variant) else self.variant_of(part_id, variant)
        try:
            return check_part(part_id, entry.build() if entry.variants is None else entry.build(chosen))
        except Exception as error:  # noqa: BLE001 - the author's mistake, reported with its file and line
            raise authoring_error(part_id, error) from error

    def variant_of(self, part_id: str, key: str | None) -> Variant | None:
        """The instance ``key`` selects (the published one for None); None for a part without variants."""
        space = self._entry(part_id).variants
        if key is not None and not key.strip():
            raise BankError("a variant key is a student id or a seed; it cannot be empty.")
        if space is None:
            return None
        try:
            return space.default() if key is None else space.choose(part_id.partition("/")[0], key)
        except Exception as error:  # noqa: BLE001 - an empty domain, say: the author's mistake
            raise authoring_error(part_id, error) from error

    def instance(self, part_id: str, variant: str | None = None) -> Part:
        """The part as one student is graded against it: published, or their variant, from the cache when it can.

        Unlike ``build_part`` it has no simulations (``derive verify`` builds afresh).
        """
        name, _, key = part_id.partition("/")
        chosen = self.variant_of(part_id, variant) if variant is not None else None
        if chosen is None:
            return self.built_parts(name)[key]
        part = cached_instance(name, self.found(name).source, key, chosen.identity(),
                               lambda: self.build_part(part_id, chosen))
        return dataclasses.replace(part, variant=chosen)

    def built_parts(self, name: str) -> dict[str, Part]:
        """Every part of one set by key (published values), from the cache when the set's code is unchanged.

        Read once per bank: a class or a transcript asks for the same parts many times.
        """
        if name not in self._built:
            item = self.found(name)
            try:
                parts = built_parts(item.problem_set, item.source)
            except Exception:  # noqa: BLE001 - find the failing part and say so, part by part
                parts = {key: self.build_part(f"{name}/{key}") for key in item.problem_set.parts}
            for key, part in parts.items():
                check_part(f"{name}/{key}", part)
            self._built[name] = parts
        return self._built[name]

    def resolve(self, targets: Sequence[str]) -> list[str]:
        """Part ids for command-line targets: a set name means all its parts, no target means every part."""
        known = self.part_ids()
        if not targets:
            return known
        chosen = []
        for target in targets:
            target = target.strip().rstrip("/")
            if target in self._sets:
                chosen += self._sets[target].problem_set.part_ids()
            elif target in known:
                chosen.append(target)
            else:
                raise BankError(f"unknown problem '{target}'; run 'derive list' to see the ids.")
        return chosen

    def resolve_one(self, target: str) -> str:
        """The one part id ``target`` names; a set with several parts is an error naming one of them."""
        chosen = self.resolve([target])
        if len(chosen) != 1:
            raise BankError(f"'{target}' names several parts; grade one part, e.g. {chosen[0]}.")
        return chosen[0]

    def identify(self, text: str, mentioned: Callable[[str, Sequence[str]], Collection[str]]) -> str:
        """The one set ``text`` works through, judged by the parts ``mentioned`` finds in it and by its words.

        With one set known, that set.  Else part ids and title words decide when one set clearly leads;
        failing that, the words of the statements (the parts are built, or read from the cache).
        """
        names = self.names()
        if len(names) == 1:
            return names[0]
        if not names:
            raise BankError(f"no problem sets are known; install one, set {BANK_PATH_VARIABLE}, or use --bank.")
        text_words = _words(text)
        titles = {name: self._title_words(name) for name in names}
        # a part id named in the text is stronger evidence than one more shared word
        scores = {name: 2 * len(mentioned(text, list(self.problem_set(name).parts)))
                  + len(_distinctive(titles, name) & text_words) for name in names}
        winner, contenders = _leader(scores)
        if winner is None:
            statements = {name: _words(" ".join(statement_text(part.statement)
                                                for part in self.built_parts(name).values()))
                          for name in contenders or names}
            for name in statements:
                scores[name] += len(_distinctive(statements, name) & text_words)
            winner, contenders = _leader({name: scores[name] for name in statements})
        if winner is not None:
            return winner
        if not contenders:
            raise BankError("no known problem set matches the transcript; name one with --problems "
                            "(run 'derive list' to see them).")
        listed = " or ".join(f"'{name}'" for name in contenders)
        raise BankError(f"the transcript could be from problem set {listed}; name one with --problems.")

    def _title_words(self, name: str) -> set[str]:
        problem_set = self.problem_set(name)
        return _words(" ".join([problem_set.title, *(entry.title for entry in problem_set.parts.values())]))


_WORD = re.compile(r"[a-z][a-z-]{3,}")
_COMMON = frozenset(
    "about after also answer because before being between both could does each every find from given have into "
    "more most must only other over part question same show should some such than that their them then there "
    "these they this those under using value were what when where which while will with would your".split())


def _words(text: str) -> set[str]:
    return {word.strip("-") for word in _WORD.findall(text.lower())} - _COMMON


def _distinctive(vocabularies: Mapping[str, set[str]], name: str) -> set[str]:
    """The words of one set that no other set uses: shared words say nothing about which set a text is from."""
    others = set().union(*(words for other, words in vocabularies.items() if other != name))
    return vocabularies[name] - others


def _leader(scores: Mapping[str, int]) -> tuple[str | None, list[str]]:
    """The set scoring above zero and at least twice any other, and the sets close enough to compete."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best = ranked[0][1]
    contenders = [name for name, score in ranked if score > 0 and 2 * score >= best]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return (ranked[0][0] if best > 0 and best >= 2 * runner_up else None), contenders


def discover(bank_dirs: Sequence[str | os.PathLike] = (), environ: Mapping[str, str] | None = None) -> Bank:
    """Every problem set the user named: entry points, then ``DERIVE_BANK`` folders, then ``bank_dirs``."""
    environ = os.environ if environ is None else environ
    bank = Bank()
    if environ.get(NO_ENTRY_POINTS_VARIABLE, "") in ("", "0"):
        for item in entry_point_sets():
            bank.add(item)
    for folder in bank_path(environ):
        for item in folder_sets(folder, BANK_PATH_VARIABLE):
            bank.add(item)
    for folder in bank_dirs:
        for item in folder_sets(folder, "--bank"):
            bank.add(item)
    return bank


def bank_path(environ: Mapping[str, str] | None = None) -> list[pathlib.Path]:
    """The folders on ``DERIVE_BANK``, in order; empty entries are skipped like PATH's."""
    environ = os.environ if environ is None else environ
    return [pathlib.Path(entry) for entry in environ.get(BANK_PATH_VARIABLE, "").split(os.pathsep) if entry.strip()]


def entry_point_sets() -> list[FoundSet]:
    """The sets named by installed entry points of the ``derive.problem_sets`` group."""
    import importlib.metadata  # here, not at the top: reading the installed metadata costs start-up time

    found = []
    for entry_point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        origin = f"entry point {entry_point.value}"
        try:
            problem_set = entry_point.load()
        except Exception as error:  # noqa: BLE001 - a broken package is reported as such, not as our crash
            raise BankError(f"the problem set of {origin} could not be loaded ({_summary(error)}).") from error
        found.append(FoundSet(_checked_set(problem_set, origin), origin, _module_source(entry_point.module)))
    return found


def folder_sets(folder: str | os.PathLike, how: str = "--bank") -> list[FoundSet]:
    """The sets in one bank folder: the folder itself when it is a problem-set package, else its sub-packages."""
    path = pathlib.Path(folder)
    if not path.is_dir():
        raise BankError(f"{how} names {path}, which is not a folder.")
    path = path.resolve()
    own = None
    if (path / "__init__.py").is_file():
        own = getattr(_load_package(path), "PROBLEM_SET", None)
        if own is not None:
            origin = f"{how} {path}"
            return [FoundSet(_checked_set(own, origin), origin, path)]
    children = sorted(child for child in path.iterdir() if child.is_dir() and (child / "__init__.py").is_file()
                      and not child.name.startswith((".", "_")))
    if not children:
        has = "its __init__.py defines no PROBLEM_SET" if (path / "__init__.py").is_file() else "it has no __init__.py"
        raise BankError(f"{path} is not a problem set: {has}, and no sub-folder is a package that defines one.")
    found = []
    for child in children:
        problem_set = getattr(_load_package(child), "PROBLEM_SET", None)
        if problem_set is None:
            raise BankError(f"{child} is not a problem set: its __init__.py defines no PROBLEM_SET.")
        origin = f"{how} {child}"
        found.append(FoundSet(_checked_set(problem_set, origin), origin, child))
    return found


def _private_module_name(folder: pathlib.Path) -> str:
    """A module name that only this folder gets: no user folder can shadow an installed package or another."""
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    readable = re.sub(r"\W", "_", folder.name)
    return f"_derive_bank_{digest}_{readable}"


def _load_package(folder: pathlib.Path) -> ModuleType:
    """Import the package in ``folder`` under its private name (once per process)."""
    name = _private_module_name(folder)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise BankError(f"{folder} is not a problem set: its __init__.py cannot be imported.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it, so that its relative imports find their package
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001 - the set's own failure, reported as one sentence
        for loaded in [key for key in sys.modules if key == name or key.startswith(name + ".")]:
            del sys.modules[loaded]
        if isinstance(error, AuthoringError):  # a mistake @part or Variants caught: said with its file and line
            raise
        raise BankError(f"the problem set in {folder} could not be loaded ({_summary(error)}).") from error
    return module


def _checked_set(candidate: object, origin: str) -> ProblemSet:
    """``candidate`` when it is a usable ProblemSet, else a BankError saying what is wrong with it."""
    if not isinstance(candidate, ProblemSet):
        raise BankError(f"{origin} gives a {type(candidate).__name__}, not a ProblemSet.")
    if not isinstance(candidate.name, str) or not _SET_NAME.fullmatch(candidate.name):
        raise BankError(f"the problem set from {origin} is named {candidate.name!r}; a set's name is letters, "
                        f"digits, '-', '_' and '.'.")
    for key in candidate.parts:
        if not isinstance(key, str) or not key.strip() or key != key.strip() or "/" in key:
            raise BankError(f"problem set '{candidate.name}' from {origin} has a part key {key!r}; a key is "
                            f"non-empty text without '/' or surrounding spaces.")
    return candidate


def _module_source(module_name: str) -> pathlib.Path | None:
    """The code of an entry point's set: its package's folder, or the module's folder inside its package."""
    module = sys.modules.get(module_name)
    locations = getattr(getattr(module, "__spec__", None), "submodule_search_locations", None)
    if locations:
        return pathlib.Path(list(locations)[0])
    file = getattr(module, "__file__", None)
    if not file:
        return None
    return pathlib.Path(file).parent if "." in module_name else pathlib.Path(file)


def _summary(error: BaseException) -> str:
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__
