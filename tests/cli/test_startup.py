"""Start-up stays light (issue 14): ``argmap --help`` and ``--version`` load typer and the
standard library only, and a query loads what a query needs and nothing more.

Checked by the modules a fresh interpreter has loaded, never by timing (the start-up times
are measured in ``bench/bench_startup.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Heavy or optional packages, each of which some command needs and --help never does.
# (rich is not listed: typer itself imports it for help, in versions before 0.2x.)
HEAVY = {"numpy", "pydantic", "pydantic_core", "networkx", "ruamel", "opt_einsum", "scipy",
         "pandas", "pgmpy", "streamlit", "altair", "pyagrum", "graphviz", "yaml"}
OPTIONAL = {"scipy", "pandas", "pgmpy", "streamlit", "altair", "pyagrum", "torch", "sklearn"}


def loaded_after(*argv: str, modules: bool = False) -> set[str]:
    """The top-level packages (or, with ``modules``, every module) loaded after running
    ``argmap argv`` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from argmap.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        f"names = set(sys.modules) if {modules} else {{m.split('.')[0] for m in sys.modules}}\n"
        "sys.stderr.write(json.dumps(sorted(names)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_load_nothing_heavy(argv: list[str]) -> None:
    loaded = loaded_after(*argv)
    assert "typer" in loaded  # the check sees third-party packages at all
    assert loaded & HEAVY == set()


@pytest.mark.parametrize("command", ["query", "export", "import", "sensitivity", "app"])
def test_a_commands_help_loads_nothing_heavy(command: str) -> None:
    """A command's help builds its parameters, which recent typers coerce with pydantic."""
    loaded = loaded_after(command, "--help")
    assert loaded & HEAVY - {"pydantic", "pydantic_core"} == set()


@pytest.mark.parametrize("model", ["models/examples/sprinkler.yaml", "models/scheming.yaml"])
def test_query_loads_no_optional_package_and_no_ruamel(model: str) -> None:
    """A valid file is read by libyaml: ruamel (slow to import and to parse) is left for files
    with problems, which it locates, and for saving with comments."""
    loaded = loaded_after("query", model)
    assert {"numpy", "yaml"} <= loaded
    assert "ruamel" not in loaded
    assert loaded & OPTIONAL == set()


# What a query does not need (issue 14): the other commands' modules (the app a command runs
# in holds that command alone), and the library behind them.
NOT_FOR_A_QUERY = {
    "argmap.cli.analysis", "argmap.cli.credences", "argmap.cli.explain", "argmap.cli.interchange",
    "argmap.cli.schemas", "argmap.cli.serve", "argmap.analysis", "argmap.export",
    "argmap.interchange", "argmap.formats", "argmap.saving", "argmap.credence_writer",
}


@pytest.mark.parametrize("argv", [["query", "models/scheming.yaml"],
                                  ["query", "models/scheming.yaml", "--json"],
                                  ["query", "-c", "models/credences/carlsmith.yaml"]])
def test_a_query_loads_no_other_command(argv: list[str]) -> None:
    loaded = loaded_after(*argv, modules=True)
    assert {"argmap.cli.query", "argmap.inference"} <= loaded  # the check sees argmap's modules
    assert loaded & NOT_FOR_A_QUERY == set()


def test_query_with_credences_loads_no_ruamel() -> None:
    loaded = loaded_after("query", "models/scheming.yaml", "--credences",
                          "models/credences/carlsmith.yaml")
    assert "ruamel" not in loaded


def test_export_svg_loads_no_optional_package(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = loaded_after("export", "models/examples/sprinkler.yaml", "-o",
                          str(tmp_path / "x.svg"))
    assert (tmp_path / "x.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    assert loaded & OPTIONAL == set()


def test_importing_argmap_loads_no_submodule() -> None:
    code = ("import sys, argmap; "
            "print(sorted(m for m in sys.modules if m.startswith(('argmap', 'numpy'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['argmap']"
