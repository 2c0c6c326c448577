"""Learned ranking of place candidates as the place of an event.

The rule scores of sitrep.stages.location_scoring say how a candidate hangs on the event word;
a linear model trained on annotated sentences (the weights are data: data/location_model.json)
weighs them together with the parts of the parse they come from (the preposition, the relation,
the tree and clause distance, the entity label, the coarseness) and with the candidate's
standing among the sentence's others. The best candidate is the event's place when its score
clears the model's threshold. Inference is a dot product over named features of the parse
already computed: no second parse, no learning library at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from sitrep.stages.location_candidates import LocationCues, sentence_of
from sitrep.stages.location_scoring import (
    RankedPlace,
    _clause_edges,
    _event_argument,
    _in_complement,
    _related,
    _tree_distance,
    own_predicate,
    place_anchor,
)

# Coarseness penalty of the rule ranker's own choice (kept as a feature: "adj_best").
RULE_COARSENESS_WEIGHT = 0.3
# Dependency labels kept by name in features; any other is "other".
_DEPS = {
    "pobj", "dobj", "nsubj", "nsubjpass", "compound", "poss", "nmod", "amod", "appos", "conj",
    "npadvmod", "attr", "ROOT", "advmod", "dative", "agent", "oprd", "pcomp", "acl", "relcl",
    "advcl", "ccomp", "xcomp", "prep", "dep",
}  # fmt: skip
_ENT_LABELS = {"GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "DATE", "EVENT"}
# Punctuation that closes a dateline ("KABUL (AP) --", "ANKARA, March 3 --").
_DATELINE_MARKS = {"(", "—", "–", "-", "--", ",", ":"}


@dataclass(frozen=True, slots=True)
class LocationModel:
    """A linear scorer of place candidates: weights of named features, bias, threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float  # least score of the best candidate for it to be the event's place

    def score(self, features: dict[str, float]) -> float:
        """The candidate's score (log-odds that it is the event's place)."""
        get = self.weights.get
        return self.bias + sum(get(name, 0.0) * value for name, value in features.items())


