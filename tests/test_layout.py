"""The shape of the code (issue 8): one folder per concern, a pure core, small functions, no import circles.

These are the rules a newcomer relies on to find things; a change that breaks
one fails here with the offending module or function named.
"""
import ast
from pathlib import Path

from tests.paths import ROOT

PACKAGES = ("geo", "dashboard")
MAX_TOP_MODULES = {"geo": 6, "dashboard": 10}
MAX_LINES, MAX_PARAMS = 60, 8


def sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module an import statement in the file names (at any depth, functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_the_core_never_imports_streamlit():
    offenders = [module_name(p) for p in sources("geo")
                 if any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in imported(p))]
    assert offenders == []


def test_few_modules_at_the_top_the_rest_in_folders_by_concern():
    for package, limit in MAX_TOP_MODULES.items():
        top = sorted(p.name for p in (ROOT / package).glob("*.py") if p.name != "__init__.py")
        assert len(top) <= limit, (package, top)


def test_functions_are_short_and_take_few_parameters():
    too_big = []
    for path in sources("geo") + sources("dashboard"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
                count = len(params) + bool(args.vararg) + bool(args.kwarg) - (
                    bool(params) and params[0].arg in ("self", "cls"))
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES or count > MAX_PARAMS:
                    too_big.append(f"{module_name(path)}.{node.name}: {lines} lines, {count} parameters")
    assert too_big == []


def test_no_import_circle():
    modules = {module_name(p): p for package in PACKAGES for p in sources(package)}
    graph = {name: {m for m in imported(path) if m in modules and m != name} for name, path in modules.items()}
    # a package's __init__ importing its own modules is its façade, not a circle
    graph = {name: {m for m in deps if not m.startswith(name + ".")} for name, deps in graph.items()}
    circles = []

    def visit(name, trail):
        if name in trail:
            circles.append(trail[trail.index(name):] + [name])
            return
        if name in done:
            return
        for dep in sorted(graph[name]):
            visit(dep, trail + [name])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [])
    assert circles == []
