"""The layering docs/ARCHITECTURE.md describes, checked on the source: no import circle of files or folders, faces
that touch no store, a store that resolves nothing, no connection used outside store/, explicit public surfaces,
an example on every CLI command and an engine that runs the pipeline's stages."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import click
import pytest

from storyline.cli import main
from storyline.pipeline import INPUTS, PIPELINE

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"
FACES = ("storyline.cli", "storyline.api", "storyline.web")


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The storyline modules `name` imports, at load time or lazily inside functions."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            candidates = [base] + [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found |= {c for c in candidates if c in MODULES and c != name}
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _folder(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and (SRC / parts[1]).is_dir() else name


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_of_files() -> None:
    assert _cycles(GRAPH) == []


def test_no_import_circle_of_folders() -> None:
    folders: dict[str, set[str]] = defaultdict(set)
    for a, targets in GRAPH.items():
        folders[_folder(a)] |= {_folder(b) for b in targets if _folder(b) != _folder(a)}
    assert _cycles(folders) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("face", FACES)
def test_faces_touch_no_store(face: str) -> None:
    """The CLI, the API and the web pages read through storyline.read and write through the engine."""
    for name, targets in GRAPH.items():
        if name == face or name.startswith(face + "."):
            assert not {t for t in targets if t == "storyline.store" or t.startswith("storyline.store.")}, name


def test_the_api_does_not_import_the_web_package() -> None:
    for name, targets in GRAPH.items():
        if name.startswith("storyline.api"):
            assert not {t for t in targets if t.startswith("storyline.web")}, name


def test_the_store_resolves_nothing() -> None:
    for name, targets in GRAPH.items():
        if name.startswith("storyline.store"):
            forbidden = {t for t in targets if t.split(".")[1] in ("extract", "reconcile", "story", "read", "engines")}
            assert not forbidden, f"{name} imports {forbidden}"


def test_nothing_outside_the_store_uses_a_connection() -> None:
    for name, path in MODULES.items():
        if not name.startswith("storyline.store"):
            assert not re.search(r"\.conn\b|sqlite3", path.read_text(encoding="utf-8")), name


@pytest.mark.parametrize("package", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_declares_its_public_surface(package: str) -> None:
    assert "__all__" in MODULES[package].read_text(encoding="utf-8"), package


def _commands(group: click.Group) -> list[tuple[str, click.Command]]:
    return sorted(group.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(main))
def test_every_command_documents_an_example(name: str, command: click.Command) -> None:
    assert "Example: storyline" in (command.help or ""), name


def test_the_pipeline_only_requires_what_comes_before() -> None:
    available = set(INPUTS)
    for stage in PIPELINE:
        missing = set(stage.requires) - available
        assert not missing, f"{stage.name} requires {missing} before anything produces it"
        available |= set(stage.produces)


def test_the_engine_runs_every_stage_of_the_pipeline() -> None:
    engine = (SRC / "engines" / "local.py").read_text(encoding="utf-8")
    for stage in PIPELINE:
        assert f'STAGES["{stage.name}"]' in engine, stage.name
