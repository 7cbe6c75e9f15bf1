"""The claims of Carlsmith's report, Section 1.5 ("slack") and the brief, as checks on the model.

Each test encodes one claim of the report (its docstring quotes or paraphrases it, with the
section) and checks it against numbers the network computes, under the Carlsmith profile and,
where the claim should hold for anyone who accepts the model's structure, under the two
illustrative profiles too. No test restates a computed answer: the only fixed number is the
report's own band for the headline credence (about 25%, checked as 20-30%).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pytest

import argmap

MODEL = "models/scheming.yaml"
PROFILES = {
    "carlsmith": "models/credences/carlsmith.yaml",
    "optimist": "models/credences/optimist.yaml",
    "pessimist": "models/credences/pessimist.yaml",
}
ILLUSTRATIVE = ["optimist", "pessimist"]
SLACK = ["low", "medium", "high"]


@cache
def model() -> argmap.Model:
    return argmap.load_model(MODEL)


@cache
def credences(name: str) -> argmap.Credences:
    return argmap.load_credences(PROFILES[name], model())


def classes(
    profile: str,
    do: Mapping[str, str] | None = None,
    evidence: Mapping[str, str] | None = None,
) -> Mapping[str, float]:
    """The model-class distribution under a profile, with interventions and observations."""
    result = argmap.marginals(model(), credences(profile), do=do, evidence=evidence)
    return result.distributions["model_class"]


def p(
    profile: str,
    claim: str,
    state: str,
    do: Mapping[str, str] | None = None,
    evidence: Mapping[str, str] | None = None,
) -> float:
    return argmap.marginals(model(), credences(profile), do=do, evidence=evidence).p(claim, state)


def schemer(profile: str, **do: str) -> float:
    return classes(profile, do=do)["schemer"]


def entropy(dist: Mapping[str, float]) -> float:
    return -sum(x * math.log(x) for x in dist.values() if x > 0)


def mean_slack(profile: str, **do: str) -> float:
    """Slack as 0 (low), 1 (medium), 2 (high), averaged."""
    dist = argmap.marginals(model(), credences(profile), do=do).distributions["slack"]
    return sum(i * dist[s] for i, s in enumerate(SLACK))


# ---- the model is well formed and documented ---------------------------------------------


def test_every_claim_has_section_basis_and_words() -> None:
    """Every node names where in the report it comes from and whether it is the report's
    claim or our interpretation, so a reader can follow the map beside the report."""
    for cid, claim in model().claims.items():
        assert claim.section, cid
        assert claim.basis in ("report", "interpretation", "mixed"), cid
        assert claim.says, cid
        assert claim.statement.strip(), cid
        assert claim.short and len(claim.short) <= 32, cid


def test_structure_follows_the_brief() -> None:
    """Model classes (1.2): training saint, misgeneralized non-training-gamer,
    reward-on-the-episode seeker, schemer, as one output with P(schemer) its target. Slack
    (1.5) is set by the training stage and by training length and data, not an input."""
    m = model()
    assert 20 <= len(m.claims) <= 35
    assert m.output_label == "model_class=schemer"
    out = m.claims["model_class"]
    assert out.states == ("training_saint", "misgeneralized", "reward_seeker", "schemer")
    assert len(out.parents) <= 5 and len(out.rows) <= 24
    inputs = {cid for cid, c in m.claims.items() if c.is_input}
    assert {
        "training_stage",
        "training_scale",
        "adversarial_coverage",
        "goal_simplicity",
        "episode_length",
        "capability",
    } <= inputs
    assert "slack" not in inputs
    assert set(m.claims["slack"].parents) == {"training_stage", "training_scale"}
    assert m.claims["slack"].states == tuple(SLACK)


def test_slack_table_is_settable_from_a_credence_file() -> None:
    """1.5: slack "plausibly a parameter we can control". Since slack is computed from the
    stage and training length, a reader sets its conditional table in a credence file."""
    text = (
        "model: scheming\ncredences:\n  slack:\n"
        "    - when: {training_stage: rl_finetuning, training_scale: limited}\n"
        "      p: {low: 0.8, medium: 0.1, high: 0.1}\n"
    )
    cred = argmap.load_credences_text(text, model())
    before = argmap.marginals(model(), credences("carlsmith")).p("slack", "low")
    after = argmap.marginals(model(), cred).p("slack", "low")
    assert after > before


def test_model_defaults_are_the_carlsmith_profile() -> None:
    """The model file's own numbers show the report's stance: the Carlsmith profile sets every
    number of the model, to the model's own value."""
    m, cred = model(), credences("carlsmith")
    assert set(cred.values) == set(m.parameters)
    for pid, param in m.parameters.items():
        assert cred.values[pid] == param.value, pid
    plain = argmap.marginals(m).distributions
    assert plain == argmap.marginals(m, cred).distributions


