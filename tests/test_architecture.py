"""The layers hold: an AST contract over src/jamlik (issue 8).

Two rules, checked on every import statement, including imports inside functions:

(a) no package imports another package's private (underscored) module or name
    (``from jamlik.store._models import X`` is refused outside ``jamlik.store``;
    ``from jamlik.store import X`` is the way);
(b) nothing imports from a higher layer (:data:`LAYERS`, lowest first; packages of the
    same layer may import each other's public faces).

``docs/architecture.md`` draws the layers from :data:`LAYERS`; run
``python tests/test_architecture.py`` to rewrite that drawing after changing the table.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "jamlik"
DOC = ROOT / "docs" / "architecture.md"

#: The layers, lowest first: (name, what it holds, top-level modules and packages of jamlik).
#: ``data`` is a resource package (files shipped with jamlik), importable by every layer.
#: ``jamlik/__init__.py`` and ``__main__.py`` are the Python API and the entry point: the top.
LAYERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("foundation", "errors, settings, the long format's columns, periods, area versions, the "
     "HEAT table, safe cells; deprecated names; lazy package faces; shipped data files",
     ("errors", "config", "schema", "heat", "deprecation", "lazy", "cells", "data")),
    ("parsers", "pure parsers, HTTP fetchers, document extraction & Swedish matching",
     ("ingest", "connectors", "text")),
    ("store", "persistence (SQLAlchemy + Alembic), public models via __init__", ("store",)),
    ("numerics", "pure numerics; solvers; microdata on DuckDB/Spark",
     ("stats", "place", "register")),
    ("programme", "programme & follow-up; surveys & dialogues", ("program", "voices")),
    ("reports", "årsbokslut, equality report", ("reports",)),
    ("jobs", "use cases: import, measure, export, fetch, register, uptake, place, report; "
     "the demo city", ("jobs", "demo")),
    ("interfaces", "thin: parse input, call a job, render", ("cli", "web")),
    ("python API", "jamlik's top-level names and `python -m jamlik`", ("__init__", "__main__")),
)

LEVEL = {unit: level for level, (_name, _what, units) in enumerate(LAYERS) for unit in units}


def _unit(parts: tuple[str, ...]) -> str:
    """The layer unit of a module path inside jamlik: its top-level package or module."""
    return parts[0] if parts else "__init__"


def _private(parts: list[str]) -> bool:
    return any(part.startswith("_") and not (part.startswith("__") and part.endswith("__"))
               for part in parts)


def _targets(node: ast.AST, module: tuple[str, ...], is_package: bool) -> list[list[str]]:
    """Every jamlik module or name an import statement reaches, as path parts after 'jamlik'."""
    if isinstance(node, ast.Import):
        return [name.name.split(".")[1:] for name in node.names
                if name.name.split(".")[0] == "jamlik"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        package = list(module) if is_package else list(module[:-1])
        base = package[: len(package) - (node.level - 1)]
        if node.level - 1 > len(package):
            return []
        target = base + (node.module.split(".") if node.module else [])
    else:
        dotted = node.module.split(".")
        if dotted[0] != "jamlik":
            return []
        target = dotted[1:]
    return [target] + [target + [alias.name] for alias in node.names if alias.name != "*"]


def violations(sources: dict[tuple[str, ...], str]) -> list[str]:
    """The broken rules in ``sources`` (module path inside jamlik → source text), one line each.

    A package's ``__init__`` keeps its name: ``("store", "__init__")``, and the
    top-level ``jamlik/__init__.py`` is ``("__init__",)``.
    """
    found = []
    for module, source in sorted(sources.items()):
        is_package = module[-1] == "__init__"
        if is_package:
            module = module[:-1]
        own = _unit(module)
        where = "/".join(module) or "__init__"
        if own not in LEVEL:
            found.append(f"{where}: '{own}' is in no layer; add it to LAYERS in {Path(__file__).name}")
            continue
        for node in ast.walk(ast.parse(source)):
            for target in _targets(node, module, is_package):
                if not target or _unit(tuple(target)) == own:
                    continue
                other = _unit(tuple(target))
                line = f"{where}.py:{node.lineno}: jamlik.{'.'.join(target)}"
                if _private(target):
                    found.append(f"{line} is private to jamlik.{other}; import its public face")
                elif other not in LEVEL:
                    found.append(f"{line}: '{other}' is in no layer")
                elif LEVEL[other] > LEVEL[own]:
                    found.append(f"{line} is a higher layer ({LAYERS[LEVEL[other]][0]}) than "
                                 f"{own} ({LAYERS[LEVEL[own]][0]})")
                else:
                    continue
                break  # one message per import statement
    return sorted(set(found))


def _sources() -> dict[tuple[str, ...], str]:
    sources = {}
    for path in sorted(SRC.rglob("*.py")):
        sources[path.relative_to(SRC).with_suffix("").parts] = path.read_text(encoding="utf-8")
    return sources


def layer_drawing() -> str:
    """The layer diagram of docs/architecture.md, drawn from :data:`LAYERS`."""
    files = ("errors", "config", "schema", "deprecation", "cells", "__init__", "__main__")
    shown = ["  ".join(f"{unit}.py" if unit in files else f"{unit}/" for unit in units)
             for _name, _what, units in LAYERS]
    width = max(map(len, shown))
    lines = ["```", "highest: may import every layer below it"]
    for level in range(len(LAYERS) - 1, -1, -1):
        name, what, _units = LAYERS[level]
        lines.append(f"{level}  {name:<11} {shown[level]:<{width}}  {what}")
    lines += ["lowest: imports nothing above it", "```"]
    return "\n".join(lines)


START, END = "<!-- layers: drawn by tests/test_architecture.py -->", "<!-- /layers -->"


def _doc_with_drawing(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{layer_drawing()}\n{END}{tail}"


# -- the contract on jamlik's own code --------------------------------------------------------


def test_no_private_or_upward_imports_in_jamlik():
    found = violations(_sources())
    assert found == [], "\n".join(found)


def test_every_package_and_module_is_in_a_layer():
    units = {path.name if path.is_dir() else path.stem
             for path in SRC.iterdir()
             if (path.is_dir() and (path / "__init__.py").exists()) or path.suffix == ".py"}
    assert units - set(LEVEL) == set()


def test_the_documented_layers_are_the_contract():
    text = DOC.read_text(encoding="utf-8")
    assert START in text and END in text, f"{DOC} needs the markers {START} … {END}"
    assert text == _doc_with_drawing(text), "run: python tests/test_architecture.py"
    drawn = text.partition(START)[2].partition(END)[0]
    for _name, _what, units in LAYERS:
        for unit in units:
            assert unit in drawn


@pytest.mark.parametrize("package, absent", [
    ("jamlik.store", ["jamlik.ingest", "httpx", "jamlik.stats", "jamlik.jobs", "scipy"]),
    ("jamlik.stats", ["jamlik.store", "sqlalchemy", "jamlik.ingest", "jamlik.jobs"]),
    ("jamlik.schema", ["jamlik.ingest", "jamlik.store", "pandas"]),
    ("jamlik.ingest", ["jamlik.store", "sqlalchemy", "jamlik.jobs"]),
])
def test_importing_a_layer_loads_nothing_above_it(package, absent):
    code = (f"import sys, {package}\n"
            f"print(','.join(m for m in {absent!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "", f"import {package} loaded {loaded}"


# -- the checker itself can fail -----------------------------------------------------------------


def _check(module: tuple[str, ...], source: str) -> list[str]:
    return violations({module: textwrap.dedent(source)})


def test_checker_refuses_another_packages_private_module():
    assert _check(("web", "_data"), "from jamlik.store._models import Area\n") == [
        "web/_data.py:1: jamlik.store._models is private to jamlik.store; import its public face"]
    assert _check(("cli", "_x"), "import jamlik.stats._heat._api\n")
    assert _check(("reports", "_x"), "from jamlik.program import _cycle\n")


def test_checker_refuses_an_upward_import_even_inside_a_function():
    found = _check(("ingest", "_import"), """
        def import_file():
            from jamlik.store import write_batch
    """)
    assert found == ["ingest/_import.py:3: jamlik.store is a higher layer (store) than ingest "
                     "(parsers)"]
    assert _check(("store", "_export"), "from ..web import create_app\n")
    assert _check(("store", "__init__"), "from ..web import create_app\n")
    assert _check(("stats", "_trend"), "from jamlik import jobs\n") == [
        "stats/_trend.py:1: jamlik.jobs is a higher layer (jobs) than stats (numerics)"]
    assert _check(("stats", "_trend"), "from jamlik.program import cycle_row\n")


def test_checker_allows_public_faces_own_privates_and_lower_layers():
    assert _check(("web", "_data"), """
        from jamlik.store import Area
        from jamlik.errors import InputError
        from jamlik.schema import COLUMNS
        from . import _charts
        from ._tables import table
        from jamlik.web._i18n import gettext
        import jamlik.data
    """) == []
    assert _check(("store", "__init__"), "from ._models import Area\nfrom jamlik.schema import KEY\n") == []
    assert _check(("cli", "_serve"), "from jamlik.web import create_app\n") == []


def test_checker_refuses_a_package_in_no_layer():
    assert _check(("newthing", "_x"), "x = 1\n") == [
        "newthing/_x: 'newthing' is in no layer; add it to LAYERS in test_architecture.py"]


if __name__ == "__main__":
    DOC.write_text(_doc_with_drawing(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{DOC} redrawn")
