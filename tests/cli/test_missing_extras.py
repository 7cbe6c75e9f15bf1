"""The core install (``pip install argmap``, no extras) works, and a feature that needs an extra
says which one in one line with exit code 2, never a traceback (issue 15).

Each command runs in a fresh interpreter in which the optional packages cannot be imported (a
meta-path hook hides them), so the check runs everywhere. CI also runs this file in a real venv
with the core alone (``make test-core``, which sets ``ARGMAP_CORE_ONLY=1``); there the hook has
nothing to hide, and :func:`test_the_core_venv_is_real` checks that the extras are truly absent.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPRINKLER = "models/examples/sprinkler.yaml"
OPTIONAL = ("pgmpy", "streamlit", "altair", "pandas", "pyagrum", "scipy")
HIDE = f"""
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {OPTIONAL!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Hide())
from argmap.cli import main
main(sys.argv[1:])
"""


def core(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``argmap args`` with the optional packages hidden."""
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    return subprocess.run([sys.executable, "-c", HIDE, *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def test_query_validate_and_svg_export_need_no_extra(tmp_path: Path) -> None:
    done = core("query", SPRINKLER, "--evidence", "wet=true")
    assert done.returncode == 0, done.stderr
    assert "rain" in done.stdout
    done = core("validate", SPRINKLER)
    assert done.returncode == 0, done.stderr
    for name in ("x.svg", "x.dot", "x.mmd", "x.json"):
        done = core("export", SPRINKLER, "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).stat().st_size > 100
    assert "<svg" in (tmp_path / "x.svg").read_text(encoding="utf-8")


def test_bif_export_needs_no_extra(tmp_path: Path) -> None:
    """BIF is written natively too (argmap.interchange.bif), and reads back on the core."""
    out = tmp_path / "x.bif"
    done = core("export", SPRINKLER, "-f", "bif", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("network sprinkler {\n}\nvariable cloudy")
    done = core("import", str(out), "-o", str(tmp_path / "back.yaml"))
    assert done.returncode == 0, done.stderr
    assert "imported 4 claims" in done.stdout


@pytest.mark.parametrize(("fmt", "feature"), [("xmlbif", "XMLBIF export"),
                                              ("net", "Hugin NET export")])
def test_network_export_names_the_networks_extra(tmp_path: Path, fmt: str, feature: str) -> None:
    out = tmp_path / f"x.{fmt}"
    done = core("export", SPRINKLER, "-f", fmt, "-o", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f"error: {feature}: needs pgmpy, which is not installed: pip install 'argmap[networks]'"
    )
    assert not out.exists()


def test_bif_import_needs_no_extra(tmp_path: Path) -> None:
    """BIF is read natively (argmap.interchange.bif_reader): no pgmpy, so the core install
    imports it; a bad file is a located error there too."""
    bif = tmp_path / "x.bif"
    bif.write_text("network x {}\nvariable a {\n  type discrete [ 2 ] { t, f };\n}\n"
                   "probability ( a ) {\n  table 0.5, 0.5;\n}\n", encoding="utf-8")
    done = core("import", str(bif), "-o", str(tmp_path / "x.yaml"))
    assert done.returncode == 0, done.stderr
    assert "imported 1 claims" in done.stdout
    assert "states: [t, f]" in (tmp_path / "x.yaml").read_text(encoding="utf-8")
    bif.write_text(bif.read_text(encoding="utf-8").replace("{ t, f }", "{ t, t }"),
                   encoding="utf-8")
    done = core("import", str(bif), "-o", str(tmp_path / "y.yaml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"error: {bif}:3:28: state 't' of 'a' is defined twice (first on line 3)")


def test_network_import_names_the_networks_extra(tmp_path: Path) -> None:
    xml = tmp_path / "x.xml"
    xml.write_text('<?xml version="1.0"?>\n<BIF VERSION="0.3"><NETWORK><NAME>x</NAME>'
                   '<VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>t</OUTCOME>'
                   "<OUTCOME>f</OUTCOME></VARIABLE><DEFINITION><FOR>a</FOR>"
                   "<TABLE>0.5 0.5</TABLE></DEFINITION></NETWORK></BIF>\n", encoding="utf-8")
    done = core("import", str(xml), "-o", str(tmp_path / "x.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "error: XMLBIF import: needs pgmpy, which is not installed: pip install 'argmap[networks]'"
    )
    assert not (tmp_path / "x.yaml").exists()


def test_the_core_venv_is_real() -> None:
    """In CI's core-only venv (``ARGMAP_CORE_ONLY=1``) no optional package is installed;
    elsewhere the full install has them all (so the hook above has something to hide)."""
    found = {name for name in OPTIONAL if importlib.util.find_spec(name) is not None}
    if os.environ.get("ARGMAP_CORE_ONLY") == "1":
        assert found == set()
    else:
        assert found == set(OPTIONAL)
