"""Near-duplicate detection over word shingles."""

from __future__ import annotations

from sitrep.ingest.duplicates import DuplicateIndex, signature, similarity

ORIGINAL = (
    "Government troops said on Sunday that they had pushed militants out of the river town of "
    "Kafr Sahel after three days of street fighting, and that engineers were clearing mines from "
    "the main road. A monitoring group said at least nine fighters were killed on both sides and "
    "that hundreds of families had left for camps further north."
)
# The same wire copy lightly edited by a second outlet.
REWRITE = (
    "Government troops said Sunday they had pushed militants out of the river town of Kafr Sahel "
    "after three days of street fighting, and engineers were clearing mines from the main road. "
    "A monitoring group said at least nine fighters were killed on both sides and hundreds of "
    "families had left for camps further north."
)
# An independent report of the same happening in other words.
INDEPENDENT = (
    "Kafr Sahel is back in the army's hands, according to officers who spoke by phone. They "
    "described house-to-house combat lasting until the weekend and a retreat by the insurgents "
    "toward the hills; a local doctor counted nine dead. Aid workers expect more displaced people."
)


def test_rewrite_is_linked_to_original() -> None:
    index = DuplicateIndex()
    index.add("wire", signature(ORIGINAL))
    dup = index.find_original("copy", signature(REWRITE))
    assert dup is not None
    assert dup.original_id == "wire"
    assert 0.4 <= dup.similarity < 1.0


def test_exact_copy_has_similarity_one() -> None:
    index = DuplicateIndex()
    index.add("wire", signature(ORIGINAL))
    dup = index.find_original("copy", signature(ORIGINAL))
    assert dup is not None and dup.similarity == 1.0


def test_independent_report_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.add("wire", signature(ORIGINAL))
    assert index.find_original("other", signature(INDEPENDENT)) is None
    assert similarity(signature(ORIGINAL), signature(INDEPENDENT)) < 0.1


def test_a_document_is_not_its_own_duplicate() -> None:
    index = DuplicateIndex()
    index.add("wire", signature(ORIGINAL))
    assert index.find_original("wire", signature(ORIGINAL)) is None


def test_best_original_wins_and_ties_break_by_id() -> None:
    index = DuplicateIndex()
    index.add("b", signature(ORIGINAL))
    index.add("a", signature(ORIGINAL))
    index.add("c", signature(REWRITE))
    dup = index.find_original("new", signature(ORIGINAL))
    assert dup is not None and dup.original_id == "a"