@lru_cache(maxsize=1)
def _location_model_document() -> dict[str, Any]:
    text = resources.files("sitrep.data").joinpath("location_model.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@lru_cache(maxsize=1)
def load_location_model() -> LocationModel:
    """Load the trained weights shipped in data/location_model.json."""
    return parse_location_model(_location_model_document())


def location_model_provenance() -> dict[str, Any]:
    """What the shipped weights were trained on and how (data/location_model.json)."""
    return dict(_location_model_document().get("provenance", {}))


def parse_location_model(raw: dict[str, Any]) -> LocationModel:
    """Build a LocationModel from the mapping of data/location_model.json."""
    return LocationModel(
        weights={str(k): float(v) for k, v in raw["weights"].items()},
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
    )


def model_document(
    model: LocationModel, provenance: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON mapping of a model (weights sorted by name, rounded), for data/."""
    return {
        "format": "sitrep location model 1: score = bias + sum(weight * feature); the best "
        "candidate is the event's place when its score >= threshold",
        "provenance": provenance or {},
        "bias": round(model.bias, 6),
        "threshold": round(model.threshold, 6),
        "weights": {k: round(v, 6) for k, v in sorted(model.weights.items()) if abs(v) >= 1e-6},
    }


def candidate_features(
    trigger: Token, ranked: Sequence[RankedPlace], cues: LocationCues
) -> list[dict[str, float]]:
    """Named features of each ranked candidate as the place of the event at `trigger`."""
    if not ranked:
        return []
    best_rule = max(r.score for r in ranked)
    best_adjusted = max(r.score - RULE_COARSENESS_WEIGHT * r.coarseness for r in ranked)
    finest = min(r.coarseness for r in ranked)
    sentence = sentence_of(trigger)
    shared = _trigger_features(trigger, len(ranked))
    out = []
    for place in ranked:
        feats = dict(shared)
        feats |= _rule_features(place, best_rule, best_adjusted, finest)
        anchor, detour = place_anchor(place.span.root, cues, trigger)
        feats |= _parse_features(place, anchor, detour, trigger, cues)
        feats |= _surface_features(place, anchor, trigger, sentence.start)
        out.append(feats)
    return out


def _trigger_features(trigger: Token, n_candidates: int) -> dict[str, float]:
    """Features of the event word, shared by its candidates (they move the threshold)."""
    children = list(trigger.children)
    return {
        f"tpos={trigger.pos_}": 1.0,
        f"tdep={_dep(trigger.dep_)}": 1.0,
        f"ttag={trigger.tag_}": 1.0,
        f"tlemma={trigger.lemma_.lower()}": 1.0,
        "t_negated": float(any(c.dep_ == "neg" for c in children)),
        "t_modal": float(any(c.dep_ == "aux" and c.tag_ == "MD" for c in children)),
        "t_particle": float(any(c.dep_ == "prt" for c in children)),
        "t_object": float(any(c.dep_ in {"dobj", "nsubjpass"} for c in children)),
        f"ncand={min(n_candidates, 4)}": 1.0,
    }


def _rule_features(
    place: RankedPlace, best_rule: float, best_adjusted: float, finest: int
) -> dict[str, float]:
    """The rule ranker's verdict and the candidate's standing among the others."""
    score = max(min(place.score, 6.0), -8.0)
    adjusted = place.score - RULE_COARSENESS_WEIGHT * place.coarseness
    return {
        "rule": score,
        "rule_pos": max(score, 0.0),
        "rule_gap": min(best_rule - place.score, 8.0),
        "rule_best": float(place.score == best_rule),
        "adj_best": float(adjusted == best_adjusted),
        f"coarse={place.coarseness}": 1.0,
        "finest": float(place.coarseness == finest),
        "prior": place.prior,
        "framed": float(place.framed),
        "framed_unknown": float(place.framed and place.evidence <= 0),
        "framed_nonplace": float(place.framed and place.evidence < 0),
    }


def _parse_features(
    place: RankedPlace, anchor: Token, detour: float, trigger: Token, cues: LocationCues
) -> dict[str, float]:
    """How the candidate's phrase attaches (at `anchor`, after a detour of `detour`), and how
    far that is from the event word."""
    root = place.span.root
    feats: dict[str, float] = {f"dep={_dep(anchor.dep_)}": 1.0, "detour": detour}
    head = anchor.head
    if anchor.dep_ == "pobj" and anchor.head.dep_ in {"prep", "agent", "dative"}:
        prep = anchor.head.lower_
        name = prep if prep in cues.prepositions else "other"
        head = anchor.head.head
        feats[f"prep={name}"] = 1.0
        feats["prep_w"] = cues.prepositions.get(prep, 0.0)
        direct = head == trigger
        feats[f"prep={name}&direct"] = float(direct)
        if head.dep_ == "prep" and head.head == trigger:
            head = trigger
    else:
        feats[f"dep={_dep(anchor.dep_)}&direct"] = float(head == trigger)
    if head.lemma_.lower() in cues.actor_nouns or head.lower_ in cues.actor_nouns:
        feats["on_actor"] = 1.0
    if head.lemma_.lower() in cues.place_nouns:
        feats["on_place_noun"] = 1.0
    if head != trigger and _event_argument(head, trigger, cues):
        feats["on_event_noun"] = 1.0
        head = trigger
    elif head != trigger and own_predicate(head, trigger):
        feats["on_predicate"] = 1.0
        head = trigger
    distance = _tree_distance(head, trigger)
    feats[f"tree_dist={min(distance, 4)}"] = 1.0
    feats["clause_edges"] = float(min(_clause_edges(head, trigger, cues), 3))
    feats["in_complement"] = float(_in_complement(head, trigger))
    feats["related"] = float(_related(head, trigger))
    feats["under_trigger"] = float(trigger.is_ancestor(head) or head == trigger)
    feats["conj"] = float(root.dep_ == "conj")
    feats[f"path={_path(anchor, trigger)}"] = 1.0
    return feats


def _surface_features(
    place: RankedPlace, anchor: Token, trigger: Token, sentence_start: int
) -> dict[str, float]:
    """Entity label, length, position and form of the candidate's span."""
    span = place.span
    doc = span.doc
    label = span.root.ent_type_ or "none"
    first = span.start == sentence_start or all(
        t.is_space for t in doc[sentence_start : span.start]
    )
    after = doc[span.end] if span.end < len(doc) else None
    dateline = first and (
        span.text.isupper()
        or (after is not None and (after.text in _DATELINE_MARKS or after.is_space))
    )
    # The distance of the place phrase, not of the name inside it: "in a quiet Chicago suburb,
    # Evanston" puts both names as far from the event word.
    gap = anchor.i - trigger.i
    return {
        f"ent={label if label in _ENT_LABELS else 'other'}": 1.0,
        "ntok": float(min(len(span), 5)),
        "after_trigger": float(span.start > trigger.i),
        # Saturating: in a long sentence the tenth word away is about as far as the thirtieth.
        "lin_log": math.log1p(abs(gap)),
        "adjacent": float(abs(gap) <= 3),
        "sent_initial": float(first),
        "dateline": float(dateline),
        "upper": float(span.text.isupper() and len(span.text) > 3),
    }


def _dep(label: str) -> str:
    return label if label in _DEPS else "other"


def _path(anchor: Token, trigger: Token) -> str:
    """The dependency labels from the candidate's anchor up to the event word ("pobj/prep:T"),
    or up to the first head it shares with it ("pobj/prep/advcl:^"), at most three ("...:+")."""
    labels = []
    token = anchor
    end = "+"
    for _ in range(3):
        if token == trigger:
            end = "T"
            break
        if token.is_ancestor(trigger) or token.head == token:
            end = "^"
            break
        labels.append(_dep(token.dep_))
        token = token.head
    return "/".join(labels) + ":" + end
