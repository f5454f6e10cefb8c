"""House rules as tests: import directions, no circles, small modules, no string evaluation, known modes."""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("derive", "graders", "problems")
MAX_LINES = 400


def module_name(path: pathlib.Path, root: pathlib.Path = ROOT) -> str:
    """``graders/reading/answer.py`` -> ``graders.reading.answer`` (a package's ``__init__`` is the package)."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, pathlib.Path]:
    """Every module of the three packages, by dotted name."""
    return {module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def imported_modules(path: pathlib.Path, root: pathlib.Path = ROOT) -> set[str]:
    """Dotted names a module imports (relative imports resolved), including imports inside functions."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}  # "from pkg import module"
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def import_graph(modules: dict[str, pathlib.Path] | None = None, root: pathlib.Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports; importing ``a.b.c`` runs the packages ``a`` and ``a.b`` first."""
    modules = source_modules() if modules is None else modules
    graph = {}
    for name, path in modules.items():
        edges = set()
        for target in imported_modules(path, root):
            while target:
                # a package the module itself lives in is already being loaded: that is no edge
                if target in modules and target != name and not name.startswith(target + "."):
                    edges.add(target)
                target = target.rpartition(".")[0]
        graph[name] = edges
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Components of more than one module (Tarjan's algorithm, iterative so deep graphs cannot overflow)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_engine_does_not_import_problems_or_graders():
    for path in (ROOT / "derive").rglob("*.py"):
        if path.parent == ROOT / "derive" / "cli":
            continue  # the composition root
        assert not top_level(imported_modules(path)) & {"problems", "graders"}, path.relative_to(ROOT)


def test_problem_sets_import_the_engine_only():
    for path in (ROOT / "problems").rglob("*.py"):
        assert "graders" not in top_level(imported_modules(path)), path.relative_to(ROOT)


def test_graders_do_not_import_the_bundled_problems():
    for path in (ROOT / "graders").rglob("*.py"):
        assert "problems" not in top_level(imported_modules(path)), path.relative_to(ROOT)


def test_no_module_imports_another_in_a_circle():
    assert strongly_connected(import_graph()) == []


def test_the_import_graph_counts_imports_inside_functions_and_parent_packages(tmp_path):
    package = tmp_path / "graders" / "reading"
    package.mkdir(parents=True)
    (tmp_path / "graders" / "__init__.py").write_text('"""top."""\n')
    (package / "__init__.py").write_text('"""reading."""\nfrom graders.reading import two\n')
    (package / "one.py").write_text("def f():\n    from graders.reading import two\n")
    (package / "two.py").write_text("from graders.reading.one import f\n")
    modules = {module_name(path, tmp_path): path for path in sorted(tmp_path.rglob("*.py"))}
    graph = import_graph(modules, tmp_path)
    assert "graders.reading.one" in graph["graders.reading.two"]
    assert "graders.reading.two" in graph["graders.reading.one"]  # an import inside a function counts
    assert strongly_connected(graph) == [["graders.reading.one", "graders.reading.two"]]
    (tmp_path / "outside.py").write_text("import graders.reading.one\n")
    assert "graders.reading" in import_graph({**modules, "outside": tmp_path / "outside.py"}, tmp_path)["outside"]


def test_the_circle_finder_finds_circles():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


# A library's private name we build on, each with why; the dependency's version range in pyproject.toml
# is pinned to the releases checked (tests/graders/reading/test_two_stage_parse.py compares the trees).
PRIVATE_LIBRARY_NAMES = {
    ("latex2sympy2_extended.latex2sympy2", "_Latex2Sympy"):
        "the library's converter class has no public name; the two-stage parse subclasses it",
}


def test_no_private_name_is_imported_across_modules():
    for name, path in source_modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                private = [alias.name for alias in node.names if alias.name.startswith("_")
                           and (node.module, alias.name) not in PRIVATE_LIBRARY_NAMES]
                assert not private, f"{name} imports {private} from {node.module}"


def test_no_module_is_over_the_size_limit():
    for package in (*PACKAGES, "tests"):
        for path in (ROOT / package).rglob("*.py"):
            if package == "tests" and path.parent.name == "fixtures":
                continue
            lines = len(path.read_text().splitlines())
            limit = MAX_LINES if package != "tests" else 2 * MAX_LINES
            assert lines <= limit, f"{path.relative_to(ROOT)} has {lines} lines; split it by purpose"


def test_every_module_says_what_it_is_for():
    for name, path in source_modules().items():
        docstring = ast.get_docstring(ast.parse(path.read_text()))
        assert docstring and len(docstring.split()) >= 3, f"{name} needs a one-line docstring saying its purpose"


def called_names(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def builtin_calls(path: pathlib.Path) -> set[str]:
    return {node.func.id for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def test_no_string_evaluation_anywhere():
    for folder in PACKAGES:
        for path in (ROOT / folder).rglob("*.py"):
            assert not builtin_calls(path) & {"eval", "exec", "compile", "__import__"}, path
            assert not called_names(path) & {"parse_expr", "eval_expr"}, path


def test_graders_never_sympify():
    # The engine builds expressions from trusted objects; the graders only ever see untrusted text.
    for path in (ROOT / "graders").rglob("*.py"):
        assert "sympify" not in called_names(path), path


def test_engine_builds_expressions_and_refuses_text():
    from derive.symbols import as_expr

    assert as_expr(3) == 3 and as_expr(0.5) == 0.5
    with pytest.raises(TypeError):
        as_expr("__import__('os')")


def test_no_document_outside_the_repository_is_cited():
    texts = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    texts += [path for package in (*PACKAGES, "tests", "benchmarks") for path in (ROOT / package).rglob("*.py")]
    for path in texts:
        if path == pathlib.Path(__file__).resolve():
            continue
        text = path.read_text()
        assert "DESIGN" not in text, path.relative_to(ROOT)


def test_documents_the_code_cites_exist():
    import re

    cited = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            cited |= set(re.findall(r"docs/[\w.-]+\.md", path.read_text()))
    assert cited, "the code cites its documents"
    missing = sorted(name for name in cited if not (ROOT / name).is_file())
    assert not missing, missing


def test_every_slot_of_every_discovered_set_names_a_registered_mode():
    from bank import problem_bank
    from graders.modes.registry import MODES

    bank = problem_bank()
    assert bank.names(), "the bundled sets are discovered"
    for name in bank.names():
        for key, part in bank.built_parts(name).items():
            for slot in part.slots:
                assert slot.mode in MODES, f"{name}/{key} slot {slot.name}: mode {slot.mode!r} is not registered"
                for alternate in slot.alternates:
                    assert alternate.mode is None or alternate.mode in MODES, f"{name}/{key} {slot.name}"


def test_a_slot_with_an_unregistered_mode_is_an_error_verdict_not_a_crash():
    import dataclasses

    from bank import part
    from graders import grade

    built = part("hw3/5a")
    odd = dataclasses.replace(built, slots=[dataclasses.replace(built.slots[0], mode="telepathy")])
    verdict = grade(odd, built.slots[0].name, "20")
    assert verdict.status == "error" and "telepathy" in verdict.feedback
