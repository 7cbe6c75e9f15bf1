"""Save as a new profile: a new file beside the model's profiles; a shipped profile is never
written over (byte for byte); replacing a file the app saved before is an explicit second step."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import argmap
from argmap import Point
from argmap.ui import save_as, state
from tests.app.test_app import DRY, SPRINKLER, draft_values, models_dir, open_app, run

__all__ = ["models_dir"]  # the fixture, imported for these tests


def _fill(at, name: str, author: str = "Ada") -> None:  # type: ignore[no-untyped-def]
    at.text_input(key=save_as.NAME_KEY).set_value(name)
    at.text_input(key=save_as.AUTHOR_KEY).set_value(author)


def _credences_page(at):  # type: ignore[no-untyped-def]
    at.switch_page("views/credences.py")
    return run(at)


def test_save_as_new_writes_a_new_file_and_leaves_the_shipped_one(models_dir: Path) -> None:
    shipped = models_dir / DRY
    before = shipped.read_bytes()
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.35))
    at = _credences_page(at)
    assert not [b for b in at.button if b.key == "credences:save"], "no save over a shipped file"
    _fill(at, "ada-view")
    run(at.button(key="saveas:go").click())
    assert not at.exception
    new = models_dir / "examples" / "credences" / "ada-view.yaml"
    assert new.exists() and shipped.read_bytes() == before
    text = new.read_text(encoding="utf-8")
    assert text.startswith(save_as.MARK + "\n") and 'author: "Ada"' in text
    model = argmap.load_model(models_dir / SPRINKLER)
    loaded = argmap.load_credences(new, model)
    assert loaded.values["cloudy"] == Point(0.35)
    assert at.session_state[state.PICK_PROFILE] == "examples/credences/ada-view.yaml"
    assert "Saved as" in " ".join(str(s.value) for s in at.success)
    assert draft_values(at)["cloudy"] == Point(0.35)
    assert not [b for b in at.button if b.key == "credences:save"] or at.button(
        key="credences:save").disabled  # fmt: skip  # the new file is the baseline: no changes


def test_a_shipped_name_is_refused_whatever_is_ticked(models_dir: Path) -> None:
    shipped = models_dir / DRY
    before = shipped.read_bytes()
    at = _credences_page(open_app(profile=DRY))
    _fill(at, "sprinkler-dry")
    run(at)
    assert not [c for c in at.checkbox if c.key == save_as.REPLACE_KEY]
    run(at.button(key="saveas:go").click())
    assert "never replaced" in " ".join(str(e.value) for e in at.error)
    assert shipped.read_bytes() == before


def test_replacing_the_apps_own_file_is_a_second_step(models_dir: Path) -> None:
    at = _credences_page(open_app(profile=DRY))
    _fill(at, "mine")
    run(at.button(key="saveas:go").click())
    path = models_dir / "examples" / "credences" / "mine.yaml"
    first = path.read_text(encoding="utf-8")
    _fill(at, "mine", "Ada again")
    run(at.button(key="saveas:go").click())
    assert "Replace it" in " ".join(str(e.value) for e in at.error)
    assert path.read_text(encoding="utf-8") == first
    at.checkbox(key=save_as.REPLACE_KEY).check()
    run(at.button(key="saveas:go").click())
    assert 'author: "Ada again"' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["", "../escape", "a/b", "x.yaml", "-dash", "a" * 61, "é"])
def test_bad_names_are_refused(models_dir: Path, name: str) -> None:
    at = _credences_page(open_app(profile=DRY))
    _fill(at, name)
    run(at.button(key="saveas:go").click())
    assert "Not saved" in " ".join(str(e.value) for e in at.error)
    files = sorted(p.name for p in (models_dir / "examples" / "credences").iterdir())
    assert files == ["sprinkler-dry.yaml"]


def test_bad_author_is_refused(models_dir: Path) -> None:
    at = _credences_page(open_app(profile=DRY))
    _fill(at, "ok", "me\nmodel: x")
    run(at.button(key="saveas:go").click())
    assert "one line of printable text" in " ".join(str(e.value) for e in at.error)


def test_create_is_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    results: list[str] = []

    def one(i: int) -> None:
        try:
            save_as.create(path, f"text {i}\n")
            results.append(f"won {i}")
        except FileExistsError:
            results.append("lost")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r.startswith("won")]
    assert len(winners) == 1 and results.count("lost") == 7
    assert path.read_text() == f"text {winners[0].split()[1]}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]  # no temporary left