# ---- the headline number and the profiles ------------------------------------------------


def test_carlsmith_profile_gives_about_25_percent() -> None:
    """Abstract and Section 5: "about 25%" that a goal-directed, situationally aware,
    somewhat-better-than-human model trained with baseline methods is a schemer."""
    assert 0.20 <= schemer("carlsmith") <= 0.30
    # The report's own condition, like for like: a situationally aware model (observed) of
    # baseline, somewhat-better-than-human capability (set).
    target_case = argmap.marginals(
        model(),
        credences("carlsmith"),
        evidence={"situational_awareness": "true"},
        do={"capability": "baseline"},
    )
    assert 0.20 <= target_case.p("model_class", "schemer") <= 0.30


@pytest.mark.parametrize("name", ILLUSTRATIVE)
def test_illustrative_profiles_are_marked_and_differ(name: str) -> None:
    """Made-up profiles must say so, and give comparisons real material: a different answer."""
    cred = credences(name)
    assert cred.illustrative is True
    assert cred.note and "illustrative" in cred.note.lower()
    assert abs(schemer(name) - schemer("carlsmith")) > 0.05


def test_profiles_differ_through_inputs_not_the_output_table() -> None:
    """The profiles' answers differ because of what they believe about training and the
    arguments, never by editing the output table; the inputs alone already move the answer
    the way each profile describes (optimist down, pessimist up)."""
    m = model()
    inputs = {cid for cid, c in m.claims.items() if c.is_input}
    base = schemer("carlsmith")
    for name, sign in (("optimist", -1), ("pessimist", +1)):
        values = credences(name).values
        assert not any(m.parameters[pid].claim == "model_class" for pid in values)
        only_inputs = {pid: v for pid, v in values.items() if m.parameters[pid].claim in inputs}
        moved = argmap.marginals(m, only_inputs).p("model_class", "schemer")
        assert sign * (moved - base) > 0, name
        assert sign * (schemer(name) - base) > 0, name


# ---- Section 1.5: slack ------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_high_slack_means_more_uncertainty_about_the_model(profile: str) -> None:
    """1.5: "high slack regimes will generally involve greater uncertainty about the type of
    model you end up with, since models that get less-than-maximal reward are still in the
    running". The model-class distribution has higher entropy as slack rises."""
    h = [entropy(classes(profile, do={"slack": s})) for s in SLACK]
    assert h[0] < h[2]  # the report's contrast: high slack vs low slack
    assert h[0] < h[1]


@pytest.mark.parametrize("profile", PROFILES)
def test_low_slack_speaks_against_non_max_reward_models(profile: str) -> None:
    """1.5: a low-slack regime "speaks against models that aren't pursuing ... a 'max reward
    goal target'" (e.g. a science assistant with a curiosity drive that sometimes costs
    reward). Lower slack, fewer such models."""
    off = [p(profile, "max_reward_target", "false", do={"slack": s}) for s in SLACK]
    assert off[0] < off[1] < off[2]


