"""Event time: the date interval of a report, from its sentence's temporal expressions.

1. A dated temporal expression (from the time stage) in the report's sentence that hangs
   closest to the trigger in the parse gives the date ("captured the town on Friday").
   A date opening the sentence sets the scene for its main clause at any distance; "soon"
   or "now" never date a past event; a date in a relative clause the trigger is not in
   dates that aside only.
2. A stretch named on the trigger's clause ("over the past days"); else "for two years" on
   it: the span up to publication.
3. With none (a sentence's date that hangs on another clause does not count), the last date
   the paragraph gave before the sentence (narrative time), flagged estimated.
4. Else the publication date: a past-tense report happened in a window before publication
   (`PAST_WINDOW`, ACLED time precision 3, flagged estimated), a present-tense one ("are
   fighting") in the week up to it.
5. With no publication date either, the report has no date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.model import DateRef, TimeExpression
from sitrep.stages.generic_kinds import load_genericity_cues
from sitrep.stages.language import doc_text

# How far before publication an undated past event may lie (ACLED time precision 3).
PAST_WINDOW = dt.timedelta(days=30)
# How far before publication an undated ongoing event may have started.
PRESENT_WINDOW = dt.timedelta(days=6)
# Beyond this many dependency edges, a sentence's date belongs to another clause.
MAX_TREE_DISTANCE = 6
_DATED_KINDS = {"DATE", "TIME"}
# Reference values that cannot date a past event ("soon", "now").
_NOT_PAST = frozenset({"FUTURE_REF", "PRESENT_REF"})
# Dependencies that open a clause of its own.
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "acl", "csubj", "parataxis"})
_DURATION = re.compile(r"P(\d+(?:\.\d+)?)([YMWD])")
_UNIT_DAYS = {"Y": 365.25, "M": 30.44, "W": 7.0, "D": 1.0}
# An unspecified count of units back from publication ("in recent days": a week or so),
# ACLED's practice of coding vague recent periods to the last week or month.
# "the day before", "the week before": how far back the unit reaches (months by calendar).
_OFFSET_UNITS = {"day": 1, "week": 7, "month": 0, "year": 365}
_VAGUE_DURATION = re.compile(r"PX([DWMY])")
_VAGUE_SPAN_DAYS = {"D": 7, "W": 31, "M": 183, "Y": 730}
_PRESENT_TAGS = {"VBZ", "VBP", "VBG"}


def link_time(
    sent: Span,
    trigger: Token,
    timexes: Sequence[TimeExpression],
    published: dt.date | None,
    *,
    published_estimated: bool = False,
) -> tuple[DateRef | None, bool]:
    """Return the report's date and whether it came from a temporal expression."""
    best: tuple[int, TimeExpression] | None = None
    past = not _is_present(trigger)
    lasting: TimeExpression | None = None
    stretch: TimeExpression | None = None
    for expr in timexes:
        if not (sent.start_char <= expr.start and expr.end <= sent.end_char):
            continue
        span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or _aside(span.root, trigger):
            continue
        if _lasting(expr, span.root, trigger):
            lasting = expr
        if _recent_stretch(expr, span.root, trigger):
            stretch = expr
        if not _dated(expr) or (past and expr.value in _NOT_PAST):
            continue  # "soon broke the siege": "soon" is not a date of a past event
        distance = _tree_distance(span.root, trigger)
        if distance > MAX_TREE_DISTANCE and _scene_setting(span.root, trigger):
            distance = MAX_TREE_DISTANCE  # "During September, ... was disrupted by ..."
        if distance <= MAX_TREE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, expr)
    offset = _anchored_offset(sent, trigger, timexes)
    if offset is not None:
        return offset, True
    if best is not None:
        ref = _with_conjoined(_date_ref(best[1], best[1].estimated), best[1], sent, timexes)
        if published and ref.end and ref.end < published and _up_to_now(best[1], sent.doc):
            # "over the past day": the stretch runs up to the time of writing
            ref = DateRef(ref.start, published, ref.precision, ref.estimated)
        return ref, True
    stretch_ref = _stretch_ref(stretch, published) if stretch is not None else None
    if stretch_ref is not None:
        # "carried out operations over the past days": the stretch the clause names.
        return stretch_ref, True
    if lasting is not None and published is not None:
        # 2. "had besieged the city for two years": the span up to the time of writing.
        span_days = _duration_days(lasting.value)
        if span_days:
            start = published - dt.timedelta(days=span_days)
            return DateRef(start, published, lasting.granularity or "year", estimated=True), True
    # 3. Narrative time: the last date the paragraph gave before this sentence.
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    earlier = [
        e
        for e in timexes
        if _dated(e)
        and e.value not in _NOT_PAST
        and paragraph_start <= e.start < sent.start_char
        and not _in_relative_clause(sent.doc, e)
    ]
    if earlier:
        return _date_ref(earlier[-1], True), False
    return publication_fallback(trigger, published, published_estimated), False


