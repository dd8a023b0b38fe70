"""The architecture, checked: the pure layer imports neither Textual nor Rich, the packages of
reader/ import each other without cycles, no class outgrows one sitting, and reader/ itself
keeps only a handful of loose modules."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import reader

PACKAGE_DIR = Path(reader.__file__).resolve().parent
REPO = PACKAGE_DIR.parent
UI_PACKAGE = "reader.ui"
# Only the UI may import these; rich comes with textual and is not a dependency of its own.
UI_LIBRARIES = ("textual", "rich")
MAX_CLASS_LINES = 300
# __init__.py and __main__.py included: everything else belongs in a package.
MAX_LOOSE_MODULES = 5


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    """Every module under reader/, by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def is_ui(name: str) -> bool:
    return name == UI_PACKAGE or name.startswith(UI_PACKAGE + ".")


def pure_modules() -> list[str]:
    return [name for name in source_files() if not is_ui(name)]


# --- (a) the pure layer imports neither textual nor rich ------------------------------------

# Imports every module; a finder ahead of the real ones notes, for the first import of each UI
# library, the innermost reader module (and line) on the stack: the import to remove.
IMPORT_ALL = """\
import importlib, json, sys
libraries = {libraries!r}
blame = {{}}
class Blame:
    def find_spec(self, fullname, path=None, target=None):
        if fullname in libraries and fullname not in blame:
            frame = sys._getframe(1)
            while frame and not frame.f_globals.get("__name__", "").startswith("reader"):
                frame = frame.f_back
            where = frame and f"{{frame.f_globals['__name__']}} line {{frame.f_lineno}}"
            blame[fullname] = where or "outside reader"
        return None
sys.meta_path.insert(0, Blame())
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in libraries)
print(json.dumps({{"blame": blame, "loaded": loaded[:5]}}))
"""


def test_pure_layer_imports_neither_textual_nor_rich() -> None:
    modules = pure_modules()
    assert {"reader.library", "reader.cli", "reader.text", "reader.store"} <= set(modules)
    code = IMPORT_ALL.format(libraries=UI_LIBRARIES, modules=modules)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == [], "the pure layer pulled in UI libraries:\n" + "\n".join(
        f"  {library}, first imported by {where}" for library, where in report["blame"].items()
    )


def test_cli_list_imports_neither_textual_nor_rich(samples) -> None:
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"main(['list', {str(samples)!r}, '--json'])\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {UI_LIBRARIES!r})[:5], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


# --- (b) no import cycle between packages ---------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import statement of a reader module that names another reader module."""

    importer: str
    target: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line} ({self.importer} imports {self.target})"