@pytest.mark.parametrize("profile", PROFILES)
def test_reward_process_is_a_max_reward_target(profile: str) -> None:
    """1.5: the reward process "(whether optimized for terminally or instrumentally)" is a max
    reward goal target: observing training-gaming means the model pursues one."""
    seen = {"training_gaming": "true"}
    assert p(profile, "max_reward_target", "true", evidence=seen) == pytest.approx(1.0)


@pytest.mark.parametrize("profile", PROFILES)
def test_slack_barely_moves_misgeneralization_without_adversarial_coverage(profile: str) -> None:
    """1.5: "a low-slack regime doesn't speak all that strongly against mis-generalized
    non-training-gamers": with little mundane adversarial training, unpenalised proxies are
    max-reward too (gold coins vs gold things). What speaks against them is mundane
    adversarial training, "though, not decisively". So with low coverage slack barely moves
    P(misgeneralized); more coverage lowers it at every level of slack."""
    low_cov = [classes(profile, do={"slack": s, "adversarial_coverage": "low"}) for s in SLACK]
    high_cov = [classes(profile, do={"slack": s, "adversarial_coverage": "high"}) for s in SLACK]
    mis_low = [d["misgeneralized"] for d in low_cov]
    mis_high = [d["misgeneralized"] for d in high_cov]
    spread_low = max(mis_low) - min(mis_low)
    spread_high = max(mis_high) - min(mis_high)
    assert spread_low < 0.5 * spread_high  # slack matters far less when coverage is low
    assert spread_low < 0.05  # "barely": under five percentage points
    for a, b in zip(mis_high, mis_low, strict=True):
        assert a < b  # coverage lowers P(misgeneralized) whatever the slack
    assert all(x > 0 for x in mis_high)  # ... but not decisively
    marginal_high = classes(profile, do={"adversarial_coverage": "high"})["misgeneralized"]
    marginal_low = classes(profile, do={"adversarial_coverage": "low"})["misgeneralized"]
    assert marginal_high < marginal_low


@pytest.mark.parametrize("profile", PROFILES)
def test_speed_costs_matter_more_under_low_slack(profile: str) -> None:
    """1.5: arguments that "appeal to possibly-quite-small differences in the amount of
    reward" have force only as far as training is sensitive to such differences. 4.4: speed
    costs count against schemers. Their effect on P(schemer) is larger under low slack."""
    effect = {
        s: schemer(profile, slack=s, speed_costs="false")
        - schemer(profile, slack=s, speed_costs="true")
        for s in SLACK
    }
    assert effect["low"] > 0
    assert effect["low"] > effect["medium"] > effect["high"] >= 0


@pytest.mark.parametrize("profile", PROFILES)
def test_simplicity_matters_more_under_low_slack(profile: str) -> None:
    """1.5 as above; 4.3: schemers' simpler goals can help them, modestly. The simplicity
    advantage moves P(schemer) more under low slack."""
    effect = {
        s: schemer(profile, slack=s, simplicity_advantage="true")
        - schemer(profile, slack=s, simplicity_advantage="false")
        for s in SLACK
    }
    assert effect["low"] > 0
    assert effect["low"] > effect["medium"] > effect["high"] >= 0


@pytest.mark.parametrize("profile", PROFILES)
def test_simpler_aligned_policy_helps_more_under_high_slack(profile: str) -> None:
    """1.5: counting on slack to yield an aligned policy is wishful thinking, unless the
    aligned policy (e.g. "just be honest") is "in some sense simpler or more natural". Slack
    is what lets training land on it, so simplicity raises P(training saint) more under high
    slack than under low."""

    def gain(s: str) -> float:
        simpler = classes(profile, do={"slack": s, "goal_simplicity": "aligned_simpler"})
        not_simpler = classes(profile, do={"slack": s, "goal_simplicity": "not_simpler"})
        return simpler["training_saint"] - not_simpler["training_saint"]

    assert gain("high") > gain("medium") > gain("low") > 0


