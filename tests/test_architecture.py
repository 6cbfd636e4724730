"""Guards for the four layers of ARCHITECTURE.md: pages -> topics -> ui -> gdcore, one direction.

Read from the source with ``ast`` (imports, decorators, calls), never by running it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
APP_FILES = sorted(
    [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("topics/**/*.py"), *ROOT.glob("ui/*.py")]
)
GDCORE_FILES = sorted(ROOT.glob("gdcore/*.py"))


def layer(path: Path) -> str:
    """'app', 'pages', 'topics', 'ui', 'gdcore', 'bench' or 'tests' for a file of the repository."""
    relative = path.relative_to(ROOT)
    return "app" if relative.parts == ("app.py",) else relative.parts[0]


def topic(path: Path) -> str:
    """The page a topics/ file belongs to: ``topics/optimisers/figures.py`` -> ``optimisers``."""
    return path.relative_to(ROOT / "topics").parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import statement in ``path`` (relative imports resolved)."""
    found = []
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.append((module, node.lineno))
            # `from topics import glossary` imports the module topics.glossary
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names if module == "topics"]
    return found


ALLOWED = {
    # layer -> top-level packages it may import (besides the standard library)
    "app": {"streamlit", "ui", "topics"},
    "pages": {"streamlit", "ui", "topics"},
    "topics": {"streamlit", "ui", "gdcore", "numpy", "pandas", "topics"},
    "ui": {
        "streamlit",
        "ui",
        "gdcore",
        "numpy",
        "pandas",
        "plotly",
        "threadpoolctl",
        "orjson",
    },  # threadpoolctl: ui.page; orjson: ui.figures
    "gdcore": {"gdcore", "numpy"},
}


@pytest.mark.parametrize("path", APP_FILES + GDCORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path):
    own = layer(path)
    for module, line in imports(path):
        top = module.split(".")[0]
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        assert top in STDLIB or top in ALLOWED[own], f"{where}: a {own} file may not import {top}"
        if own == "topics" and top == "topics" and module != "topics":
            assert module.split(".")[1] == topic(path), f"{where}: one topic never imports another"


def test_only_the_figure_kit_imports_plotly():
    importers = {
        str(path.relative_to(ROOT))
        for path in APP_FILES
        if any(module.split(".")[0] == "plotly" for module, _ in imports(path))
    }
    assert importers == {"ui/figures.py"}


def calls(path: Path) -> list[tuple[str, int]]:
    """(dotted name, line) of every call in ``path``, e.g. ('st.cache_data', 12)."""

    def dotted(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            inner = dotted(node.value)
            return f"{inner}.{node.attr}" if inner else None
        return None

    tree = ast.parse(path.read_text(), str(path))
    return [
        (dotted(node.func), node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and dotted(node.func)
    ]


@pytest.mark.parametrize("path", sorted(ROOT.glob("pages/*.py")), ids=lambda p: p.name)
def test_a_page_tells_its_story_only(path):
    """No caching, no figure building, no reading presenter mode: those belong to its topic and the kit."""
    text = path.read_text()
    assert "st.cache_" not in text, f"{path.name} caches: caching belongs to its topic"
    for name, line in calls(path):
        last = name.rsplit(".", 1)[-1]
        assert last not in {"figure", "Figure", "line", "star", "contour", "animated"}, (
            f"{path.name}:{line} builds a figure ({name}): figures belong to its topic"
        )
        assert last != "presenter_mode", f"{path.name}:{line}: ui.figures.show scales for presenter mode"


@pytest.mark.parametrize("path", sorted(ROOT.glob("topics/**/*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_figure_builders_never_read_presenter_mode(path):
    assert "presenter_mode" not in path.read_text(), (
        f"{path.relative_to(ROOT)}: show() scales for presenter mode"
    )


def cache_decorators(path: Path) -> list[ast.expr]:
    """Every ``@st.cache_data`` / ``@st.cache_resource`` decorator in ``path``, bare or called."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
                    found.append(decorator)
    return found


def test_every_cache_is_bounded():
    """Many students share the server: each cache holds at most max_entries items or ttl seconds."""
    for path in APP_FILES:
        decorators = cache_decorators(path)
        # Every "@st.cache_" in the text is a decorator the parser found (none hides from this check).
        assert len(decorators) == path.read_text().count("@st.cache_"), path
        for decorator in decorators:
            keywords = {k.arg for k in decorator.keywords} if isinstance(decorator, ast.Call) else set()
            assert keywords & {"max_entries", "ttl"}, (
                f"{path.relative_to(ROOT)}:{decorator.lineno}: unbounded cache"
            )


def test_the_guards_see_every_layer():
    """The checks above would pass on an empty tree: make sure they read the real one."""
    assert {layer(path) for path in APP_FILES} == {"app", "pages", "topics", "ui"}
    assert any(cache_decorators(path) for path in ROOT.glob("topics/**/*.py"))
    assert len(GDCORE_FILES) > 5


def test_bench_never_imports_the_tests():
    for path in sorted(ROOT.glob("bench/**/*.py")):
        for module, line in imports(path):
            assert module.split(".")[0] not in {"tests", "conftest", "appserver"}, (
                f"{path.relative_to(ROOT)}:{line} imports {module}: bench has its own helpers"
            )
        strings = {n.value for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Constant)}
        assert "tests" not in strings, f"{path.relative_to(ROOT)} puts tests/ on its path"
