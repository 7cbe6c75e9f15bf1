"""The Sensitivity, Uncertainty and Compare pages (AppTest): what they draw is what the library
computes, for the profile and scenario in the session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap.analysis import cruxes, montecarlo, pool, sensitivity, two_way
from argmap.ui.charts import target_label
from argmap.ui.describe import pct, points

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception, at.exception
    return at


def under(model: argmap.Model) -> dict[str, str]:
    """The evidence the app computes under with nothing observed: the headline condition."""
    return argmap.headline_context(model).evidence


def current_values(at: AppTest) -> tuple[argmap.Model, dict[str, Any]]:
    active = at.session_state["argmap.active"]
    draft = at.session_state["argmap.drafts"][(active.model_key, active.profile_key)]
    return active.model, dict(draft.values)


def frames(at: AppTest, index: int) -> list[pd.DataFrame]:
    chart = at.get("vega_lite_chart")[index].proto
    return [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.datasets]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label.replace("\\", ""): m.value for m in at.metric}


@pytest.fixture
def sprinkler_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A models folder holding only the sprinkler example (all points) and its dry profile."""
    folder = tmp_path / "models"
    (folder / "examples" / "credences").mkdir(parents=True)
    for rel in ("examples/sprinkler.yaml", "examples/credences/sprinkler-dry.yaml"):
        shutil.copy(ROOT / "models" / rel, folder / rel)
    monkeypatch.setenv("ARGMAP_MODELS_DIR", str(folder))
    return folder


def test_sensitivity_page_draws_the_library_tornado() -> None:
    at = open_page("sensitivity.py")
    model, values = current_values(at)
    expected = sensitivity(model, values, evidence=under(model))
    assert metrics(at)[f"P({target_label(model, model.output_label)})"] == pct(expected.base)
    bars = next(f for f in frames(at, 0) if "setting" in f.columns)
    top = expected.swings[: at.slider[1].value]
    assert list(dict.fromkeys(bars["setting"])) == [s.key for s in top]
    first = bars[bars["setting"] == top[0].key].set_index("end")["P"]
    assert first["at its low"] == pytest.approx(top[0].target_low, abs=1e-12)
    assert first["at its high"] == pytest.approx(top[0].target_high, abs=1e-12)
    grid = next(f for f in frames(at, 1) if "P" in f.columns)
    x, y = at.selectbox[1].value, at.selectbox[2].value
    two = two_way(model, values, x=x, y=y, points=21, evidence=under(model))
    assert len(grid) == 21 * 21
    assert sorted(grid["P"]) == pytest.approx(sorted(two.values.ravel()), abs=1e-12)


def test_sensitivity_page_follows_the_target_and_swing() -> None:
    at = open_page("sensitivity.py")
    model, values = current_values(at)
    claim = next(c for c in model.claims if c != model.output[0])
    target = f"{claim}={model.claims[claim].states[0]}"
    at.selectbox[0].set_value(target).run()
    at.toggle[0].set_value(False).run()
    assert not at.exception
    expected = sensitivity(model, values, target=target, use_intervals=False,
                           evidence=under(model))
    assert metrics(at)[f"P({target_label(model, target)})"] == pct(expected.base)
    bars = next(f for f in frames(at, 0) if "setting" in f.columns)
    assert bars["setting"].iloc[0] == expected.swings[0].key


def test_uncertainty_page_matches_montecarlo() -> None:
    at = open_page("uncertainty.py")
    model, values = current_values(at)
    mc = montecarlo(model, values, samples=5000, seed=0, bins=40, evidence=under(model))
    shown = metrics(at)
    assert shown["Point answer"] == pct(mc.point) and shown["Mean over samples"] == pct(mc.mean)
    assert shown["5-95% interval"] == f"{pct(mc.interval[0])} – {pct(mc.interval[1])}"
    hist = next(f for f in frames(at, 0) if "samples" in f.columns)
    assert hist["samples"].sum() == 5000
    drivers = next(f for f in frames(at, 1) if "Sobol" in f.columns)
    assert list(drivers["id"]) == [d.key for d in mc.drivers[:15]]
    names = list(drivers["credence"])
    assert len(set(names)) == len(names)  # no two rows read the same
    for name, d in zip(names, mc.drivers[:15], strict=True):
        claim = model.claims[model.parameters[d.parameter].claim]
        assert name.startswith(claim.short + " · ") and "_" not in name.split(" [")[0]
    at.number_input[0].set_value(7).run()
    again = montecarlo(model, values, samples=5000, seed=7, bins=40, evidence=under(model))
    assert metrics(at)["Mean over samples"] == pct(again.mean)


