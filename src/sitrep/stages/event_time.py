"""Event time: the date interval of a report, from its sentence's temporal expressions.

1. A dated temporal expression (from the time stage) in the report's sentence that hangs
   closest to the trigger in the parse gives the date ("captured the town on Friday").
2. With none (a sentence's date that hangs on another clause does not count), the last date
   the paragraph gave before the sentence (narrative time), flagged estimated.
3. Else the publication date: a past-tense report happened in a window before publication
   (`PAST_WINDOW`, ACLED time precision 3, flagged estimated), a present-tense one ("are
   fighting") in the week up to it.
4. With no publication date either, the report has no date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Span, Token

from sitrep.model import DateRef, TimeExpression
from sitrep.stages.language import doc_text

# How far before publication an undated past event may lie (ACLED time precision 3).
PAST_WINDOW = dt.timedelta(days=30)
# How far before publication an undated ongoing event may have started.
PRESENT_WINDOW = dt.timedelta(days=6)
# Beyond this many dependency edges, a sentence's date belongs to another clause.
MAX_TREE_DISTANCE = 6
_DATED_KINDS = {"DATE", "TIME"}
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
    for expr in timexes:
        if not _dated(expr):
            continue
        if not (sent.start_char <= expr.start and expr.end <= sent.end_char):
            continue
        span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None:
            continue
        distance = _tree_distance(span.root, trigger)
        if distance <= MAX_TREE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, expr)
    if best is not None:
        return _date_ref(best[1], best[1].estimated), True
    # 2. Narrative time: the last date the paragraph gave before this sentence.
    paragraph_start = doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1
    earlier = [e for e in timexes if _dated(e) and paragraph_start <= e.start < sent.start_char]
    if earlier:
        return _date_ref(earlier[-1], True), False
    return publication_fallback(trigger, published, published_estimated), False


def _dated(expr: TimeExpression) -> bool:
    """A date or time with at least one bound ("by the end of October" has only an end)."""
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