def reader_imports(name: str, path: Path, known: set[str]) -> list[Import]:
    """Every import of a reader module in `path`, at any depth (top level, functions, TYPE_CHECKING).

    `from reader.search import index` resolves to the submodule reader.search.index when it is
    one, else to reader.search; relative imports resolve against the importing module.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.append(submodule if submodule in known else source)
        for target in dict.fromkeys(targets):
            if target == "reader" or target.startswith("reader."):
                found.append(Import(name, target, path, node.lineno))
    return found


def node_of(name: str, packages: set[str]) -> str:
    """The graph node of a module: its top-level package under reader/, or itself if loose."""
    top = ".".join(name.split(".")[:2])
    return top if top in packages else name


def package_graph() -> dict[str, dict[str, list[Import]]]:
    """node → imported node → the imports that make that edge."""
    files = source_files()
    packages = {name for name, path in files.items() if path.name == "__init__.py" and name.count(".") == 1}
    graph: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for name, path in files.items():
        for imp in reader_imports(name, path, set(files)):
            source, target = node_of(imp.importer, packages), node_of(imp.target, packages)
            if source != target:
                graph[source][target].append(imp)
    return graph


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """The groups of nodes that all reach each other (Tarjan's algorithm), of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                connect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while (member := stack.pop()) != node:
                component.add(member)
            if component:
                components.append(component | {node})

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return components


def shortest_path(edges: dict[str, set[str]], start: str, goal: str, within: set[str]) -> list[str]:
    came_from = {start: start}
    frontier = [start]
    while goal not in came_from:  # breadth first; `goal` is reachable inside `within`
        next_frontier = []
        for node in frontier:
            for succ in sorted(edges[node] & within):
                if succ not in came_from:
                    came_from[succ] = node
                    next_frontier.append(succ)
        frontier = next_frontier
    path = [goal]
    while path[-1] != start:
        path.append(came_from[path[-1]])
    return path[::-1]


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The shortest cycle through each import edge that lies on one, as closed lists of nodes."""
    cycles: set[tuple[str, ...]] = set()
    for component in strongly_connected(edges):
        for source in component:
            for target in edges[source] & component:
                ring = [source, *shortest_path(edges, target, source, component)[:-1]]
                turn = ring.index(min(ring))  # one rotation per cycle
                cycles.add(tuple(ring[turn:] + ring[:turn]))
    return [[*ring, ring[0]] for ring in sorted(cycles, key=lambda ring: (len(ring), ring))]


def describe_cycles(cycles: list[list[str]], graph: dict[str, dict[str, list[Import]]], shown: int = 8) -> str:
    """The cycles, shortest first (a two-package cycle usually names the import to undo), then
    the imports behind each of their edges."""
    lines = [f"import cycles between packages ({len(cycles)}):"]
    lines += [f"  {' → '.join(cycle)}" for cycle in cycles[:shown]]
    if len(cycles) > shown:
        lines.append(f"  … and {len(cycles) - shown} longer")
    lines.append("the imports behind those edges:")
    edges = dict.fromkeys(pair for cycle in cycles[:shown] for pair in pairwise(cycle))
    for source, target in edges:
        imports = graph[source][target]
        lines.append(f"  {source} → {target}:")
        lines += [f"    {imp}" for imp in imports[:3]]
        if len(imports) > 3:
            lines.append(f"    … and {len(imports) - 3} more")
    return "\n".join(lines)


def test_packages_import_each_other_without_cycles() -> None:
    graph = package_graph()
    assert graph["reader.cli"]["reader.library"], "the import graph misses known edges"
    cycles = find_cycles({source: set(targets) for source, targets in graph.items()})
    assert not cycles, describe_cycles(cycles, graph)


def test_cycle_finder_reports_each_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert find_cycles(edges) == [["e", "f", "e"], ["a", "b", "c", "a"]]
    # Two cycles sharing a node are both reported: each edge on a cycle shows up.
    edges = {"a": {"b", "c"}, "b": {"a"}, "c": {"d"}, "d": {"a"}}
    assert find_cycles(edges) == [["a", "b", "a"], ["a", "c", "d", "a"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


# --- (c) no class a reader cannot hold in their head ----------------------------------------


def test_no_class_is_longer_than_300_lines() -> None:
    too_long = []
    for path in source_files().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - start + 1
                if length > MAX_CLASS_LINES:
                    too_long.append(f"{path.relative_to(REPO)}:{start} {node.name}: {length} lines")
    assert not too_long, f"classes longer than {MAX_CLASS_LINES} lines (split them):\n  " + "\n  ".join(too_long)


# --- (d) reader/ shows packages, not a heap of modules --------------------------------------


def test_reader_holds_a_handful_of_loose_modules() -> None:
    loose = sorted(path.name for path in PACKAGE_DIR.glob("*.py"))
    assert {"__init__.py", "__main__.py"} <= set(loose)
    assert len(loose) <= MAX_LOOSE_MODULES, (
        f"reader/ holds {len(loose)} loose modules, at most {MAX_LOOSE_MODULES}: "
        f"{', '.join(loose)}; put the new one in the package it belongs to"
    )


def test_every_folder_of_code_is_a_package() -> None:
    # A folder without __init__.py is a namespace package: its modules would each be a node of
    # the graph above instead of one package, and a wheel might leave them out.
    folders = {path.parent for path in PACKAGE_DIR.rglob("*.py")}
    missing = sorted(str(f.relative_to(REPO)) for f in folders if not (f / "__init__.py").exists())
    assert not missing, f"folders of modules without __init__.py: {missing}"
