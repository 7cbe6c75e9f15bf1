"""The app's words for its methods: one definition per term, a Glossary page, and links to it.

A page that uses a term puts its definition in a tooltip (:func:`tip`) where the term
appears; the Glossary page (``views/glossary.py``) lists every term. (Markdown links to the
page would open a new tab and lose the anchor, so tooltips carry the definitions.)
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """A glossary entry: its title and its definition (markdown, our own text)."""

    title: str
    definition: str


TERMS: dict[str, Term] = {
    "noisy-or": Term(
        "Noisy-OR",
        "A way to combine causes without a full table: each cause that is present can make the "
        "claim true on its own, with its own probability (its *strength*), independently of the "
        "others; the claim is false only if every present cause fails, and the *leak* covers "
        "causes the map leaves out.",
    ),
    "noisy-and": Term(
        "Noisy-AND",
        "The mirror of noisy-OR for conditions that are all needed: the claim can hold only "
        "when its conditions hold; each missing condition blocks it with its own probability, "
        "and even with every condition met it fails with the *leak* probability.",
    ),
    "leak": Term(
        "Leak",
        "In a noisy-OR, the probability that the claim is true with none of the listed causes "
        "present (what the map leaves out); in a noisy-AND, the probability that it fails even "
        "when every listed condition holds.",
    ),
    "do": Term(
        "Forcing: do()",
        "Setting a claim from outside, as an experiment would (Pearl's do-operator): the claims "
        "it bears on change, its own causes do not. *Observing* a claim instead conditions on "
        "it, so what you learn flows back to its causes too.",
    ),
    "headline-condition": Term(
        "Headline condition",
        "The situation a model's headline number is about (the scheming model: a situationally "
        "aware, somewhat-better-than-human model trained on long episodes). The app reads the "
        "headline under it; the sidebar toggle drops it.",
    ),
    "beta": Term(
        "beta(a, b), intervals and mean ± sd",
        "Ways to say how sure you are of a probability: beta(a, b) is a distribution with mean "
        "a / (a + b), narrower as a + b grows; [lo, hi] is anywhere in the interval; mean ± sd "
        "is the beta with that mean and spread. Point answers use the mean; the Uncertainty "
        "page samples the whole spread.",
    ),
    "dirichlet": Term(
        "Dirichlet",
        "The many-state version of beta: dirichlet(a1, ..., ak) over a claim's k states, with "
        "mean a_i / (a1 + ... + ak) for state i, narrower as the a's grow.",
    ),
    "sensitivity": Term(
        "Sensitivity (tornado)",
        "Each number moved alone across its range while every other stays put; the bar shows "
        "how far the target moves. It says which numbers matter, not how sure anyone is.",
    ),
    "voi": Term(
        "Value of information (VOI)",
        "How much learning a claim's true state would move the target, on average over what "
        "you might learn: the expected absolute change, or the mutual information.",
    ),
    "mutual-information": Term(
        "Mutual information",
        "How many bits learning one claim is expected to tell you about another: the expected "
        "drop in the target's entropy. Zero when the two are independent.",
    ),
    "sobol": Term(
        "Sobol index (first order)",
        "The share of the spread of the answer that one uncertain number explains alone: the "
        "variance of the answer's average given that number, over the total variance (Sobol' "
        "2001). Estimated from the same Monte Carlo samples.",
    ),
    "spearman": Term(
        "Spearman's rank correlation",
        "Whether raising a number tends to raise (positive) or lower (negative) the answer, "
        "from -1 to 1, measured on ranks so it does not assume a straight line.",
    ),
    "shapley": Term(
        "Shapley value",
        "A fair split of a difference between two people's answers among the claims where "
        "their numbers differ: each claim's share is its average effect over every order in "
        "which the differences could be switched on, so the shares add up to the whole "
        "difference (Shapley 1953).",
    ),
    "kl": Term(
        "KL divergence",
        "How far one probability distribution is from another, in bits: zero when they agree. "
        "The Compare page uses it for how far each person is from the group's pooled view.",
    ),
    "mpe": Term(
        "Most probable explanation (MPE)",
        "The single joint state of every claim that is most probable given the target (and "
        "what is observed), found exactly; the next most probable ones follow in order.",
    ),
}


def tip(slug: str) -> str:
    """A term's definition for a tooltip (``help=``), naming the Glossary page."""
    term = TERMS[slug]
    return f"**{term.title}**: {term.definition} (More on the Glossary page.)"

