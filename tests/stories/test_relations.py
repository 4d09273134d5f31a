"""Translations and near-duplicates inside a story, with the real encoder and a real SQLite store.

The articles are written for this test: an English report, its French translation, a French
report on the same event written separately (other sentences, other figures), and the English
report re-posted with two words changed."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.stories import corrections as sc
from newsgraph.stories.relations import mark_relations

EN = """title: Relief convoy reaches flooded districts of Quảng Trị
date: 2024-10-30

A convoy of 42 army trucks carrying 180 tonnes of rice, drinking water and medicine reached the flooded districts of Quảng Trị province on Wednesday morning.
The soldiers of Military Region 4 had driven through the night after the road along the Thạch Hãn river reopened.
Local officials said about 12,000 households were still cut off by water on Tuesday evening.
The convoy will also deliver 3,500 life jackets and 60 aluminium boats to the communes along the river.
Rescue teams evacuated 2,300 people from low-lying villages over the past three days.
Forecasters expect the water to recede slowly by the end of the week.
"""

FR = """title: Un convoi de secours atteint les districts inondés de Quảng Trị
date: 2024-10-30

Un convoi de 42 camions de l'armée transportant 180 tonnes de riz, d'eau potable et de médicaments a atteint mercredi matin les districts inondés de la province de Quảng Trị.
Les soldats de la Région militaire 4 ont roulé toute la nuit après la réouverture de la route longeant la rivière Thạch Hãn.
Selon les autorités locales, environ 12 000 foyers étaient encore isolés par les eaux mardi soir.
Le convoi livrera également 3 500 gilets de sauvetage et 60 bateaux en aluminium aux communes riveraines.
Les équipes de secours ont évacué 2 300 personnes des villages situés en contrebas au cours des trois derniers jours.
Les prévisionnistes s'attendent à une lente décrue d'ici la fin de la semaine.
"""

FR_OTHER = """title: Inondations au centre du Vietnam : l'armée en première ligne
date: 2024-10-30

Dans la province de Quảng Trị, les pluies torrentielles de la fin octobre ont submergé des milliers d'habitations.
Interrogé par notre correspondant, un habitant de la commune de Triệu Phong raconte avoir passé deux nuits sur le toit de sa maison.
Le ministère de la Défense a mobilisé des unités du génie et des hélicoptères pour atteindre les hameaux isolés.
Les écoles de la province resteront fermées au moins jusqu'au 4 novembre.
Les dégâts sur les cultures sont estimés à plus de 900 hectares de rizières.
"""

EN_REPOST = EN.replace("Wednesday morning", "Wednesday").replace("medicine", "medicines")


@pytest.fixture(scope="module")
def story_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("relations")
    for name, text in {"a-en.txt": EN, "b-fr.txt": FR, "c-fr-other.txt": FR_OTHER, "d-en-repost.txt": EN_REPOST}.items():
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / name).write_text(text, encoding="utf-8")
    settings = newsgraph.load_settings(environ={})
    with newsgraph.open(str(root / "r.db"), settings) as ng:
        ng.ingest([str(root / "in")])
        ng.embed()
        ids = {name: ng.store.con.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%/{name}",)).fetchone()[0]
               for name in ("a-en.txt", "b-fr.txt", "c-fr-other.txt", "d-en-repost.txt")}
        target = ng.store.con.execute("SELECT story_id FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid "
                                      "WHERE d.id = ?", (ids["a-en.txt"],)).fetchone()[0]
        for doc in ids.values():  # one story, whatever the clusterer made of them
            if ng.document(doc)["story_id"] != target:
                sc.move(ng.store.con, doc, target)
        mark_relations(ng.store, settings, [target])
        yield ng, ids, target


def _by_id(ng, story):
    rec = ng.story(story)
    return {d["id"]: d for docs in rec["by_language"].values() for d in docs}


def test_translation_is_marked_and_points_to_the_original(story_store):
    ng, ids, story = story_store
    docs = _by_id(ng, story)
    rel = docs[ids["b-fr.txt"]]["relation"]
    assert rel is not None and rel["kind"] == "translation" and rel["of"] == ids["a-en.txt"]
    assert rel["score"] >= 0.6


def test_a_separate_report_on_the_same_event_is_not_a_translation(story_store):
    ng, ids, story = story_store
    assert _by_id(ng, story)[ids["c-fr-other.txt"]]["relation"] is None
    assert _by_id(ng, story)[ids["a-en.txt"]]["relation"] is None  # the original repeats nothing


def test_repost_is_a_near_duplicate_of_the_original(story_store):
    ng, ids, story = story_store
    rel = _by_id(ng, story)[ids["d-en-repost.txt"]]["relation"]
    assert rel is not None and rel["kind"] == "near-duplicate" and rel["of"] == ids["a-en.txt"]


def test_aligned_share_needs_order_and_similarity():
    import numpy as np

    from newsgraph.stories.relations import aligned_share

    eye = np.eye(4, dtype=np.float32)
    assert aligned_share(eye, eye) == 1.0
    assert aligned_share(eye, eye[::-1].copy()) == 0.5  # reversed: only the two middle sentences stay within one place
    assert aligned_share(eye, np.full((4, 4), 0.5, dtype=np.float32)) == 0.0  # nothing says the same
