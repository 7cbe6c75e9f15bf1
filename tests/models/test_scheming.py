"""The scheming map against the report: its structure, its headline, and Section 1.5's claims.

Section 1.5 ("slack") is the one section we hold in full. Its claims, and the report's
directional claims, must follow from the map's *structure*, not from one choice of numbers: each
is checked under every shipped profile and under 300 credence sets drawn at random from the
uncertainty the Carlsmith profile states (every number there is an interval, a beta or a
dirichlet). Everything is read under the headline condition (`output.given`), with the test's
own interventions taking precedence for the claims they set. No test restates a computed
answer: the only fixed number is the report's band for its headline (about 25%, as 20-30%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import argmap
from argmap.analysis import base_values, draw_samples, evaluate

MODEL = "models/scheming.yaml"
PROFILES = {
    "carlsmith": "models/credences/carlsmith.yaml",
    "optimist": "models/credences/optimist.yaml",
    "pessimist": "models/credences/pessimist.yaml",
}
SOURCES = [*PROFILES, "draws"]
SLACK = ["low", "medium", "high"]
DRAWS = 300
CLASSES = "model_class"
MISGENERALIZED = ("misgeneralized_max_reward", "misgeneralized_costly")

# The report's sections (report-map.md, section 1), as far down as the map cites them.
REPORT_SECTIONS = {
    "0.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2", "1.2.1", "1.2.2.1", "1.2.2.2", "1.2.4",
    "1.3.5", "1.5", "2", "2.1", "2.2", "2.2.1.1", "2.2.2", "2.2.2.1", "2.2.2.1.4", "2.2.2.2",
    "2.2.3", "2.2.4.1", "2.2.4.2", "2.2.4.3", "2.3", "2.3.1", "2.3.1.1", "2.3.1.2", "2.3.2",
    "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "5",
}


@cache
def model() -> argmap.Model:
    return argmap.load_model(MODEL)


@cache
def credences(name: str) -> argmap.Credences:
    return argmap.load_credences(PROFILES[name], model())


@cache
def drawn() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """300 credence sets drawn from the Carlsmith profile's stated uncertainty (seeded)."""
    batch, _, _ = draw_samples(model(), credences("carlsmith"), DRAWS, np.random.default_rng(0))
    return base_values(model(), credences("carlsmith")), batch