def test_uncertainty_page_with_only_points_shows_the_exact_point(sprinkler_dir: Path) -> None:
    at = open_page("uncertainty.py")
    model, values = current_values(at)
    if any(not isinstance(v, argmap.Point) for v in values.values()):
        pytest.skip("the app opened the sprinkler model on an uncertain profile")
    point = argmap.marginals(model, values, evidence=under(model)).p(*model.output_label.split("="))
    shown = metrics(at)
    assert shown["Point answer"] == shown["Mean over samples"] == shown["Median"] == pct(point)
    assert "Every credence here is a point" in at.info[0].value


def test_compare_page_crux_bars_sum_to_the_difference() -> None:
    at = open_page("compare.py")
    model = at.session_state["argmap.active"].model
    a_key, b_key = at.selectbox[0].value, at.selectbox[1].value
    a = argmap.load_credences(ROOT / "models" / a_key, model)
    b = argmap.load_credences(ROOT / "models" / b_key, model)
    expected = cruxes(model, a, b, permutations=1000, evidence=under(model))
    shown = metrics(at)
    label = f"P({target_label(model, model.output_label)})"
    assert shown[f"A: {label}"] == pct(expected.value_a)
    assert shown[f"B: {label}"] == pct(expected.value_b)
    steps = next(f for f in frames(at, 0) if "step" in f.columns)
    shares = steps[~steps["kind"].eq("profile")]
    assert list(shares["who"]) == [c.claim for c in expected.cruxes]
    assert list(shares["step"]) == [model.claims[c.claim].short for c in expected.cruxes]
    assert list(shares["label"]) == [f"{points(c.shapley)} pts" for c in expected.cruxes]
    assert shares["share"].sum() == pytest.approx(expected.difference, abs=1e-12)
    assert steps["to"].iloc[-2] == pytest.approx(expected.value_b, abs=1e-12)
    assert "Meeting halfway" in "".join(m.value for m in at.markdown)
    halfway = at.table[0].value
    checked = [model.claims[c.claim].short for c in expected.cruxes if c.halfway]
    assert checked and list(halfway["claim"]) == checked
    assert len(set(halfway["claim"])) == len(halfway)  # each claim once, both movers beside it


def test_compare_page_pooled_view() -> None:
    at = open_page("compare.py")
    model = at.session_state["argmap.active"].model
    chosen = at.multiselect[0].value
    creds = [argmap.load_credences(ROOT / "models" / k, model) for k in chosen]
    expected = pool(model, creds, evidence=under(model))
    shown = metrics(at)
    assert shown["With the pooled numbers"] == pct(expected.pooled_target)
    assert shown["Average of the answers"] == pct(expected.linear_pool_of_targets)
    at.radio[0].set_value("log").run()
    assert not at.exception
    logged = pool(model, creds, method="log", evidence=under(model))
    assert metrics(at)["With the pooled numbers"] == pct(logged.pooled_target)
    members = next(f for f in frames(at, 1) if "member" in f.columns)
    assert len(members) == len(creds)


def test_compare_page_own_numbers_against_your_numbers(sprinkler_dir: Path) -> None:
    at = open_page("compare.py")
    at.selectbox[0].set_value("own").run()
    at.selectbox[1].set_value("now").run()
    assert not at.exception
    model, values = current_values(at)
    expected = cruxes(model, {}, values, evidence=under(model))
    shown = metrics(at)
    assert shown["Difference B − A"] == f"{100 * expected.difference:+.1f} points"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec) if expected.cruxes else None
    assert spec is None or "layer" in spec


# --- no stale numbers: every part of the state reaches the cached analyses ----------------


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception, at.exception
    return at


def _state(at: AppTest) -> tuple[argmap.Model, dict[str, Any], dict[str, str], dict[str, str]]:
    model, values = current_values(at)
    scenario = at.session_state["argmap.scenarios"][at.session_state["argmap.active"].model_key]
    return model, values, dict(scenario.evidence), dict(scenario.do)


def _set_claim(at: AppTest, claim: str, value: str, how: str) -> None:
    _go(at, "inspector.py")
    at.selectbox(key="inspect:claim").select(claim).run()
    at.selectbox(key=f"inspect:state:{claim}").select(value)
    at.button(key=f"{how}:{claim}").click().run()
    assert not at.exception, at.exception


