"""Events end to end against our gold: the seeds and the demo corpus through the real pipeline.

Floors are the figures measured (see the constants), rounded down a little; they may only rise.
Where they sit below issue 5's targets (recall 0.85, precision 0.80, fields 0.85), the gap is
the work left, listed in the closing note of the issue.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.bench.evaluate import Evaluation, evaluate, read_jsonl
from sitrep.export import event_record
from sitrep.jobs import ingest_paths
from sitrep.stages.actors import load_actor_dictionary
from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "demo" / "corpus"

pytestmark = pytest.mark.slow

# Measured 2026-11-22 with `sitrep ingest` + `sitrep export events` + `sitrep evaluate`
# (each corpus ingested alone, as below):
# seeds recall 0.841, precision 0.494, actor1 0.622, place 0.487, date 0.757, stance 0.905;
# demo recall 0.865, precision 0.759, actor1 0.750, place 0.766, date 0.891, stance 0.939.
# After the genericity cues (data/genericity.yaml), attempts and new triggers: seeds recall
# 0.932, precision 0.768, actor1 0.756 (allies counting, as ACTORS.md says; 0.732 by id);
# demo precision 0.857. Event time (no "soon" for past events, scene-setting dates,
# durations, asides): seeds date 0.829, precision 0.786, actor1 0.780. Phrase heads, topics,
# frame clauses, approaches to an attack: seeds precision 0.849. Shared subjects, outlets'
# sides as tellers of passives, headings left out of roles: seeds actor1 0.854 (0.829 by id);
# demo precision 0.865, actor1 0.813. Stretches of time ("in recent days"), speakers who
# tell their own flight: seeds precision 0.870, place 0.488; demo precision 0.877, place 0.781,
# date 0.891, stance 0.942. Bombings two-sided: seeds actor2 0.854, demo actor2 0.813.
# Claimants naming one actor match (ACTORS.md): seeds claimant 0.830, demo 0.826.
# "the month before" counted back from the sentence's date: seeds date 0.854.
# Event location (finest place, clause bounds), "IS" and "Daesh" no places, a province the
# sentence names before a town named elsewhere: seeds place 0.585, actor1 0.878; demo
# place 0.785, actor1 0.815.
# Session 2: place extent and the object taken as place, the learned event-location ranker,
# report-place fallbacks, "the capture of X" as a toponym cue, summary paragraphs and sweeps of
# land: seeds place 0.780, date 0.878, actor2 0.878, precision 0.868; demo place 0.909, date
# 0.924, precision 0.872. A sentence's own town as the fallback on a weaker link, "abandon"
# only of places: seeds place 0.805, actor2 0.902, precision 0.865; demo precision 0.870.
# "on"/"off" as prepositions again and the ranker retrained: seeds place 0.829, type 0.976.
# The finest of places listed together on the trigger: seeds place 0.854.
# Session 3: the ranker retrained with the unmarked records of Masdar_RA weighed down, and a
# relocation's bare destination ("moved its guns in X to the province"): seeds place 0.854;
# demo place 0.924. A place word inside an actor's name is no place ("the Popular Mobilisation
# Forces": Elloree), and the demo gold gains the Soledar clash its monitor reports (g-121,
# "fighting was continuing in Soledar", as g-007 and g-049 code such fighting): demo recall
# 0.882, precision 0.882, actor1 0.836. Sources called back ("the watchdog group wrote"), a
# glued title line no speaker: seeds claimant 0.880. A dateline no speaker ("AIN ISSA — The
# Syrian Democratic Forces said"): demo claimant 0.857.
# Session 4: one weapon or the ground a force holds as a state force ("a Russian missile",
# "Ukrainian positions", "an army checkpoint"), a ministry's "its artillery" as its state's,
# a withheld report no claim and its subject no doer ("state media has not reported the
# counter-attack"): demo actor1 0.866, actor2 0.836. A speaker the parser hung on a list before
# a subjectless "said", and an alias at the tail of a longer name no match ("the Euphrates
# Observatory for Human Rights" is not SOHR, nor its "the Observatory"): demo claimant 0.879.
# One report per town for strikes and fighting too ("attacks hit energy facilities in Kyiv,
# Kharkiv and Lviv"; a list of regions stays one campaign), a definite "the attacks" taking
# the type and doer of the strikes it refers to, no adversary guessed for strikes on civilian
# objects, a weapon noun's verb one strike of the weapon's kind, a hit told as suffered not the
# teller's operation: demo recall 0.921, precision 0.908, actor1 0.871, actor2 0.843, place
# 0.929, date 0.929, claimant 0.884; seeds unchanged (precision 0.863). "..., it said" after a
# source the text only calls "the monitor", in the sentence before: demo claimant 0.895.
# Scored one to one as well (a system event answers for one gold event at most): seeds recall
# 0.841, precision 0.726; demo 0.855, 0.855. Below the 0.85 on the seeds: captures of
# al-Bukamal merged across its loss and retaking, and a crossing's capture merged with its
# town's. "Drove the militants from X" a capture: seeds recall one to one 0.864, precision
# 0.731, precision 0.865. "..., only for its forces to retreat": an outcome the writer states,
# its noun the doer, and captures by opposed sides in one sentence kept apart: seeds precision
# 0.868, one to one 0.886 / 0.736, actor1 0.902, actor2 0.927, date 0.902, stance 0.960,
# claimant 0.900.
# Session 5: a place on the doer ("a frigate in the Mediterranean fired missiles at positions
# near the city") gives way to the target's bare place noun: demo place 0.943. The subject of
# a relative clause whose object is the event noun did it ("the siege that IS imposed on the
# government-held districts"): demo actor1 0.886, actor2 0.857. Fighting told with no side
# named ("street fighting continued") takes the sides named most around it: demo actor1
# 0.929, actor2 0.900. Fire "from" a force is that force's ("artillery shelling from French
# forces", a gerund so anchored is one episode, the noun the parser split from it part of it)
# and a place in an institution's name ("Tel Aviv University") no event's place: seeds actor1
# 0.927, actor2 0.951. The "by" agent the parser hung on an active verb is its object noun's
# ("hailed strikes by six bombers"): seeds recall 0.955, one to one 0.909 / 0.741. What a bomb
# "struck" is its target and its planter stays unnamed ("a roadside bomb struck a military
# vehicle"): demo actor2 0.914. Shells and bombs from the air with no side named have an
# unnamed doer, whom merging treats as unknown; a gerund a verb of saying reports is a noun
# ("residents described heavy shelling overnight"): demo recall 0.934, one to one 0.868 /
# 0.857, actor1 0.958. A "suicide car bomb" is a suicide attack: demo type 0.958 -> 0.986
# (type pinned from here: seeds 0.976). One person killed when a singular noun with "the" or a
# possessive names the dead ("killing the driver"): demo fatalities 0.930 -> 0.944 (pinned from
# here: seeds 0.905). "There" is the town named last before it ("moved its leaders there from
# Raqqa"): demo place 0.944 -> 0.958.
# Session 6: a frame clause opened by a conjunction is still a frame ("And by the time
# coalition strikes hit Raqqa, ..."): seeds precision 0.870 -> 0.887, one to one 0.741 ->
# 0.755.
# Floors rounded down.
SEED_FLOORS = {
    "type_accuracy": 0.97,
    "fatalities_accuracy": 0.9,
    "recall": 0.95,
    "precision": 0.88,
    "recall_one_to_one": 0.9,
    "precision_one_to_one": 0.75,
    "actor1_accuracy": 0.92,
    "actor2_accuracy": 0.95,
    "place_accuracy": 0.85,
    "date_accuracy": 0.9,
    "stance_accuracy": 0.95,
    "claimant_accuracy": 0.9,
}
DEMO_FLOORS = {
    "type_accuracy": 0.98,
    "fatalities_accuracy": 0.94,
    "recall": 0.93,
    "precision": 0.9,
    "recall_one_to_one": 0.86,
    "precision_one_to_one": 0.85,
    "actor1_accuracy": 0.95,
    "actor2_accuracy": 0.91,
    "place_accuracy": 0.95,
    "date_accuracy": 0.92,
    "stance_accuracy": 0.93,
    "claimant_accuracy": 0.89,
}


def _evaluate(corpus: Path, gold: Path, tmp: Path) -> Evaluation:
    with Store(tmp / "events.duckdb") as store:
        ingest_paths([corpus], store)
        exported = [event_record(event) for event in store.events()]
    return evaluate(list(read_jsonl(gold)), exported, load_actor_dictionary())


@pytest.fixture(scope="module")
def seeds_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evaluation]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    yield _evaluate(SEEDS, GOLD / "seeds_events.jsonl", tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def demo_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evaluation]:
    yield _evaluate(DEMO, GOLD / "demo_events.jsonl", tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize(("name", "floor"), sorted(SEED_FLOORS.items()))
def test_evaluate_gold_seeds_floors(seeds_result: Evaluation, name: str, floor: float) -> None:
    assert seeds_result.figures()[name] >= floor


@pytest.mark.parametrize(("name", "floor"), sorted(DEMO_FLOORS.items()))
def test_evaluate_gold_demo_floors(demo_result: Evaluation, name: str, floor: float) -> None:
    assert demo_result.figures()[name] >= floor


def test_evaluate_gold_every_report_is_attributed(seeds_result: Evaluation) -> None:
    # Stance is scored on every matched pair of reports: none may lack one.
    assert seeds_result.report_pairs > 0