@pytest.mark.parametrize("profile", PROFILES)
def test_low_slack_leaves_proxy_drives_only_if_they_motivate_training_gaming(profile: str) -> None:
    """1.5: in a low-slack regime a proxy "curiosity drive" is unlikely "in a manner that
    doesn't then motivate instrumental training-gaming". For a model that meets the
    prerequisites, with no speed or simplicity difference in play, lower slack makes
    scheming likelier."""
    fixed = {"power_motive": "true", "speed_costs": "false", "simplicity_advantage": "false"}
    gaming = [p(profile, "instrumental_gaming", "true", do={**fixed, "slack": s}) for s in SLACK]
    assert gaming[0] > gaming[1] > gaming[2]


@pytest.mark.parametrize("profile", PROFILES)
def test_pretraining_is_lower_slack_than_rl_fine_tuning(profile: str) -> None:
    """1.5: "naively, pre-training currently looks to me like a lower-slack regime than RL
    fine-tuning"."""
    for scale in ("extensive", "limited"):
        pre = {"training_stage": "pretraining", "training_scale": scale}
        rl = {"training_stage": "rl_finetuning", "training_scale": scale}
        assert mean_slack(profile, **pre) < mean_slack(profile, **rl)
        assert p(profile, "slack", "low", do=pre) > p(profile, "slack", "low", do=rl)
        assert p(profile, "slack", "high", do=pre) < p(profile, "slack", "high", do=rl)
    # and the converse inference: observing low slack makes pre-training likelier
    prior = p(profile, "training_stage", "pretraining")
    seen = p(profile, "training_stage", "pretraining", evidence={"slack": "low"})
    assert seen > prior


@pytest.mark.parametrize("profile", PROFILES)
def test_longer_training_on_more_data_lowers_slack(profile: str) -> None:
    """1.5: slack may be "a parameter that we can control – for example, by training longer
    and on more data"."""
    for stage in ("pretraining", "rl_finetuning"):
        long_ = mean_slack(profile, training_stage=stage, training_scale="extensive")
        short = mean_slack(profile, training_stage=stage, training_scale="limited")
        assert long_ < short


# ---- Section 5 (as summarised): the directions of the headline number ---------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_shorter_episodes_lower_p_schemer(profile: str) -> None:
    """2.2.2.1 and Section 5 (as summarised): shorter-horizon training makes beyond-episode
    goals, and so scheming, less likely."""
    assert schemer(profile, episode_length="short") < schemer(profile, episode_length="long")


@pytest.mark.parametrize("profile", PROFILES)
def test_adversarial_training_before_awareness_lowers_p_schemer(profile: str) -> None:
    """2.2.2.1.4 and Section 5 (as summarised): more intensive adversarial training before
    situational awareness pushes the number down."""
    assert schemer(profile, early_adversarial="true") < schemer(profile, early_adversarial="false")
    assert schemer(profile, adversarial_coverage="high") < schemer(
        profile, adversarial_coverage="low"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_more_capable_models_raise_p_schemer(profile: str) -> None:
    """Section 5 (as summarised): more capable models push the number up."""
    assert schemer(profile, capability="high") > schemer(profile, capability="baseline")


@pytest.mark.parametrize("profile", PROFILES)
def test_prerequisites_are_necessary(profile: str) -> None:
    """Section 2: scheming needs situational awareness (2.1), beyond-episode goals (2.2) and
    a reason to choose training-gaming for power (2.3); without any one of them, no schemer."""
    for claim in ("situational_awareness", "beyond_episode_goals", "instrumental_reason"):
        assert schemer(profile, **{claim: "false"}) == pytest.approx(0.0, abs=1e-12)
        assert schemer(profile, **{claim: "true"}) > schemer(profile)


@pytest.mark.parametrize("profile", PROFILES)
def test_goal_guarding_failure_counts_against_scheming(profile: str) -> None:
    """2.3.1.1: if training-gaming does not in fact preserve the model's goals (the
    goal-guarding hypothesis fails), the classic reason to scheme weakens."""
    assert schemer(profile, goal_guarding="false") < schemer(profile, goal_guarding="true")
