"""Event location: the place where the event happened, not every place in the sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from sitrep.bench.event_location import cross_validated_file, score_file, token_spans
from sitrep.stages.event_location import (
    MIN_SCORE,
    REPORT_MIN_SCORE,
    PlaceCandidate,
    entity_candidates,
    load_location_cues,
    locate_event,
    locate_in_parse,
    parse_location_cues,
    rank_candidates,
    text_candidates,
)

# sentence, trigger word, expected place (None: the sentence does not say)
CASES = [
    ("Fighters from Raqqa attacked an army post in Palmyra.", "attacked", "Palmyra"),
    ("Rebels shelled the centre of Aleppo on Sunday.", "shelled", "Aleppo"),
    ("In Kabul, a suicide bomber struck a crowded market.", "struck", "Kabul"),
    ("The army captured the town of Hajin.", "captured", "Hajin"),
    ("Government troops overran Mayadin after a week of fighting.", "overran", "Mayadin"),
    ("Iraqi forces clashed with militants near Rawa.", "clashed", "Rawa"),
    ("A car bomb exploded outside a hotel in Mogadishu.", "exploded", "Mogadishu"),
    ("Syrian troops, who had been sent from Damascus, attacked the militants.", "attacked", None),
    ("Militiamen killed two farmers in their village of Kafr Zita.", "killed", "Kafr Zita"),
    ("Warplanes bombed targets around Idlib overnight.", "bombed", "Idlib"),
    ("The Baghdad government sent troops that retook the village.", "retook", None),
    # The whole capitalised name, without lowercase descriptors around it.
    ("Two shells fell inside Homs City on Tuesday.", "fell", "Homs City"),
    ("Gunmen attacked a checkpoint in the town of al-Qaim.", "attacked", "al-Qaim"),
    ("A bomb exploded in Kabul's Shar-e Naw district.", "exploded", "Shar-e Naw"),
    # A name nothing marks as a place is no place unless it stands where places do.
    ("Kovalenko was captured by the rebels last year.", "captured", None),
    # A passive subject read as a person is the victim, though a town may bear the name.
    ("Jonathan Bell was shot twice outside his home.", "shot", None),
    ("The gunmen shot Okonkwo twice in the leg.", "shot", None),
    ("Soldiers were shot dead in March.", "shot", None),
    ("The bomb went off at 9 A.M. local time.", "went", None),
    ("The rebels captured the island of Tarvo on Friday.", "captured", "Tarvo"),
    # A place naming what stands where the event happened: "a Lyon cafe".
    ("Two men were stabbed in a crowded Lyon cafe.", "stabbed", "Lyon"),
    # "X in Y": Y only says where X lies.
    ("The army seized Tal Afar in northern Iraq.", "seized", "Tal Afar"),
    # A place describing a participant is not where the event happened.
    ("A French soldier was wounded in the village of Gossi.", "wounded", "Gossi"),
    # "of" on a person says where the person is from.
    ("Anna Keller, 30, of Austria, was shot in the arm.", "shot", None),
    # A place naming the doer's equipment or origin: "Ruritanian vehicles".
    ("Kenyan vehicles patrolled the camp on Friday.", "patrolled", None),
    # Part nouns: "the heart of X", "the edge of X" are in X.
    ("A gunman opened fire on shoppers on the edge of Nairobi.", "opened", "Nairobi"),
    # An apposition naming a place noun is that place.
    ("Farmers marched in the capital, Lilongwe, on Friday.", "marched", "Lilongwe"),
    # Of two places linked to the event, the finer: a city before its country or its city.
    ("Protesters rallied in Lyon, in eastern France, on Sunday.", "rallied", "Lyon"),
    ("A bomb exploded in the Karachi neighbourhood of Lyari.", "exploded", "Lyari"),
    ("Two men were shot in a quiet Chicago suburb, Evanston.", "shot", "Evanston"),
    # Military sites are place nouns: "the Handarat hilltop".
    ("Rebels stormed the Zaytoun hilltop at dawn.", "stormed", "Zaytoun"),
    # A named building in a named town: the town.
    ("Hundreds protested outside the Grand Theatre in Lyon on Friday.", "protested", "Lyon"),
    # An ayn written as an opening quote belongs to the name.
    ("Rebels attacked the village of ‘Ayn Issa at dawn.", "attacked", "‘Ayn Issa"),
    # A titled person or a body is no place.
    ("Crowds marched in support of President Tilden on Sunday.", "marched", None),
    ("A fan was stabbed at the Dubai Cup on Sunday.", "stabbed", None),
    # A name built on a geographic word is a place's name.
    ("The army captured Tal Shiha after a week of fighting.", "captured", "Tal Shiha"),
    ("Militants shelled Hill 42 overnight.", "shelled", "Hill 42"),
    ("Gunmen stormed the Sunrise Hotel before dawn.", "stormed", "Sunrise Hotel"),
    ("The Islamic State captured two soldiers on Monday.", "captured", None),
    # A place inside an organisation's name is no place of the event.
    ("The Islamic State of Iraq and Syria captured two soldiers.", "captured", None),
    # "the X region of Y", "X District of Y Province": X is the part where it happened.
    ("Jets pounded the Qalamoun region of rural Damascus.", "pounded", "Qalamoun"),
    ("A mine exploded in Bakwa District of Farah Province.", "exploded", "Bakwa District"),
    # A place on the event noun the trigger governs is the trigger's own.
    ("The army launched an assault on Kobani at dawn.", "launched", "Kobani"),
    ("Four guards died in clashes near Ruwaished.", "died", "Ruwaished"),
    ("A bomb in Karbala killed five pilgrims on Sunday.", "killed", "Karbala"),
    # "through", "under", "beside" introduce the place as "in" does; "after" dates.
    ("In France, thousands marched through Strasbourg on Sunday.", "marched", "Strasbourg"),
    ("The mine went off after the fall of Palmyra.", "went", None),
    # "since" dates: the place it introduces is another event's.
    ("Food prices have soared since the siege of Mosul.", "soared", None),
    # "the entrance to X" is a way into X; a result participle shares its clause's place.
    (
        "A truck bomb exploded at the entrance to a police station in Kirkuk, killing six men.",
        "killing",
        "Kirkuk",
    ),
    # A place phrase after the doer belongs to the clause, wherever the parser hangs it.
    ("Two farmers were killed by snipers in the village of Kfar Rumman.", "killed", "Kfar Rumman"),
    ("He was shot dead by a hit team in the coastal city of Tumaco.", "shot", "Tumaco"),
    # The object of another verb is that event's object.
    (
        "The army killed ten militants who had besieged Kobani, near Tal Abyad.",
        "killed",
        "Tal Abyad",
    ),
    # A place inside what the trigger reports is the reported event's place.
    ("The governor said that gunmen killed three farmers in Makurdi.", "said", None),
    # A place of the governing clause yields to the trigger's own.
    (
        "The army pressed its offensive in Hama province, shelling rebel positions near Kafr Zita.",
        "shelling",
        "Kafr Zita",
    ),
    # A name that an apposition calls a place is one, ahead of the place the apposition
    # names ("X, a suburb of Y").
    ("Mortar rounds fell on Abu Mansour, a suburb of Baqouba, on Sunday.", "fell", "Abu Mansour"),
    ("Gunmen attacked Dar Tahir, a village near Sirte, at dawn.", "attacked", "Dar Tahir"),
    # An organisation's seat is no event's place.
    ("The Britain-based monitor said jets bombed the villages.", "bombed", None),
    # The possessor of a passive subject is no person the event befell, whatever the tagger
    # reads it as.
    ("Harare's streets were patrolled by riot police and armed soldiers.", "patrolled", "Harare"),
    # ... nor is the place in its phrase, which the tagger may read as a person (Goma).
    ("A market in Goma was shelled on Friday.", "shelled", "Goma"),
]


@pytest.mark.parametrize(("text", "trigger", "place"), CASES)
def test_event_location_places_the_event(text: str, trigger: str, place: str | None) -> None:
    start = text.index(trigger)
    found = locate_event(text, (start, start + len(trigger)))
    assert (text[found[0] : found[1]] if found else None) == place


def test_event_location_keeps_coordinated_places(nlp: Language) -> None:
    text = "Protesters marched in Lisbon and in Porto on Saturday."
    sdoc = nlp(text)
    start = text.index("marched")
    spans = locate_in_parse(sdoc, (start, start + 7), entity_candidates(sdoc))
    assert sorted(text[s:e] for s, e in spans) == ["Lisbon", "Porto"]


def test_event_location_keeps_every_listed_place(nlp: Language) -> None:
    text = "Jets struck the villages of Kafr Nabl, Maarat Harma and Hish on Sunday."
    sdoc = nlp(text)
    start = text.index("struck")
    spans = locate_in_parse(sdoc, (start, start + 6), text_candidates(sdoc))
    assert sorted(text[s:e] for s, e in spans) == ["Hish", "Kafr Nabl", "Maarat Harma"]


@pytest.mark.parametrize(
    ("text", "trigger", "places"),
    [
        (
            "The gunmen raided three villages: Ombaro, Kelitu and Samdara.",
            "raided",
            ["Kelitu", "Ombaro", "Samdara"],
        ),
        (
            "The army failed to capture Qabasin and Bzaah in the east.",
            "capture",
            ["Bzaah", "Qabasin"],
        ),
        # Gapped parallel clauses list their places too.
        (
            "Some 5,000 people marched in Lyon, 2,000 in Grenoble and 500 in the Alpine town "
            "of Annecy.",
            "marched",
            ["Annecy", "Grenoble", "Lyon"],
        ),
        # A coarser place after a comma contains the first: not a listed place.
        ("Two men were shot in Dayton, Ohio, on Friday.", "shot", ["Dayton"]),
    ],
)
def test_event_location_keeps_listed_names(
    nlp: Language, text: str, trigger: str, places: list[str]
) -> None:
    # A name coordinated with the place is listed too, candidate or not.
    sdoc = nlp(text)
    start = text.index(trigger)
    spans = locate_in_parse(sdoc, (start, start + len(trigger)), text_candidates(sdoc))
    assert sorted(text[s:e] for s, e in spans) == places


def test_event_location_phrase_on_the_trigger_is_its_place(nlp: Language) -> None:
    # "the capture of X and Y": the climb stops at the trigger noun's own phrase.
    text = "The offensive ended with the capture of Rawa and Anah in November."
    sdoc = nlp(text)
    start = text.index("capture")
    spans = locate_in_parse(sdoc, (start, start + 7), text_candidates(sdoc))
    assert sorted(text[s:e] for s, e in spans) == ["Anah", "Rawa"]


def test_event_location_part_before_its_whole_ranks_first(nlp: Language) -> None:
    # "the X area of Y": X names the part where it happened (the rule ranker's verdict; the
    # learned ranker weighs it with the rest, and there the tagger's labels for two unknown
    # names can tip the balance).
    text = "A mine went off in the Jourat area of Tal Hamis."
    sdoc = nlp(text)
    start = text.index("went")
    ranked = rank_candidates(sdoc, (start, start + 4), text_candidates(sdoc), load_location_cues())
    assert max(ranked, key=lambda r: r.score).span.text == "Jourat"


def test_event_location_passive_subject_of_another_verb_stays_a_place(nlp: Language) -> None:
    # Only the trigger's own passive subject is read as its victim; a known place that is
    # another verb's passive subject stays a place, whatever label the tagger gives it.
    # (The rule ranker's verdict; the learned ranker weighs it with the rest.)
    text = "Mayadin was considered a stronghold after the group moved its leaders there."
    sdoc = nlp(text)
    start = text.index("moved")
    cues = load_location_cues()
    ranked = rank_candidates(sdoc, (start, start + 5), [PlaceCandidate(0, 7, 1.0)], cues)
    assert [r.span.text for r in ranked] == ["Mayadin"]
    assert ranked[0].score > 0


def test_event_location_reports_yield_weak_links_to_context() -> None:
    # A report can fall back on its paragraph and document: it takes a stricter link.
    assert REPORT_MIN_SCORE > MIN_SCORE


def test_event_location_keeps_places_of_coordinated_phrases(nlp: Language) -> None:
    text = "Jets bombed the town of Saraqib and the villages of Binnish and Taftanaz."
    sdoc = nlp(text)
    start = text.index("bombed")
    spans = locate_in_parse(sdoc, (start, start + 6), text_candidates(sdoc))
    assert sorted(text[s:e] for s, e in spans) == ["Binnish", "Saraqib", "Taftanaz"]


def test_event_location_cues_are_data() -> None:
    cues = load_location_cues()
    assert cues.prepositions["in"] > 0 > cues.prepositions["from"]
    # A destination or a starting time is not where the event happened.
    assert cues.prepositions["to"] < 0 and cues.prepositions["since"] < 0
    assert "town" in cues.place_nouns and "fighters" in cues.actor_nouns


def test_event_location_bench_scorer_counts_tokens(tmp_path: Path) -> None:
    record = {
        "text": "Rebels attacked Hama on Monday.",
        "tokens": [
            {"text": w, "start": s, "end": s + len(w), "id": i}
            for i, (w, s) in enumerate(
                [("Rebels", 0), ("attacked", 7), ("Hama", 16), ("on", 21), ("Monday", 24)]
            )
        ],
        "spans": [
            {"start": 7, "end": 15, "token_start": 1, "token_end": 1, "label": "VERB"},
            {"start": 16, "end": 20, "token_start": 2, "token_end": 9, "label": "LOCATION"},
        ],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert token_spans(record, "LOCATION") == [(2, 4)]  # clipped to the tokens
    score = score_file(path, locator=lambda sdoc, trigger: [(16, 20)])
    assert (score.tp, score.fp, score.fn) == (1, 0, 2)


def test_event_location_bench_scorer_skips_whitespace_tokens(tmp_path: Path) -> None:
    # A gold span ending on a run of spaces: the spaces count neither way.
    words = [("Riots", 0), ("hit", 6), ("Lagos", 10), ("  ", 15), ("today", 17)]
    record = {
        "text": "Riots hit Lagos   today",
        "tokens": [
            {"text": w, "start": s, "end": s + len(w), "id": i} for i, (w, s) in enumerate(words)
        ],
        "spans": [
            {"start": 6, "end": 9, "token_start": 1, "token_end": 1, "label": "VERB"},
            {"start": 10, "end": 17, "token_start": 2, "token_end": 3, "label": "LOCATION"},
        ],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    score = score_file(path, locator=lambda sdoc, trigger: [(10, 15)])
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


# Measured 2026-11-22 on dev.jsonl.gz by 5-fold cross-validation of the learned ranker (each
# fold located by a model trained on the other folds): P 0.765, R 0.778, F1 0.772 (n 9144; the
# rule ranker alone reached 0.733, before that 0.645 and 0.558). The issue asks for 0.85; the
# floor pins what we reach so that it can only rise (left a little below the figure: the
# gazetteer and toponym stages it reads keep changing). With "on" and "off" read as
# prepositions again (YAML had read them as booleans) and the weights retrained: P 0.766,
# R 0.780, F1 0.773. Session 3, the unmarked records of Masdar_RA weighed down in training
# (sitrep.bench.location_training.UNMARKED_WEIGHTS): P 0.759, R 0.790, F1 0.774; on the reviewed
# records alone 0.821 (was 0.811). Retrained after the session's places changes: P 0.759,
# R 0.789, F1 0.7736. Session 4, retrained to record the training file's SHA-256 (seeds and demo
# exports unchanged): P 0.757, R 0.790, F1 0.7730. On 800 reviewed records drawn from the dev
# file and scored held out (retrained on the rest), F1 0.817; cross-validated over those 800
# alone, 0.795. An organisation's seat, two letters heading a longer name ("Al Sumaria TV")
# and names inside an actor's name ("Boko Haram") no candidates, retrained: P 0.759, R 0.787,
# F1 0.7725 (each change moves the fold models' thresholds; the three together -0.0005).
# Framed names that nothing else knows as places, or that the tagger reads as people or groups,
# told apart from known places ("the Max shopping center in Riyadh"): P 0.760, R 0.787, F1
# 0.7735.
# Session of 2026-12-07: one split's F1 wanders by about 0.002 when retraining follows a change
# that touches a handful of records, so the floor now holds for ten fold assignments pooled
# (sitrep.bench.location_training.cross_validate): at 52fb122 P 0.7565, R 0.7891, F1 0.7725,
# the ten splits 0.7687-0.7746 (the first, the old figure, 0.7730). A name an apposition calls a
# place framed ("Buhriz, a suburb of Baqouba"), every split up: P 0.7576, R 0.7903, F1 0.7736;
# with the subject event noun's predicate (on_predicate), 0.7737 (splits 0.7720-0.7757). Pooled
# figures moved by 0.0002 at most under changes that touch no parse feature, hence the floor.
# Sixth session of that day: 0.7746. Session of 2026-12-07 (evening): the two Congos'
# names, organisation acronyms, the place in a passive subject's phrase, 'IS' read as a name,
# nested province seats and loose spellings with no country: P 0.7587, R 0.7920, F1 0.7750
# (splits 0.7720-0.7776). Session of 2026-12-08: a place entity the gazetteer lacks is one
# name ("Mir Ali"), readings abroad of a name put in a province stay unresolved, list items
# are sentences, facilities after a place: P 0.7580, R 0.7934, F1 0.7753 (splits
# 0.7736-0.7783).
F1_FLOOR = 0.775
# Fold assignments pooled for the floor (each adds about ten seconds of training).
FLOOR_ASSIGNMENTS = 10


@pytest.mark.slow
def test_event_location_dev_floor(shared: Path) -> None:
    path = shared / "benchmarks" / "event_location" / "dev.jsonl.gz"
    if not path.exists():
        pytest.skip("event_location dev set absent")
    figures = cross_validated_file(path, FLOOR_ASSIGNMENTS).as_dict()
    assert figures["n"] == 9144
    assert figures["f1"] >= F1_FLOOR


def test_location_cues_reject_words_yaml_reads_as_booleans() -> None:
    raw = yaml.safe_load("prepositions: {in: 3.0, on: 2.5}\nrelations: {dobj: 3.0}\n")
    with pytest.raises(ValueError, match="prepositions"):
        parse_location_cues({**raw, "place_nouns": [], "actor_nouns": []})