def test_analysis_pages_follow_every_change_of_the_state(sprinkler_dir: Path) -> None:
    """Change one part of the state at a time (a credence, evidence, do(), an argument): the
    Sensitivity and Uncertainty pages show the library's new numbers, never a cached old one."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["map:open:0"] = True
    at.run()
    target = at.session_state["argmap.active"].model.output_label
    seen: list[str] = []

    def check() -> None:
        model, values, evidence, do = _state(at)
        _go(at, "sensitivity.py")
        want = sensitivity(model, values, target=target, evidence=evidence, do=do)
        assert metrics(at)[f"P({target_label(model, target)})"] == pct(want.base)
        _go(at, "uncertainty.py")
        mc = montecarlo(model, values, target=target, samples=5000, seed=0, bins=40,
                        evidence=evidence, do=do)
        assert metrics(at)["Point answer"] == pct(mc.point)
        seen.append(pct(want.base))

    check()
    _go(at, "map.py")
    at.slider(key="cred:cloudy").set_value(0.9).run()
    check()
    _set_claim(at, "rain", "true", "observe")
    check()
    _set_claim(at, "sprinkler", "true", "force")
    check()
    assert len(set(seen)) == len(seen), seen  # each change moved the number
    # an argument of the analysis: another target
    _go(at, "sensitivity.py")
    other = "cloudy=true"
    at.selectbox(key="sens:target").set_value(other).run()
    model, values, evidence, do = _state(at)
    want = sensitivity(model, values, target=other, evidence=evidence, do=do)
    assert metrics(at)[f"P({target_label(model, other)})"] == pct(want.base)


def test_compare_page_follows_your_numbers_now(sprinkler_dir: Path) -> None:
    at = open_page("compare.py")
    at.selectbox[0].set_value("own").run()
    at.selectbox[1].set_value("now").run()
    before = metrics(at)["Difference B − A"]
    _go(at, "map.py")
    at.session_state["map:open:0"] = True
    at.run()
    at.slider(key="cred:cloudy").set_value(0.9).run()
    _go(at, "compare.py")
    model, values = current_values(at)
    expected = cruxes(model, {}, values, permutations=1000)
    after = metrics(at)["Difference B − A"]
    assert after == f"{100 * expected.difference:+.1f} points" and after != before


def test_a_cached_call_is_keyed_on_every_part_of_the_state(sprinkler_dir: Path) -> None:
    from types import SimpleNamespace

    from argmap import Point
    from argmap.ui import cache

    model = argmap.load_model(sprinkler_dir / "examples" / "sprinkler.yaml")
    other = argmap.load_model(ROOT / "models" / "scheming.yaml")
    base = {"model": model, "values": {"cloudy": Point(0.5)}, "evidence": {}, "do": {}}

    def key(scene: dict[str, Any] = base, **arguments: Any) -> str:
        return cache.call(SimpleNamespace(**scene), sensitivity, **arguments).key()

    first = key(target="wet=true")
    assert key(target="wet=true") == first  # equal state, equal key
    changed = [
        key({**base, "values": {"cloudy": Point(0.6)}}, target="wet=true"),
        key({**base, "evidence": {"rain": "true"}}, target="wet=true"),
        key({**base, "do": {"rain": "true"}}, target="wet=true"),
        key(target="rain=true"),
        key(target="wet=true", swing=0.3),
    ]
    changed.append(key({**base, "model": other}, target="wet=true"))
    assert first not in changed and len(set(changed)) == len(changed)
    with pytest.raises(TypeError):
        cache.freeze({"x": {1, 2}})  # a set is not frozen silently


CALLS: list[str] = []


def _counted(model: argmap.Model, values: Any, *, evidence: Any, do: Any) -> int:
    """An analysis that counts its runs (for the cache test below)."""
    CALLS.append(model.id)
    return len(CALLS)


def test_analyse_and_remembered_share_one_cache(sprinkler_dir: Path) -> None:
    """The spinner is drawn outside the cache, so the spinner-less ``remembered`` and
    ``analyse`` reach the same cached run: asked for through both, an analysis runs once."""
    from types import SimpleNamespace

    from argmap import Point
    from argmap.ui import cache

    model = argmap.load_model(sprinkler_dir / "examples" / "sprinkler.yaml")
    scene = SimpleNamespace(model=model, values={"cloudy": Point(0.42)}, evidence={}, do={})
    CALLS.clear()
    first = cache.analyse(scene, _counted)
    assert cache.remembered(scene, _counted) == first
    assert cache.analyse(scene, _counted) == first
    assert CALLS == [model.id]


def test_settle_freezes_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """``cache.settle`` hides what is alive from the collector once per name (a model, a
    page), so Streamlit's collection after every run stays short and the calls bounded."""
    import gc

    from argmap.ui import cache

    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(cache, "_SETTLED", set())
    for name in ("page Map", "page Map", "model abc", "page Map"):
        cache.settle(name)
    assert calls == ["freeze", "freeze"]


def test_settle_frees_cycles_that_died_after_the_last_freeze(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cycle frozen alive (a cached model, say) and dropped later is collected at the next
    settle: frozen garbage does not pile up as models come and go."""
    import gc
    import weakref

    from argmap.ui import cache

    class Node:
        other: Node

    monkeypatch.setattr(cache, "_SETTLED", set())
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        alive = weakref.ref(a)
        cache.settle("model one")
        del a, b
        gc.collect()
        assert alive() is not None  # frozen: out of the collector's sight
        cache.settle("model two")
        assert alive() is None
    finally:
        gc.unfreeze()
