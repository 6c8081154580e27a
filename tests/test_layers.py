"""The layers of ARCHITECTURE.md, checked on the source: who may import whom.

- no import cycle between the project's modules (lazy imports inside functions count);
- analysis is pure: no store, no face, no collector, no application layer;
- the faces (CLI, scheduler) call only the application layer, plus presentation helpers;
- collectors know nothing about the database or the application.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("outreach", "collectors", "reports")
PRESENTATION = (
    "outreach.texts",
    "outreach.display",
    "outreach.errors",
    "outreach.options",
    "collectors.errors",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {"scheduler": ROOT / "scheduler.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or "demo" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    # Imports for type checking only do not run, so they make no cycle.
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {t for t in targets if t in MODULES and t != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _is(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(GRAPH[node]):
            # A package's __init__ importing its own submodules is how packages are made.
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_analysis_is_pure():
    offenders = {
        module: sorted(
            t for t in targets if _is(t, "outreach.store", "outreach.cli", "outreach.app", "collectors")
        )
        for module, targets in GRAPH.items()
        if _is(module, "outreach.analysis")
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_faces_call_only_the_application_layer():
    faces = [m for m in GRAPH if _is(m, "outreach.cli", "outreach.web", "scheduler")]
    assert faces
    # A face may start another face (`outreach serve` runs the web app) and render with reports/.
    allowed = ("outreach.app", "outreach.cli", "outreach.web", "reports", *PRESENTATION)
    offenders = {
        module: sorted(t for t in GRAPH[module] if not _is(t, *allowed) and t != "outreach")
        for module in faces
    }
    assert {m: t for m, t in offenders.items() if t} == {}, offenders


def test_collectors_know_no_database():
    offenders = {
        module: sorted(t for t in targets if _is(t, "outreach"))
        for module, targets in GRAPH.items()
        if _is(module, "collectors")
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_reports_only_render():
    offenders = {
        module: sorted(
            t for t in targets if _is(t, "outreach.store", "outreach.queries", "outreach.cli", "collectors")
        )
        for module, targets in GRAPH.items()
        if _is(module, "reports")
    }
    assert {m: t for m, t in offenders.items() if t} == {}
