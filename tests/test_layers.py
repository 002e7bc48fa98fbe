"""Arrows point one way: app_pages -> ui -> report -> model, and the command
line (planner/) beside the pages on top, over model and report.

Every import of every module is read with ``ast``, those inside functions
too (a lazy import is still an arrow): an import that points up fails, and so
does an import cycle between files. Imports made from strings
(``importlib.import_module``) are not seen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "report", "ui", "app_pages", "planner")
SCRIPTS = ("app.py",)

#: Top-level package -> the top-level names it must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "model": frozenset({"report", "ui", "app_pages", "planner", "streamlit"}),
    "report": frozenset({"ui", "app_pages", "planner", "streamlit"}),
    "ui": frozenset({"app_pages", "planner"}),
    # A shell over model and report: the CLI needs no Streamlit.
    "planner": frozenset({"ui", "app_pages", "streamlit"}),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "ui.state"
    target: str  # the imported module, e.g. "ui.levers" (or "streamlit")
    path: Path
    line: int

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}"


def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the layered packages and app.py."""
    files: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    for script in SCRIPTS:
        if (root / script).exists():
            files[Path(script).stem] = root / script
    return files


def imports_of(module: str, path: Path, known: Iterable[str]) -> list[Import]:
    """Every import in ``path``, at any depth, resolved to the module it loads.

    ``from pkg import name`` loads ``pkg.name`` when that is a module of the
    project, else ``pkg`` itself; relative imports are resolved against ``module``.
    """
    known = set(known)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(module, a.name, path, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)]
                parent = ".".join([*base, *([node.module] if node.module else [])])
            else:
                parent = node.module or ""
            for alias in node.names:
                child = f"{parent}.{alias.name}" if parent else alias.name
                target = child if child in known else parent
                found.append(Import(module, target, path, node.lineno))
    return found


def all_imports(root: Path) -> list[Import]:
    files = module_files(root)
    return [imp for module, path in files.items() for imp in imports_of(module, path, files)]


def upward_imports(imports: Iterable[Import], root: Path) -> list[str]:
    """One message per import that points up a layer."""
    out = []
    for imp in imports:
        layer, target = imp.source.split(".")[0], imp.target.split(".")[0]
        if target in FORBIDDEN.get(layer, ()):
            out.append(
                f"{imp.where(root)}: {imp.source} imports {imp.target} "
                f"({layer}/ must not import {target})"
            )
    return list(dict.fromkeys(out))  # `from x import a, b` is one arrow


def import_cycles(imports: Iterable[Import], modules: Iterable[str]) -> list[list[str]]:
    """The groups of project modules that import each other, directly or
    through others (strongly connected components of more than one module,
    or one importing itself), each sorted."""
    modules = set(modules)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for imp in imports:
        if imp.target in modules:
            graph[imp.source].add(imp.target)
    return sorted(sorted(c) for c in _components(graph) if len(c) > 1 or c[0] in graph[c[0]])


def _components(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components (recursive: the graph is small)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def describe_cycle(cycle: list[str], imports: Iterable[Import], root: Path) -> str:
    members = set(cycle)
    arrows = sorted(
        {
            f"{i.source} -> {i.target} ({i.where(root)})"
            for i in imports
            if i.source in members and i.target in members
        }
    )
    return f"import cycle between {', '.join(cycle)}: " + "; ".join(arrows)


# --- the project -------------------------------------------------------------


def test_every_layer_is_read() -> None:
    files = module_files(ROOT)
    for package in PACKAGES:
        assert any(m.split(".")[0] == package for m in files), f"no module read in {package}/"
    assert "app" in files and "planner.cli" in files


def test_no_import_points_up_a_layer() -> None:
    bad = upward_imports(all_imports(ROOT), ROOT)
    assert not bad, "imports that point up a layer:\n" + "\n".join(bad)


def test_no_import_cycle_between_files() -> None:
    imports = all_imports(ROOT)
    cycles = import_cycles(imports, module_files(ROOT))
    assert not cycles, "\n".join(describe_cycle(c, imports, ROOT) for c in cycles)


# --- the checker itself: it must be able to fail ------------------------------


@pytest.fixture
def bad_tree(tmp_path: Path) -> Path:
    files = {
        "app.py": "import app_pages.explore\n",
        "model/__init__.py": "",
        "model/engine.py": (
            "from model import units\n"
            "def export():\n"
            "    from report.deck import build  # lazy, still an arrow\n"
            "    import streamlit as st\n"
        ),
        "model/units.py": "import math\n",
        "report/__init__.py": "",
        "report/deck.py": "from model.engine import export\nfrom . import figures\n",
        "report/figures.py": "import plotly\n",
        "ui/__init__.py": "",
        "ui/levers.py": "from ui.state import set_levers\nfrom ui.widgets import value\n",
        "ui/state.py": "def set_levers():\n    from .levers import sidebar\n",
        "ui/widgets.py": "from model.units import x\n",
        "app_pages/__init__.py": "",
        "app_pages/explore.py": "from ui import levers\n",
        "planner/__init__.py": "",
        "planner/cli.py": "from app_pages import explore\nfrom report.deck import build\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_checker_reports_an_upward_import(bad_tree: Path) -> None:
    bad = upward_imports(all_imports(bad_tree), bad_tree)
    assert bad == [
        "model/engine.py:3: model.engine imports report.deck (model/ must not import report)",
        "model/engine.py:4: model.engine imports streamlit (model/ must not import streamlit)",
        "planner/cli.py:1: planner.cli imports app_pages.explore "
        "(planner/ must not import app_pages)",
    ]


def test_checker_reports_an_import_cycle(bad_tree: Path) -> None:
    imports = all_imports(bad_tree)
    cycles = import_cycles(imports, module_files(bad_tree))
    # ui.state imports ui.levers inside a function, by a relative import.
    assert cycles == [["model.engine", "report.deck"], ["ui.levers", "ui.state"]]
    assert "ui.state -> ui.levers (ui/state.py:2)" in describe_cycle(cycles[1], imports, bad_tree)


def test_from_package_import_module_resolves_to_the_module(bad_tree: Path) -> None:
    files = module_files(bad_tree)
    targets = {i.target for i in imports_of("app_pages.explore", files["app_pages.explore"], files)}
    assert targets == {"ui.levers"}
    targets = {i.target for i in imports_of("model.engine", files["model.engine"], files)}
    assert targets == {"model.units", "report.deck", "streamlit"}
