"""Near-duplicate detection: MinHash signatures over word shingles with an LSH index."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from sitrep.model import Duplicate

NUM_PERM = 128
SHINGLE = 3  # words per shingle: short enough that a lightly rewritten wire copy still matches
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it
# Estimated Jaccard of 3-word shingles above which two texts are one report; independent
# reports of the same event stay below 0.1.
THRESHOLD = 0.4
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """MinHash signature (uint64 array) of a text's lower-cased word shingles."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def _minhash(sig: np.ndarray) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=sig, scheme=SCHEME)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


class DuplicateIndex:
    """Signatures of stored documents, queried for the best earlier near-duplicate."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._threshold = threshold

    def add(self, doc_id: str, sig: np.ndarray) -> None:
        """Index a document's signature (replacing an older version of the same id)."""
        if doc_id in self._signatures:
            self._lsh.remove(doc_id)
        self._signatures[doc_id] = sig
        self._lsh.insert(doc_id, _minhash(sig))

    def add_all(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Index many signatures."""
        for doc_id, sig in items:
            self.add(doc_id, sig)

    def find_original(self, doc_id: str, sig: np.ndarray) -> Duplicate | None:
        """The most similar indexed document other than `doc_id`, if similar enough."""
        scored = [
            (-similarity(sig, self._signatures[other]), other)
            for other in self._lsh.query(_minhash(sig))
            if other != doc_id
        ]
        # Highest similarity wins; ties go to the smallest id so the choice is deterministic.
        scored = [item for item in scored if -item[0] >= self._threshold]
        if not scored:
            return None
        neg_score, original = min(scored)
        return Duplicate(doc_id=doc_id, original_id=original, similarity=round(-neg_score, 3))
