"""Language analysis: tokenisation rules and the analysis record."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.stages.language import analyze


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Fighters fled into Iraq.7 Later they regrouped.", ["Iraq", ".", "7"]),
        ("the siege of Kadugli,14 which lasted", ["Kadugli", ",", "14"]),
        ("an incursion into the city of Kassala22 and", ["Kassala", "22"]),
    ],
)
def test_footnote_numbers_are_split_from_words(nlp: Language, text: str, tokens: list[str]) -> None:
    words = [t.text for t in nlp(text)]
    start = words.index(tokens[0])
    assert words[start : start + len(tokens)] == tokens


@pytest.mark.parametrize("word", ["F16", "T4", "Su25", "3.5", "2,500", "MiG-29"])
def test_ordinary_alphanumerics_stay_whole(nlp: Language, word: str) -> None:
    words = [t.text for t in nlp(f"Reports mentioned {word} near the base.")]
    assert word in words


def test_analysis_records_sentences_tokens_and_entities(nlp: Language) -> None:
    text = "Troops entered Kassala on Monday. The governor fled to Khartoum."
    analysis = analyze("d1", nlp(text))
    assert [text[s:e] for s, e in analysis.sentences] == [
        "Troops entered Kassala on Monday.",
        "The governor fled to Khartoum.",
    ]
    assert analysis.n_tokens == 12
    assert {(e.text, e.label) for e in analysis.entities} >= {("Khartoum", "GPE")}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "Rebels seize the river port\n\nCoast Wire\n\nPORT TOWN — Rebels seized the port.",
            "Rebels seize the river port",
        ),
        ("Army retakes hill town\n\nThe army said it retook the town.", "Army retakes hill town"),
    ],
)
def test_blank_lines_end_sentences(nlp: Language, text: str, first: str) -> None:
    # A headline has no full stop: the blank line after it is the sentence boundary.
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences[0] == first


def test_each_item_of_a_list_is_a_sentence(nlp: Language) -> None:
    text = (
        "Key points\n- Clashes continued in El Fasher on 31 May.\n- At least 12 civilians "
        "were killed on 1 June.\n- Access remains restricted."
    )
    assert [s.text.strip() for s in nlp(text).sents] == [
        "Key points",
        "- Clashes continued in El Fasher on 31 May.",
        "- At least 12 civilians were killed on 1 June.",
        "- Access remains restricted.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # a wire dateline is no part of the body's first sentence
        (
            "KYIV, Ukraine (AP) — Russian forces shelled Kharkiv overnight, officials said.",
            ["KYIV, Ukraine (AP) —", "Russian forces shelled Kharkiv overnight, officials said."],
        ),
        (
            "Fighting in Mali\n\nBAMAKO, July 28 — Rebels said they had taken Kidal.",
            ["Fighting in Mali\n\n", "BAMAKO, July 28 —", "Rebels said they had taken Kidal."],
        ),
        # a hyphen between spaces closes one too (but not one inside a name)
        (
            "MAIDUGURI, Nigeria (Reuters) - Insurgents killed 37 people, residents said.",
            ["MAIDUGURI, Nigeria (Reuters) -", "Insurgents killed 37 people, residents said."],
        ),
        ("UN-led talks resumed in Geneva, officials said.", None),
        # a dash inside a sentence that opens with an acronym is no dateline
        ("NATO said — in a statement — that its troops left.", None),
    ],
)
def test_a_wire_dateline_is_its_own_sentence(
    nlp: Language, text: str, sentences: list[str] | None
) -> None:
    found = [s.text for s in nlp(text).sents]
    assert found == (sentences or [text])
