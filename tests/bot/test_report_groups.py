"""The report's grouping (bot.feedback.report.clusters): questions of one subject stay one group across Dutch,
English and French, two subjects asked in the same three languages (with the same greetings around them) are two
groups, and what every question shares counts for nothing: with the real packaged model, and on made-up vectors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bot.feedback.report import clusters, comparable, coverage_report, reference_questions
from bot.feedback.store import FeedbackStore
from bot.models import Answer
from bot.rag.index.embeddings import LazyEmbedder

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NET_PAY = ["Hoeveel netto hou ik over van 4000 bruto?", "How much net pay do I get on 4000 gross?",
           "Combien me reste-t-il en net sur 4000 brut ?"]
VISA = ["Heb ik een visum nodig om als developer in België te werken?",
        "Do I need a visa to work as a developer in Belgium?",
        "Ai-je besoin d'un visa pour travailler comme développeur en Belgique ?"]
PENSION = ["Vanaf welke leeftijd kan ik met pensioen gaan in België?", "At what age can I retire in Belgium?",
           "À quel âge puis-je prendre ma retraite en Belgique ?"]
SICK = ["Krijg ik mijn loon doorbetaald als ik een maand ziek ben?",
        "Do I keep getting paid when I am off sick for a month?", "Suis-je payé si je suis malade pendant un mois ?"]
GREETINGS = (("Hi, ", " Thanks!"), ("Bonjour, ", " Merci !"), ("Vraagje: ", ""),
             ("Hey all, ", " (asking for a friend)"))


def grouping(embedder: LazyEmbedder, texts: list[str]) -> list[set[str]]:
    found = clusters(embedder.query_vectors(texts), texts, embedder.query_vectors(reference_questions()))
    return [{texts[i] for i in group} for group in found]


def greeted(subject: list[str]) -> list[str]:
    return sorted(f"{opening}{question}{ending}" for question in subject for opening, ending in GREETINGS)


def test_one_subject_in_three_languages_is_one_group(embedder):
    for subject in (NET_PAY, VISA, PENSION, SICK):
        assert grouping(embedder, subject) == [set(subject)]


def test_two_subjects_asked_in_three_languages_are_two_groups(embedder):
    for first, second in ((NET_PAY, VISA), (PENSION, SICK), (NET_PAY, SICK)):
        assert sorted(grouping(embedder, first + second), key=sorted) == sorted([set(first), set(second)], key=sorted)


def test_the_same_greetings_around_subjects_do_not_make_them_one_group(embedder):
    """Twelve phrasings per subject: enough for the projection of what tells phrasings apart to be made."""
    subjects = [greeted(subject) for subject in (PENSION, SICK, VISA)]
    groups = grouping(embedder, [text for subject in subjects for text in subject])
    assert sorted(groups, key=sorted) == sorted([set(subject) for subject in subjects], key=sorted)


def test_a_period_keeps_the_subjects_apart_through_the_report(tmp_path: Path, embedder):
    """Through the feedback store, among other members' questions: each subject one gap, in three languages."""
    store = FeedbackStore.in_data_dir(tmp_path)
    others = reference_questions()[:20]  # answered questions the gaps are among
    for number, text in enumerate(NET_PAY + PENSION + others):
        refused = text not in others
        answer = Answer(question=text, language="en", confident=not refused,
                        text="The documents do not cover this." if refused else "From the knowledge base: … [1]")
        store.record_answer(answer, private=False, now=NOW - timedelta(hours=number + 1), asker=number)
    report = coverage_report(store, embedder.query_vectors, embedder.name, None, 7, now=NOW)
    store.close()
    assert sorted(sorted(g.examples) for g in report.gaps) == sorted([sorted(NET_PAY), sorted(PENSION)])
    assert all(sum(g.languages.values()) == 3 for g in report.gaps)


def test_what_every_question_shares_counts_for_nothing():
    """Made-up vectors as the model makes them: a large component every question shares, then its subject. On the
    raw vectors two subjects are as close as the phrasings of one; once the shared part is out, they are apart."""
    rng = np.random.default_rng(7)
    shared, subject_a, subject_b = np.eye(64)[:3]
    reference = np.array([0.95 * shared + 0.3 * rng.normal(size=64) / 8 for _ in range(30)])
    questions = np.array([0.95 * shared + 0.3 * subject + 0.01 * rng.normal(size=64)
                          for subject in (subject_a, subject_a, subject_a, subject_b, subject_b, subject_b)])
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    assert (1 - questions @ questions.T).max() < 0.14  # on the raw vectors, every distance is small
    texts = [f"question {i}" for i in range(6)]
    assert sorted(clusters(questions, texts, reference)) == [[0, 1, 2], [3, 4, 5]]


def test_what_tells_phrasings_apart_is_projected_out_once_there_are_enough_questions():
    """Made-up: four subjects, each asked 52 times with an opening drawn from one plane (greetings, amounts and
    cities vary the same way whatever the subject). A question's nearest questions are its own subject's with a
    similar opening: their differences lie in that plane, which goes; the subjects stay."""
    rng = np.random.default_rng(3)
    axes = np.linalg.qr(rng.normal(size=(64, 64)))[0]
    subjects, plane = axes[:4], axes[4:6]
    points = np.array([0.5 * subject + 0.3 * (np.cos(angle) * plane[0] + np.sin(angle) * plane[1])
                       + 0.01 * rng.normal(size=64)
                       for subject in subjects for angle in rng.uniform(0, 2 * np.pi, size=52)])
    raw = points / np.linalg.norm(points, axis=1, keepdims=True)
    kept = comparable(points, np.zeros((0, 64)))
    assert np.abs(raw @ plane.T).max(axis=1).min() > 0.3 and np.abs(kept @ plane.T).max() < 0.05
    assert np.abs(kept @ subjects.T).max(axis=1).min() > 0.75
    few = comparable(points[:50], np.zeros((0, 64)))  # fifty: nothing projected out, the mean only
    centred = points[:50] - points[:50].mean(axis=0)
    assert np.allclose(few, centred / np.linalg.norm(centred, axis=1, keepdims=True))


def test_a_week_of_few_phrasings_keeps_two_subjects_apart(embedder):
    """Eleven questions, five phrasings of net pay and five of a visa in Dutch and one in English: too few for a
    question's nearest to be its own subject's, so nothing is projected out (one direction here took the subjects
    apart from each other and made them one group)."""
    net_pay = [f"{opening}{NET_PAY[0]}{ending}" for opening, ending in (("", ""), *GREETINGS)] + [NET_PAY[1]]
    visa = [f"{opening}{VISA[0]}{ending}" for opening, ending in (("", ""), *GREETINGS)]
    groups = grouping(embedder, net_pay + visa)
    assert sorted(groups, key=sorted) == sorted([set(net_pay), set(visa)], key=sorted)


def test_repeats_follow_their_text():
    vectors = np.array([[1.0, 1, 0, 0], [1.0, 0, 1, 0], [1.0, 1, 0, 0]])
    assert clusters(vectors, ["a", "b", "a"], np.tile(np.eye(4)[0], (3, 1))) == [[0, 2], [1]]
    assert clusters(vectors[:1], ["a"], np.zeros((0, 4))) == [[0]] and clusters(vectors[:0], [], vectors) == []


def test_the_reference_questions_are_varied_and_in_three_languages():
    from bot.text.language import question_language

    questions = reference_questions()
    assert len(questions) == len(set(questions)) >= 60
    assert {question_language(q) for q in questions} == {"nl", "en", "fr"}
