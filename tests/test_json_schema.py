"""The JSON Schemas of the file types: shipped equal to generated, every shipped file passes,
malformed files fail (checked with the ``jsonschema`` package, as an editor would)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from argmap.cli.schemas import KINDS, schema_text
from argmap.json_schema import file_schema, shipped_path
from argmap.loading import load_model_text
from tests.support.commands import run_main
from tests.support.random_models import random_model_text

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted(p for p in (ROOT / "models").rglob("*.yaml") if "credences" not in p.parts)
PROFILES = sorted((ROOT / "models").rglob("credences/*.yaml"))


def as_editor_reads(text: str) -> Any:
    """The file as a YAML 1.2 editor sees it: plain JSON data (a date stays text)."""
    data = YAML(typ="safe", pure=True).load(text)
    return json.loads(json.dumps(data, default=lambda x: x.isoformat()
                                 if isinstance(x, dt.date) else str(x)))


def errors(kind: str, data: Any) -> list[str]:
    schema = file_schema("model" if kind == "model" else "credences")
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_the_generated_one(kind: str) -> None:
    """Regenerate with ``argmap schema KIND -o argmap/schemas/KIND.schema.json --force``."""
    assert shipped_path(kind).read_text(encoding="utf-8") == schema_text(kind)
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(kind)))


def test_there_are_shipped_files_to_check() -> None:
    assert len(MODELS) >= 5 and len(PROFILES) >= 5


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_every_shipped_model_passes(path: Path) -> None:
    assert errors("model", as_editor_reads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_shipped_profile_passes(path: Path) -> None:
    assert errors("credences", as_editor_reads(path.read_text(encoding="utf-8"))) == []


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_every_model_argmap_accepts_passes(seed: int) -> None:
    text = random_model_text(seed)
    load_model_text(text)  # argmap accepts it ...
    assert errors("model", as_editor_reads(text)) == []  # ... so the schema does too


BAD = [
    ("model", "model_missing_id.yaml", "'id' is a required property"),
    ("model", "model_claims_is_list.yaml", "is not of type 'object'"),
    ("model", "model_bad_evidence_mark.yaml", "['claims', 'rain', 'evidence']: 'X' is not valid"),
    ("model", "model_bad_claim_id.yaml", "does not match"),
    ("model", "model_negative_p.yaml", "is not valid under any of the given schemas"),
    ("model", "model_missing_statement.yaml", "'statement' is a required property"),
    ("credences", "cred_unknown_key.yaml", "Additional properties are not allowed"),
    ("credences", "cred_missing_model.yaml", "'model' is a required property"),
]


@pytest.mark.parametrize(("kind", "name", "says"), BAD, ids=[b[1] for b in BAD])
def test_malformed_files_are_refused(kind: str, name: str, says: str) -> None:
    text = (ROOT / "tests" / "bad_inputs" / name).read_text(encoding="utf-8")
    found = errors(kind, as_editor_reads(text))
    assert any(says in e for e in found), found


def test_a_state_may_be_a_bare_yaml_boolean() -> None:
    text = ("id: m\ntitle: M\nclaims:\n  a: {statement: A, prior: 0.5}\n  b:\n"
            "    statement: B\n    parents: [a]\n    table:\n      - when: {a: true}\n"
            "        p: 0.9\n      - when: {a: false}\n        p: \"beta(1, 9)\"\n")  # fmt: skip
    load_model_text(text)
    assert errors("model", as_editor_reads(text)) == []
    assert errors("model", as_editor_reads(text.replace("0.9", "1.5"))) != []


def test_schema_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run_main(capsys, "schema")
    assert code == 0 and out == schema_text("model")
    code, out, _ = run_main(capsys, "schema", "output")
    assert code == 0 and json.loads(out)["properties"]["schema"]["const"] == "argmap.cli/1"
    target = tmp_path / "c.json"
    code, out, _ = run_main(capsys, "schema", "credences", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == schema_text("credences")
    code, _, err = run_main(capsys, "schema", "credences", "-o", str(target))
    assert code == 2 and "file exists" in err
    code, _, err = run_main(capsys, "schema", "network")
    assert code == 2 and "unknown schema 'network' (expected model, credences or output)" in err