def context(
    do: Mapping[str, str] | None, evidence: Mapping[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The headline condition, overridden by the test's own observations and interventions."""
    observed, forced, _ = argmap.headline_context(model(), evidence, do)
    return dict(observed), dict(forced)


def dist(
    source: str,
    claim: str = CLASSES,
    do: Mapping[str, str] | None = None,
    evidence: Mapping[str, str] | None = None,
) -> np.ndarray:
    """P(claim = each state), shape (states, members): one member per profile, 300 for draws."""
    observed, forced = context(do, evidence)
    if source == "draws":
        base, batch = drawn()
        result = evaluate(model(), base, batch, DRAWS, evidence=observed, do=forced)
        return np.asarray(result.marginals[claim])
    answer = argmap.marginals(model(), credences(source), evidence=observed, do=forced)
    return np.array([[p] for p in answer.distributions[claim].values()])


def p(source: str, claim: str, state: str, **kw: Mapping[str, str] | None) -> np.ndarray:
    """P(claim = state) per member."""
    return dist(source, claim, **kw)[model().claims[claim].states.index(state)]


def schemer(source: str, **do: str) -> np.ndarray:
    return p(source, CLASSES, "schemer", do=do)


def misgeneralized(source: str, **do: str) -> np.ndarray:
    d = dist(source, do=do)
    states = model().claims[CLASSES].states
    return sum(d[states.index(s)] for s in MISGENERALIZED)  # type: ignore[return-value]


def entropy(d: np.ndarray) -> np.ndarray:
    q = np.clip(d, 1e-300, 1.0)
    return -(q * np.log(q)).sum(axis=0)  # type: ignore[no-any-return]


# ------------------------------------------------------------------ citations and labels


def test_every_claim_cites_a_real_section_with_evidence_and_basis() -> None:
    """Every claim says where the report says it, how we checked, and whose reading it is."""
    for cid, claim in model().claims.items():
        assert claim.section in REPORT_SECTIONS, (cid, claim.section)
        assert claim.evidence in ("V", "S", "M"), cid
        assert claim.basis in ("report", "mixed", "interpretation"), cid
        assert claim.statement and claim.short and claim.says, cid


@pytest.mark.parametrize(
    ("claim", "section"),
    [
        ("scheming", "1.1.3"),  # schemers are defined in 1.1.3, not 1.2
        ("episode_length", "2.2.4.1"),  # long episodes -> beyond-episode goals, not 2.2.2.1
        ("long_horizon_training", "2.2.4.2"),
        ("small_differences_count", "4.6"),  # slack's bearing on speed and simplicity
        ("not_your_passion", "4.5"),
        ("goal_abundance", "4.2"),
        ("bego_dependent", "2.2.2.2"),
        ("goal_guarding", "2.3.1.1"),
        ("nonclassic", "2.3.2"),
    ],
)
def test_review_citations_are_fixed(claim: str, section: str) -> None:
    assert model().claims[claim].section == section


@pytest.mark.parametrize(
    "claim",
    [
        "empowerment", "nonclassic", "bego_natural", "bego_independent", "nearest_schemer_like",
        "nearest_is_reward", "initial_goal", "final_favours_schemer", "schemer_goal_selected",
        "model_class", "pushed_to_max_reward", "situational_awareness", "max_reward_target",
        "payoff_in_reach", "ai_coordination", "training_scale",
    ],
)
def test_claims_whose_links_are_our_reading_do_not_claim_the_report(claim: str) -> None:
    """Where the way parents combine is ours, the basis says so (not `report`)."""
    assert model().claims[claim].basis in ("mixed", "interpretation")


def test_carlsmith_profile_holds_every_credence_uncertain_and_marked_ours() -> None:
    """Every non-definitional number is in the profile, equal to the model's, uncertain, OURS."""
    m, cred = model(), credences("carlsmith")
    definitional = {pid for pid, param in m.parameters.items() if _is_fixed(m, pid)}
    assert definitional, "the map has definitional 0/1 numbers (model_class's assembly)"
    assert set(cred.values) == set(m.parameters) - definitional
    for pid, value in cred.values.items():
        assert value == m.parameters[pid].value, pid
        assert not isinstance(value, argmap.Point | argmap.PointDist), f"{pid} is a bare point"
    text = Path(PROFILES["carlsmith"]).read_text()
    body = text.split("\ncredences:\n", 1)[1]
    entries = [e for e in re.split(r"\n(?=  [a-z_]+:)", body) if re.match(r"  [a-z_]+:", e)]
    assert len(entries) == len({pid.split("[")[0].split(".")[0] for pid in cred.values})
    for entry in entries:
        assert "OURS" in entry or "fixed to" in entry, entry.splitlines()[0]


def _is_fixed(m: argmap.Model, pid: str) -> bool:
    value = m.parameters[pid].value
    if isinstance(value, argmap.Point):
        return value.value in (0.0, 1.0)
    if isinstance(value, argmap.PointDist):
        return all(x in (0.0, 1.0) for x in value.values)
    return False


def test_definitional_numbers_only_assemble_classes() -> None:
    """The 0/1 numbers live only where a claim is defined from others, never on a premise."""
    m = model()
    owners = {m.parameters[pid].claim for pid in m.parameters if _is_fixed(m, pid)}
    assert owners == {"model_class", "bego_independent", "nearest_schemer_like"}


# ------------------------------------------------------------------ structure


def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for cid, claim in model().claims.items():
        g.add_node(cid)
        for parent in claim.parents:
            g.add_edge(parent, cid)
    return g


def test_counting_is_one_common_upstream_cause() -> None:
    """Section 5: counting lies underneath 3.1, 3.2 and (probably) 4.3; it is counted once."""
    g = graph()
    for downstream in ("bego_natural", "nearest_schemer_like", "final_favours_schemer"):
        assert "goal_abundance" in model().claims[downstream].parents, downstream
    counting = [c for c, claim in model().claims.items() if "counting" in claim.short.lower()]
    assert counting == ["goal_abundance"]
    assert not model().claims["goal_abundance"].parents
    # it reaches the final-properties verdict once: not also through the simplicity advantage
    assert "goal_abundance" not in nx.ancestors(g, "simplicity_advantage")


@pytest.mark.parametrize("source", SOURCES)
def test_path_and_final_lenses_are_alternatives_not_a_chain(source: str) -> None:
    """Section 3: path arguments matter only if SGD does not find its favoured class (and 4.1)."""
    path = {"path_dependence": "path_matters"}
    final = {"path_dependence": "sgd_finds_favoured"}
    np.testing.assert_allclose(
        schemer(source, **path, final_favours_schemer="true"),
        schemer(source, **path, final_favours_schemer="false"),
    )
    np.testing.assert_allclose(
        schemer(source, **final, beyond_episode_goal="true"),
        schemer(source, **final, beyond_episode_goal="false"),
    )


@pytest.mark.parametrize("source", SOURCES)
def test_meeting_every_prerequisite_on_the_path_means_scheming(source: str) -> None:
    """No later filter: aware, with a beyond-episode goal, and scheming pays -> it schemes."""
    met = {
        "situational_awareness": "true", "beyond_episode_goal": "true",
        "scheming_pays": "true", "path_dependence": "path_matters",
    }
    np.testing.assert_allclose(p(source, "scheming", "true", evidence=met), 1.0)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("missing", ["situational_awareness", "scheming_pays"])
def test_prerequisites_are_necessary(source: str, missing: str) -> None:
    np.testing.assert_allclose(schemer(source, **{missing: "false"}), 0.0, atol=1e-12)


@pytest.mark.parametrize("source", SOURCES)
def test_aligned_policy_is_not_a_saint_and_needs_slack(source: str) -> None:
    """1.5: an aligned policy that departs from max reward needs slack; a saint does not."""
    pressed = dist(source, do={"pressure_decides": "true"})
    states = model().claims[CLASSES].states
    for state in ("aligned_policy", "misgeneralized_costly"):
        np.testing.assert_allclose(pressed[states.index(state)], 0.0, atol=1e-12)
        assert np.all(p(source, CLASSES, state, do={"pressure_decides": "false"}) > 0.01)
    assert np.all(pressed[states.index("training_saint")] > 0.05)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("claim", "a", "b"),
    [
        ("slack", "low", "high"),
        ("speed_costs", "true", "false"),
        ("simplicity_advantage", "true", "false"),
        ("nearest_is_reward", "true", "false"),
    ],
)
def test_reward_seekers_are_weighed_on_the_same_considerations(
    source: str, claim: str, a: str, b: str
) -> None:
    """Reward-on-the-episode seekers move with slack, speed, simplicity and 3.2's nearest goal."""
    ra = p(source, CLASSES, "reward_seeker", do={claim: a})
    rb = p(source, CLASSES, "reward_seeker", do={claim: b})
    assert np.all(np.abs(ra - rb) > 1e-4)


@pytest.mark.parametrize("source", SOURCES)
def test_classic_story_is_strict_and_nonclassic_bypasses_goal_guarding(source: str) -> None:
    np.testing.assert_allclose(
        p(source, "classic_story", "true", do={"goal_guarding": "false"}), 0.0, atol=1e-12
    )
    np.testing.assert_allclose(
        p(source, "classic_story", "true", do={"goal_guarding": "true", "empowerment": "true"}),
        1.0,
    )
    assert np.all(schemer(source, goal_guarding="false") > 0.01)
    assert np.all(schemer(source, goal_guarding="true") > schemer(source, goal_guarding="false"))


def test_empowerment_has_the_reports_questions_with_ambition_among_them() -> None:
    parents = set(model().claims["empowerment"].parents)
    assert {"ambition", "takeover_prospects", "values_persist", "enough_power"} <= parents
    assert len(parents) == 6  # seven questions, two of them (timing, horizon) merged


@pytest.mark.parametrize("source", SOURCES)
def test_episode_length_and_long_horizon_training_are_separate_inputs(source: str) -> None:
    """2.2.4.2: short episodes can still train long-horizon optimizers."""
    both = {"episode_length": "short", "long_horizon_training": "true"}
    neither = {"episode_length": "short", "long_horizon_training": "false"}
    assert np.all(p(source, "bego_natural", "true", do=both)
                  > p(source, "bego_natural", "true", do=neither))


@pytest.mark.parametrize("source", SOURCES)
def test_messy_goal_directedness_acts_on_the_dependent_route_only(source: str) -> None:
    """2.2.3: messiness makes the swap to a schemer-like goal (3.2) harder; it does not touch
    the training-game-independent route."""
    assert set(nx.descendants(graph(), "goal_directedness")) & {"bego_natural",
                                                                 "bego_independent"} == set()
    clean = p(source, "nearest_schemer_like", "true", do={"goal_directedness": "clean"})
    messy = p(source, "nearest_schemer_like", "true", do={"goal_directedness": "messy"})
    assert np.all(clean > messy)


@pytest.mark.parametrize("source", SOURCES)
def test_not_your_passion_is_weak_and_down(source: str) -> None:
    """4.5: a weak argument against scheming, weaker than speed (4.4)."""
    passion = schemer(source, not_your_passion="false") - schemer(source, not_your_passion="true")
    speed = schemer(source, speed_costs="false") - schemer(source, speed_costs="true")
    assert np.all(passion > 0)
    assert np.all(passion < speed)


# ------------------------------------------------------------------ the headline


def test_headline_condition_is_the_reports() -> None:
    given = model().given
    assert given["situational_awareness"] == "true"
    assert given["capability"] == "somewhat_better"
    assert model().output_note and "25%" in model().output_note


def test_carlsmith_headline_is_about_25_percent_and_differs_from_unconditional() -> None:
    """Abstract and Section 5: about 25% under the headline condition (checked as 20-30%)."""
    headline = float(schemer("carlsmith")[0])
    assert 0.20 <= headline <= 0.30
    unconditional = argmap.marginals(model(), credences("carlsmith")).p(CLASSES, "schemer")
    assert abs(unconditional - headline) > 0.02


@pytest.mark.parametrize("name", ["optimist", "pessimist"])
def test_illustrative_profiles_say_so_and_differ_visibly(name: str) -> None:
    cred = credences(name)
    assert cred.illustrative
    assert "invented" in (cred.author or "").lower()
    gap = float(schemer(name)[0] - schemer("carlsmith")[0])
    assert abs(gap) > 0.05
    assert (gap > 0) == (name == "pessimist")


def test_walkthrough_reports_the_measured_monte_carlo_interval() -> None:
    """docs/scheming-model.md states the headline's interval over the profile's uncertainty
    (10,000 draws, seed 0, under the headline condition) and the share of draws in 20-30%."""
    text = Path("docs/scheming-model.md").read_text()
    found = re.search(r"90% interval (\d+)%-(\d+)%.*?(\d+)% of draws land in 20-30%", text, re.S)
    assert found, "the walkthrough states the interval and the share of draws in 20-30%"
    mc = argmap.montecarlo(
        model(), credences("carlsmith"), samples=10_000, seed=0, evidence=dict(model().given)
    )
    inside = np.mean((mc.values >= 0.2) & (mc.values <= 0.3))
    low, high = (round(100 * x) for x in mc.interval)
    assert (int(found[1]), int(found[2])) == (low, high)
    assert int(found[3]) == round(100 * inside)


def test_walkthrough_claim_table_matches_the_model() -> None:
    """Every claim has a row in docs/scheming-model.md with its section, evidence and basis."""
    text = Path("docs/scheming-model.md").read_text()
    rows = dict(re.findall(r"^\| `([a-z_]+)`: [^|]+ \| (.+?) \|$", text, re.M))
    assert set(rows) == set(model().claims)
    for cid, claim in model().claims.items():
        section, evidence, basis, _form = (cell.strip() for cell in rows[cid].split("|"))
        assert (section, evidence, basis) == (claim.section, claim.evidence, claim.basis), cid


# ------------------------------------------------------------------ Section 1.5, by structure


@pytest.mark.parametrize("source", SOURCES)
def test_high_slack_means_more_uncertainty_about_the_model_class(source: str) -> None:
    """1.5: high slack leaves more uncertainty about the class, since models getting less than
    maximal reward stay in the running. The class entropy rises from low to high slack by at
    least a quarter of the way to its uniform maximum.

    For random draws this holds in at least 98% of them (297 of the 300): the few that miss
    (by at most 0.05 of the way) draw the low- and high-slack pressures near each other and
    put little of the goal-space short of max reward, so slack has little to act on.
    """
    low = entropy(dist(source, do={"slack": "low"}))
    high = entropy(dist(source, do={"slack": "high"}))
    ceiling = np.log(len(model().claims[CLASSES].states))
    rises = (high - low) >= 0.25 * (ceiling - low)
    if source == "draws":
        assert rises.mean() >= 0.98
        assert np.all((high - low) >= 0.2 * (ceiling - low))
    else:
        assert rises.all()


@pytest.mark.parametrize("source", SOURCES)
def test_less_slack_means_more_max_reward_goal_targets(source: str) -> None:
    """1.5: low slack speaks against models that do not pursue a max-reward goal target."""
    targets = [p(source, "max_reward_target", "true", do={"slack": s}) for s in SLACK]
    assert np.all(targets[0] > targets[1])
    assert np.all(targets[1] > targets[2])


@pytest.mark.parametrize("source", SOURCES)
def test_slack_barely_moves_misgeneralization_when_coverage_is_low(source: str) -> None:
    """1.5 (gold coins): max-reward misgeneralized goals survive any slack, so with thin
    mundane adversarial training slack moves P(misgeneralized) by under a fifth of its size;
    broad coverage lowers it at every slack."""
    thin = [misgeneralized(source, slack=s, adversarial_coverage="low") for s in SLACK]
    broad = [misgeneralized(source, slack=s, adversarial_coverage="high") for s in SLACK]
    swing = np.max(thin, axis=0) - np.min(thin, axis=0)
    assert np.all(swing < 0.2 * np.min(thin, axis=0))
    for t, b in zip(thin, broad, strict=True):
        assert np.all(t - b > 0.01)


@pytest.mark.parametrize("source", SOURCES)
def test_low_slack_makes_reward_costly_proxy_drives_unlikely(source: str) -> None:
    """1.5: under low slack a curiosity drive that sometimes costs reward is fairly unlikely."""
    low = p(source, "costly_goal_kept", "true", do={"slack": "low"})
    high = p(source, "costly_goal_kept", "true", do={"slack": "high"})
    assert np.all(low < 0.5 * high)
    assert np.all(low < 0.1)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("argument", ["speed_costs", "simplicity_advantage", "not_your_passion"])
def test_small_reward_differences_matter_more_under_low_slack(source: str, argument: str) -> None:
    """1.5 and 4.6: arguments from small differences move the outcome more under low slack."""
    def effect(slack: str) -> np.ndarray:
        on = schemer(source, slack=slack, **{argument: "true"})
        off = schemer(source, slack=slack, **{argument: "false"})
        return np.abs(on - off)

    assert np.all(effect("low") > effect("high"))


# ------------------------------------------------------------------ directional claims


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("setting", "direction"),
    [
        ({"episode_length": "short"}, -1),  # shorter episodes: down (2.2.4.1, Section 5)
        ({"early_adversarial": "intensive"}, -1),  # adversarial training before SA: down
        ({"capability": "far_beyond"}, +1),  # more capable models: up (Section 5)
    ],
)
def test_directional_claims(source: str, setting: dict[str, str], direction: int) -> None:
    base = schemer(source)
    moved = schemer(source, **setting)
    assert np.all(direction * (moved - base) > 0.001)


@pytest.mark.parametrize("source", PROFILES)
def test_pretraining_and_longer_training_lower_slack(source: str) -> None:
    """1.5: pre-training looks lower-slack than RL fine-tuning; longer training lowers slack."""
    for claim, lower, higher in (
        ("training_stage", "pretraining", "rl_finetuning"),
        ("training_scale", "extensive", "limited"),
    ):
        a = p(source, "slack", "low", do={claim: lower})
        b = p(source, "slack", "low", do={claim: higher})
        assert np.all(a > b), claim