def _with_conjoined(
    ref: DateRef, expr: TimeExpression, sent: Span, timexes: Sequence[TimeExpression]
) -> DateRef:
    """ "on 31 May and 1 June": the span from the first date to the last of a coordination."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or ref.start is None or ref.end is None:
        return ref
    conjuncts = {t.i for t in span.root.conjuncts}
    start, end = ref.start, ref.end
    for other in timexes:
        other_span = sent.doc.char_span(other.start, other.end, alignment_mode="expand")
        if other_span is None or other_span.root.i not in conjuncts or not _dated(other):
            continue
        other_ref = _date_ref(other, other.estimated)
        if other_ref.start is None or other_ref.end is None:
            continue
        start, end = min(start, other_ref.start), max(end, other_ref.end)
    if (start, end) == (ref.start, ref.end) or (end - start).days > _CONJOINED_DAYS:
        return ref
    return DateRef(start, end, ref.precision, ref.estimated)


# Coordinated dates farther apart than this are separate events, not one span.
_CONJOINED_DAYS = 14


def expression_date(expr: TimeExpression) -> DateRef | None:
    """The report date a temporal expression gives, or None for one that dates nothing past."""
    if not _dated(expr) or expr.value in _NOT_PAST:
        return None
    return _date_ref(expr, expr.estimated)


def _recent_stretch(expr: TimeExpression, root: Token, trigger: Token) -> bool:
    """An anchored stretch of time introduced on the trigger's clause by a preposition of
    extent ("over the past days", "in recent weeks"); not an offset ("two days after")."""
    prep = root.head
    return (
        expr.kind == "DURATION"
        and (
            (expr.interval_start is not None and expr.interval_end is not None)
            or (_vague_span_days(expr) > 0 and _up_to_now(expr, root.doc))
        )
        and root.dep_ == "pobj"
        and load_genericity_cues().has("stretch_preps", prep.lower_)
        and (prep.head == trigger or prep.head in trigger.ancestors or prep.head.head == trigger)
    )


def _vague_span_days(expr: TimeExpression) -> int:
    """How far back "in recent days", "over the past weeks" reach (an unspecified count)."""
    found = _VAGUE_DURATION.fullmatch(expr.value or "")
    return _VAGUE_SPAN_DAYS[found.group(1)] if found else 0


def _stretch_ref(expr: TimeExpression, published: dt.date | None) -> DateRef | None:
    """The interval of a stretch: its own bounds, or a vague one back from publication."""
    if expr.interval_start is not None and expr.interval_end is not None:
        return _date_ref(expr, expr.estimated)
    days = _vague_span_days(expr)
    if not days or published is None:
        return None
    return DateRef(published - dt.timedelta(days=days), published, "week", estimated=True)


def _up_to_now(expr: TimeExpression, doc: Doc) -> bool:
    """True for "over the past day", "in the last week": a stretch ending at the present."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or span.root.dep_ != "pobj":
        return False
    cues = load_genericity_cues()
    return cues.has("stretch_preps", span.root.head.lower_) and any(
        cues.has("stretch_words", t.lower_) for t in span
    )


