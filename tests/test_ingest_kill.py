"""A process killed mid-batch loses nothing committed and leaves no half-written document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sitrep.jobs import ingest_paths
from sitrep.store import Store

# Runs the real CLI, announcing each committed document (a batch commits at once) so the test
# knows when to kill it.
CHILD = """
import sys
from sitrep.store import Store
_save_many = Store.save_many
def save_many(self, items):
    _save_many(self, items)
    for item in items:
        print("saved", item.doc.doc_id, flush=True)
Store.save_many = save_many
from sitrep.cli import app
app(["ingest", sys.argv[1], "--db", sys.argv[2], "--quiet", "--batch-size", "2"])
"""

TOWNS = ["Hajin", "Mayadin", "Rawa", "Anah", "Tal Afar", "Hawija", "Palmyra", "Raqqa", "Qaim"]


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = " ".join(
            f"Report {i}, paragraph {p}: fighting was reported near {town} as units moved along "
            f"the river road and residents sheltered in basements."
            for p in range(12)
        )
        (folder / f"doc{i:02d}.txt").write_text(text)


def test_kill_mid_batch_keeps_committed_documents(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.duckdb"
    _write_corpus(corpus, 30)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), str(db)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    saved = []
    for line in child.stdout:
        saved.append(line.split()[1])
        if len(saved) == 3:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with Store(db) as store:
        docs = {d.doc_id: d for d in store.documents()}
        assert set(saved) <= set(docs)
        assert len(docs) < 30
        for doc_id, doc in docs.items():  # each stored document is whole
            assert doc.text.startswith(f"Report {int(doc_id[3:])},")
            n_sentences = store.con.execute(
                "SELECT count(*) FROM sentences WHERE doc_id = ?", [doc_id]
            ).fetchone()
            assert n_sentences is not None and n_sentences[0] >= 12
        summary = ingest_paths([corpus], store)
        assert sorted(summary.unchanged) == sorted(docs)
        assert len(summary.stored) == 30 - len(docs)
        assert len(store.documents()) == 30
