"""The layout's rules, checked on the source: what may import what."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "smote_core"


def _imports(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved against its package)."""
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)  # `from . import views` names a module too
    return found


def _files(folder: Path):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_rules_see_relative_imports():
    """The checker itself: a relative import inside smote_core/views resolves to smote_core.samplers."""
    assert "smote_core.samplers.registry" in _imports(ENGINE / "views" / "view_state.py")


@pytest.mark.parametrize("layer", ["samplers", "data", "analysis"])
def test_lower_layers_never_import_the_views(layer):
    offenders = {p.name: sorted(m for m in _imports(p) if m.startswith("smote_core.views"))
                 for p in _files(ENGINE / layer)}
    assert not {k: v for k, v in offenders.items() if v}


def test_nothing_in_the_engine_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in _files(ENGINE)
                 if any(m == "streamlit" or m.startswith("streamlit.") for m in _imports(p))]
    assert not offenders


def test_the_engine_outside_the_views_never_imports_plotly():
    offenders = [str(p.relative_to(ROOT)) for p in _files(ENGINE)
                 if "views" not in p.parts and any(m.split(".")[0] == "plotly" for m in _imports(p))]
    assert not offenders


def test_pages_import_only_smote_core_and_their_shared_glue():
    project = {"smote_core", "pages", "app", "tests", "benchmarks"}
    for page in _files(ROOT / "pages"):
        own = {m for m in _imports(page) if m.split(".")[0] in project}
        assert all(m.startswith(("smote_core", "pages._shared", "pages")) for m in own), (page.name, own)
        assert not any(m.startswith(("tests", "benchmarks")) for m in own), page.name


def test_app_py_is_only_the_router():
    tree = ast.parse((ROOT / "app.py").read_text())
    assert {m for m in _imports(ROOT / "app.py")} <= {"streamlit"}
    assert sum(isinstance(n, ast.FunctionDef) for n in tree.body) <= 1  # the `/` redirect


def test_every_sampler_is_importable_from_smote_core():
    import smote_core
    from smote_core.samplers.registry import SAMPLERS

    for record in SAMPLERS.values():
        assert getattr(smote_core, record.cls.__name__) is record.cls
        assert record.cls.__name__ in smote_core.__all__