def _anchored_offset(
    sent: Span, trigger: Token, timexes: Sequence[TimeExpression]
) -> DateRef | None:
    """ "In November, X wrote of an attack it had conducted the month before": a unit back from
    the sentence's own date, when "the <unit> before" hangs on the trigger's clause."""
    cues = load_genericity_cues()
    doc = sent.doc
    for tok in sent[1:-1]:
        unit = tok.lemma_.lower()
        if unit not in _OFFSET_UNITS or doc[tok.i - 1].lower_ != "the":
            continue
        if not cues.has("offset_words", doc[tok.i + 1].lower_):
            continue
        if _tree_distance(tok, trigger) > 3:
            continue
        anchors = [
            e
            for e in timexes
            if sent.start_char <= e.start < tok.idx and _dated(e) and e.value not in _NOT_PAST
        ]
        ref = _date_ref(anchors[-1], anchors[-1].estimated) if anchors else None
        if ref is None or ref.start is None or ref.end is None:
            return None
        # Counted back from a stated date, the date is stated too (merging prefers it to a
        # date carried over from the paragraph).
        if unit == "month":
            start = (ref.start.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
            end = ref.start.replace(day=1) - dt.timedelta(days=1)
            return DateRef(start, end, "month", estimated=ref.estimated)
        step = dt.timedelta(days=_OFFSET_UNITS[unit])
        return DateRef(ref.start - step, ref.end - step, ref.precision, estimated=ref.estimated)
    return None


def _aside(root: Token, trigger: Token) -> bool:
    """True for a date inside a relative or adverbial clause the trigger is not in ("SANA,
    which never acknowledged last weekend's setback, said ..."): it dates that clause."""
    for node in root.ancestors:
        if node.dep_ == "advcl" and any(
            c.dep_ == "advmod" and c.lower_ == "when" for c in node.children
        ):
            continue  # "were killed when shells hit the hospital on 1 June": the same moment
        if node.dep_ in {"relcl", "advcl"} or (node.dep_ == "pcomp" and node.pos_ == "VERB"):
            # "fled in recent days after troops surrounded the town last week": the date
            # belongs to the clause it sits in ("an attack it conducted in May" excepted)
            return (
                trigger not in node.subtree
                and not (node.dep_ == "relcl" and node.head == trigger)
                and not _outcome(node, trigger)
            )
    return False


def _outcome(clause: Token, trigger: Token) -> bool:
    """True for a participle clause telling the trigger's own outcome ("attacked a church,
    killing five worshippers on Sunday"): no subordinator or subject of its own."""
    return (
        clause.dep_ == "advcl"
        and clause.head == trigger
        and clause.tag_ == "VBG"
        and not any(c.dep_ in {"mark", "nsubj", "nsubjpass"} for c in clause.children)
    )


def _in_relative_clause(doc: Doc, expr: TimeExpression) -> bool:
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span is not None and any(a.dep_ == "relcl" for a in span.root.ancestors)


def _scene_setting(root: Token, trigger: Token) -> bool:
    """True for a date opening the sentence as an adverbial of its main verb, over a trigger
    of the main clause: it sets the scene for all the clause tells."""
    node = root
    while node.dep_ in {"pobj", "prep", "npadvmod", "compound", "nummod"} and node.head != node:
        node = node.head
    if node.dep_ != "ROOT" or root.i > node.i:
        return False
    return not any(a.dep_ in _CLAUSES for a in [trigger, *trigger.ancestors] if a != node)


def _lasting(expr: TimeExpression, root: Token, trigger: Token) -> bool:
    """True for "for two years" on the trigger's clause: how long the event lasted."""
    prep = root.head
    return (
        expr.kind == "DURATION"
        and prep.lower_ == "for"
        and (
            prep.head == trigger or prep.head in trigger.ancestors or trigger in prep.head.children
        )
    )


def _duration_days(value: str | None) -> int:
    """Days in an ISO 8601 duration of years, months, weeks or days ("P2.5Y" -> 913)."""
    found = _DURATION.fullmatch(value or "")
    if not found:
        return 0
    amount = float(found.group(1))
    return int(amount * _UNIT_DAYS[found.group(2)])


def _dated(expr: TimeExpression) -> bool:
    """A date or time with at least one bound ("by the end of October" has only an end), or a
    range of dates ("between 28 and 31 May")."""
    if expr.kind == "DURATION":
        bounded = expr.interval_start is not None and expr.interval_end is not None
        return bounded and expr.text.lower().startswith(("between", "from"))
    return expr.kind in _DATED_KINDS and (
        expr.interval_start is not None or expr.interval_end is not None
    )


def _date_ref(expr: TimeExpression, estimated: bool) -> DateRef:
    """The report form of a temporal expression; an open start becomes the end's month."""
    end = expr.interval_end or expr.interval_start
    start = expr.interval_start
    if start is None and end is not None:
        start = end.replace(day=1) if expr.granularity in {"month", "day"} else end - PAST_WINDOW
    return DateRef(start=start, end=end, precision=expr.granularity or "day", estimated=estimated)


def publication_fallback(
    trigger: Token, published: dt.date | None, published_estimated: bool = False
) -> DateRef | None:
    """The window before publication in which an undated report's event happened."""
    if published is None:
        return None
    if _is_present(trigger):
        return DateRef(published - PRESENT_WINDOW, published, "week", estimated=True)
    return DateRef(published - PAST_WINDOW, published, "month", estimated=True)


def _is_present(trigger: Token) -> bool:
    """True for ongoing events: "are fighting", "is besieging", "clashes continue"."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if tags & {"VBD", "VBN"}:  # past, perfect ("has captured") or passive
        return False
    return bool(tags & _PRESENT_TAGS) and "MD" not in tags


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    depth_b = {t.i: n for n, t in enumerate([b, *b.ancestors])}
    for n, tok in enumerate(up_a):
        if tok.i in depth_b:
            return n + depth_b[tok.i]
    return 99
