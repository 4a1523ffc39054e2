"""The extractive answerer's parts, each checked to the character or the exact number: what a bullet shows (its
joins, lists, list items, the sentence that refers back, the section label), how a chunk's sentences become
candidates, the weights that score them and decide confidence, and the evidence thresholds that need the model.
No model and no index: sources are built by hand and the model's cosines are fixed."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pytest

from bot.models import Source
from bot.rag.answerers import answer_extractive as extractive
from bot.rag.answerers.answer_extractive import Candidate, ExtractiveAnswerer, QuestionTerms
from bot.rag.index.embeddings import Evidence
from bot.rag.retrieval.text import tokenize

EVIDENCE = Evidence(section_named=0.87, section_named_translated=0.90, stands_out=0.035, section_alone=0.885,
                    section_with_words=0.85, section_with_all_words=0.82)
TITLE = "Garden notes"
FRUITS = ("Kiwi grows fast. Water it daily.", "Mango needs sun.")
ORCHARD = (f"Plain one. Plain two. We grow these fruits:\n- {FRUITS[0]}\n- {FRUITS[1]}\n"
           "This ends the list. That was all.")


def source(rank: int, section: str, text: str, similarity: float = 0.0, title: str = TITLE, score: float | None = None,
           language: str = "en", doc_id: str | None = None) -> Source:
    return Source(rank=rank, doc_id=doc_id or f"doc{rank}", title=title, section=section,
                  path=f"knowledge/doc{rank}.md", text=text, similarity=similarity,
                  score=1.0 / rank if score is None else score, language=language)


SOURCE = source(1, TITLE, "")  # a section named as its title gets no label


def stems(text: str) -> set[str]:
    return set(tokenize(text, ("nl", "en")))


def candidate(text: str, of: Source = SOURCE, items: tuple[str, ...] = (), item: str = "", then: str = "",
              score: float = 1.0, similarity: float = 0.0, lexical: float = 0.0) -> Candidate:
    return Candidate(of, text, score, stems(text), set(), items, item=item, then=then, similarity=similarity,
                     lexical=lexical)


def model(cosines: dict[str, float], asked: str | None = None, default: float = 0.5):  # noqa: ANN201 - a Meaning
    """The model's cosine for each text (sentences and section names), `default` for any other and for any question
    but `asked` (when given)."""
    def meaning(question: str, texts: list[str]) -> np.ndarray:
        known = cosines if asked is None or question == asked else {}
        return np.array([known.get(text, default) for text in texts])
    return meaning


def wiring(found: list[Candidate]) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(c.text, c.items, c.item, c.then) for c in found]


# What a bullet shows


def test_a_bullet_joins_its_sentences_with_one_space_and_cites_the_chunk() -> None:
    chosen = [candidate("Kiwi grows fast."), candidate("Mango needs sun.")]
    assert extractive.bullets(chosen) == ["- Kiwi grows fast. Mango needs sun. [1]"]


def test_a_section_in_two_chunks_gets_one_bullet_with_the_better_rank() -> None:
    later = source(3, TITLE, "", doc_id="doc")
    earlier = source(2, TITLE, "", doc_id="doc")
    other = source(4, TITLE, "", doc_id="other")
    chosen = [candidate("Kiwi grows fast.", later), candidate("Pears ripen late.", other),
              candidate("Mango needs sun.", earlier)]
    assert extractive.bullets(chosen) == ["- Kiwi grows fast. Mango needs sun. [2]", "- Pears ripen late. [4]"]


def test_a_sentence_that_introduces_a_list_is_quoted_with_its_items() -> None:
    shown = extractive.shown(candidate("We grow:", items=("Kiwi;", "Mango,", "Pear.", "Plum")))
    assert shown == "We grow: Kiwi; Mango; Pear; Plum"


def test_a_list_of_eight_items_is_quoted_whole_and_a_longer_one_is_cut_after_eight() -> None:
    eight = tuple(f"Fruit{i}." for i in range(1, 9))
    assert extractive.listed(eight) == "Fruit1; Fruit2; Fruit3; Fruit4; Fruit5; Fruit6; Fruit7; Fruit8"
    assert extractive.listed((*eight, "Fruit9.")) == "Fruit1; Fruit2; Fruit3; Fruit4; Fruit5; Fruit6; Fruit7; Fruit8; …"
    assert extractive.listed(("Kiwi.",)) == "Kiwi"
    assert extractive.listed(("Linux;", "Mac OS X.", "Windows,")) == "Linux; Mac OS X; Windows"


def test_a_list_item_brings_its_list_each_item_by_its_first_sentence() -> None:
    assert extractive.shown(candidate("Kiwi grows fast.", items=FRUITS)) == "Kiwi grows fast; Mango needs sun"


def test_a_list_item_quoted_past_its_start_shows_the_matching_sentence_after_an_ellipsis() -> None:
    assert extractive.shown(candidate("Water it daily.", items=FRUITS)) == (
        "Kiwi grows fast … Water it daily.; Mango needs sun")


def test_a_list_item_of_a_long_list_shows_eight_items_and_an_ellipsis() -> None:
    items = tuple(f"Fruit{i} grows." for i in range(1, 10))
    assert extractive.shown(candidate("Fruit1 grows.", items=items)) == (
        "Fruit1 grows; Fruit2 grows; Fruit3 grows; Fruit4 grows; Fruit5 grows; Fruit6 grows; Fruit7 grows; "
        "Fruit8 grows; …")
    assert extractive.shown(candidate("Fruit1 grows.", items=items[:8])) == (
        "Fruit1 grows; Fruit2 grows; Fruit3 grows; Fruit4 grows; Fruit5 grows; Fruit6 grows; Fruit7 grows; "
        "Fruit8 grows")


@pytest.mark.parametrize(("length", "whole"), [(400, True), (401, False)])
def test_a_list_item_up_to_400_characters_is_quoted_whole(length: int, whole: bool) -> None:
    item = "Water it daily. " + "x" * (length - len("Water it daily. ") - 1) + "."
    assert len(item) == length
    shown = extractive.shown(candidate("Water it daily.", item=item))
    assert shown == (item if whole else "Water it daily.")


def test_the_next_sentence_joins_only_when_it_refers_back() -> None:
    assert extractive.shown(candidate("Mango needs sun.", then="This means a south wall.")) == (
        "Mango needs sun. This means a south wall.")
    assert extractive.shown(candidate("Mango needs sun.", then="Daardoor groeit hij traag.")) == (
        "Mango needs sun. Daardoor groeit hij traag.")
    assert extractive.shown(candidate("Mango needs sun.", then="Pears ripen late.")) == "Mango needs sun."
    assert extractive.shown(candidate("Mango needs sun.")) == "Mango needs sun."


@pytest.mark.parametrize("then", [
    "Plant it in that case against a wall.", "Snoei hem in die periode niet.", "Pendant cette période, arrosez-le.",
    "Dezelfde regel geldt voor kiwi.", "Cette règle vaut aussi pour le kiwi."])
def test_the_next_sentence_joins_when_it_names_a_time_or_case_by_a_demonstrative(then: str) -> None:
    assert extractive.shown(candidate("Mango needs sun until May.", then=then)) == f"Mango needs sun until May. {then}"


def test_a_demonstrative_that_is_no_back_reference_joins_nothing() -> None:
    assert extractive.shown(candidate("Mango needs sun.", then="Ze weten dat die boom traag groeit.")) == (
        "Mango needs sun.")


@pytest.mark.parametrize(("section", "label"), [
    ("Orchard", "Orchard: "),
    ("Garden notes", ""),  # the title
    ("Which fruits need sun?", ""),  # a FAQ question
    ("Mango", ""),  # the sentence says it
    ("Mango sun", ""),  # every word of it said
    ("Mango orchard", "Mango orchard: "),  # one word of it not said
    ("Kiwi › Pear › Fruit trees", "Fruit trees: "),  # only the innermost heading
    ("Garden notes › Orchard", "Orchard: "),
])
def test_a_bullet_is_labelled_with_its_section_unless_it_goes_without_saying(section: str, label: str) -> None:
    group = [candidate("Mango needs sun.", source(1, section, ""))]
    assert extractive.label(group) == label
    assert extractive.bullets(group) == [f"- {label}Mango needs sun. [1]"]


def test_a_label_counts_the_words_of_every_sentence_of_its_bullet() -> None:
    group = [candidate("Kiwi grows fast.", source(1, "Mango orchard", "")),
             candidate("An orchard of mangoes.", source(1, "Mango orchard", ""))]
    assert extractive.label(group) == ""


def test_a_sentence_that_is_an_item_of_a_quoted_list_is_not_quoted_again() -> None:
    group = [candidate("We grow:", items=FRUITS), candidate("Mango needs sun."), candidate("Pears ripen late.")]
    assert [c.text for c in extractive.absorb_list_items(group)] == ["We grow:", "Pears ripen late."]
    assert extractive.bullets(group) == ["- We grow: Kiwi grows fast. Water it daily; Mango needs sun "
                                         "Pears ripen late. [1]"]


def test_a_quote_held_by_another_quote_of_the_bullet_is_dropped() -> None:
    assert extractive.distinct(["Kiwi grows fast.", "Kiwi", "Pears ripen.", "Kiwi grows fast."]) == [
        "Kiwi grows fast.", "Pears ripen."]
    assert extractive.distinct(["Pears ripen.", "Kiwi grows fast."]) == ["Pears ripen.", "Kiwi grows fast."]


def test_a_sentence_inside_another_is_a_near_duplicate_either_way() -> None:
    assert extractive.near_duplicate("grows fast", "Kiwi grows fast.")
    assert extractive.near_duplicate("Kiwi grows fast.", "grows fast")
    assert not extractive.near_duplicate("Kiwi grows fast.", "Mango needs sun.")


def test_select_keeps_one_copy_of_a_repeated_sentence() -> None:
    long_section = source(1, "Orchard", "", doc_id="long")
    found = [candidate(text, long_section, score=score) for text, score in [
        ("Kiwi grows fast in spring.", 4.0), ("Kiwi grows fast", 3.0), ("Mango needs sun.", 2.5),
        ("Pears ripen late.", 2.2), ("Plums fall early.", 0.1)]]
    assert [c.text for c in extractive.select(found)] == [
        "Kiwi grows fast in spring.", "Mango needs sun.", "Pears ripen late."]


def chunk(rank: int, *texts_and_scores: tuple[str, float], section: str = TITLE) -> list[Candidate]:
    """The candidates of one chunk, with the given scores."""
    of = source(rank, section, " ".join(text for text, _ in texts_and_scores))
    return [candidate(text, of, score=score) for text, score in texts_and_scores]


FILLERS = (("Plums fall early.", 0.0), ("Apples keep well.", 0.0), ("Figs like walls.", 0.0), ("Dates dry well.", 0.0))


def test_select_keeps_a_sentence_at_exactly_half_the_best_score() -> None:
    found = chunk(1, ("Kiwi grows fast.", 4.0), ("Mango needs sun.", 2.0), ("Pears ripen late.", 1.99), *FILLERS)
    assert [c.text for c in extractive.select(found)] == ["Kiwi grows fast.", "Mango needs sun."]
    assert extractive.select(chunk(1, ("Kiwi grows fast.", 0.5), *FILLERS)) == []


def test_select_quotes_no_sentence_that_asks_unless_it_introduces_a_list() -> None:
    found = chunk(1, ("Looking for kiwis?", 5.0), ("Kiwi grows fast.", 4.0), ("Which fruit do we sell?", 4.5),
                  *FILLERS)
    assert [c.text for c in extractive.select(found)] == ["Kiwi grows fast."]
    found[2].items = FRUITS
    assert [c.text for c in extractive.select(found)] == ["Kiwi grows fast.", "Which fruit do we sell?"]


def test_select_quotes_one_whole_list_the_best_scored_one() -> None:
    first, second, *rest = chunk(1, ("We grow:", 4.0), ("We sell:", 3.0), *FILLERS)
    first.items, second.items = FRUITS, ("Jam.", "Juice.")
    assert [(c.text, c.items) for c in extractive.select([first, second, *rest])] == [
        ("We grow:", FRUITS), ("We sell:", ())]


def test_select_orders_sentences_as_first_read_in_their_chunk() -> None:
    of = source(1, TITLE, "Water it daily. Kiwi grows fast. Water it daily. Plums fall early.")
    found = [candidate(text, of, score=score) for text, score in [
        ("Kiwi grows fast.", 4.0), ("Water it daily.", 3.0), ("Plums fall early.", 0.0), *FILLERS[1:]]]
    assert [c.text for c in extractive.select(found)] == ["Water it daily.", "Kiwi grows fast."]


@pytest.mark.parametrize(("fillers", "whole"), [(3, True), (4, False)])
def test_a_short_section_of_up_to_four_sentences_is_quoted_whole(fillers: int, whole: bool) -> None:
    found = chunk(1, ("Kiwi grows fast.", 4.0), *FILLERS[:fillers])
    chosen = [c.text for c in extractive.select(found)]
    assert chosen == ([c.text for c in found] if whole else ["Kiwi grows fast."])


@pytest.mark.parametrize(("length", "whole"), [(600, True), (601, False)])
def test_a_short_section_of_up_to_600_characters_is_quoted_whole(length: int, whole: bool) -> None:
    long = "Mango needs sun" + "." * (length - len("Kiwi grows fast.") - len("Mango needs sun"))
    found = chunk(1, ("Kiwi grows fast.", 4.0), (long, 0.0))
    assert [c.text for c in extractive.select(found)] == (["Kiwi grows fast.", long] if whole else ["Kiwi grows fast."])


def test_retrievals_best_chunk_adds_nothing_below_the_bar() -> None:
    top = chunk(1, ("We grow:", 1.9), section="Orchard")
    found = [*chunk(2, ("Kiwi grows fast.", 4.0), ("Mango needs sun.", 3.0), *FILLERS), *top]
    assert [(c.text, c.source.rank) for c in extractive.select(found)] == [
        ("Kiwi grows fast.", 2), ("Mango needs sun.", 2)]


def test_without_retrievals_best_chunk_the_chosen_sentences_stand() -> None:
    found = chunk(2, ("Kiwi grows fast.", 4.0), *FILLERS) + chunk(3, ("Mango needs sun.", 3.9), *FILLERS)
    assert [(c.text, c.source.rank) for c in extractive.select(found)] == [
        ("Kiwi grows fast.", 2), ("Mango needs sun.", 3)]


# How a chunk's sentences become candidates


def test_each_sentence_knows_its_list_its_item_and_the_next_sentence() -> None:
    found = extractive.candidates([source(1, "Orchard", ORCHARD)], QuestionTerms.of("Which kiwi grows?"))
    assert wiring(found) == [
        ("Plain one.", (), "", "Plain two."),
        ("Plain two.", (), "", ""),  # the next one introduces a list
        ("We grow these fruits:", FRUITS, "", ""),
        ("Kiwi grows fast.", (), FRUITS[0], ""),
        ("Water it daily.", (), FRUITS[0], ""),
        ("Mango needs sun.", (), FRUITS[1], ""),
        ("This ends the list.", (), "", "That was all."),
        ("That was all.", (), "", ""),
    ]


def test_a_list_under_a_heading_named_in_the_question_comes_whole_with_each_item() -> None:
    terms = QuestionTerms.of("Which fruit?")
    found = extractive.candidates([source(1, "Orchard › Fruit trees", ORCHARD)], terms)
    assert [(c.text, c.items) for c in found][2:6] == [
        ("We grow these fruits:", FRUITS), ("Kiwi grows fast.", FRUITS), ("Water it daily.", FRUITS),
        ("Mango needs sun.", FRUITS)]
    assert found[0].heading == {"garden", "gar", "note", "orchard", "fruit", "tree", "trees"}


def test_only_the_innermost_heading_makes_a_list_whole() -> None:
    found = extractive.candidates([source(1, "Fruit › Orchard", ORCHARD)], QuestionTerms.of("Which fruit?"))
    assert [(c.text, c.items) for c in found][2:4] == [("We grow these fruits:", FRUITS), ("Kiwi grows fast.", ())]


def test_a_sentence_repeated_by_an_overlapping_chunk_is_a_candidate_once_from_the_first() -> None:
    first = source(1, "Orchard", "Kiwi grows fast. Mango needs sun.")
    second = source(2, "Orchard", "Mango needs sun. Pears ripen late.")
    found = extractive.candidates([first, second], QuestionTerms.of("Which kiwi grows?"))
    assert [(c.text, c.source.rank) for c in found] == [
        ("Kiwi grows fast.", 1), ("Mango needs sun.", 1), ("Pears ripen late.", 2)]


def test_an_amount_question_adds_the_figure_bonus_before_the_length_penalty() -> None:
    terms = QuestionTerms.of("How much water does a mango want?")
    body = "A mango wants water and 20 litres. Mango needs sun."
    states_figure = extractive.ExtractiveAnswerer().figure_wanted("How much water does a mango want?")
    plain, figures = (extractive.candidates([source(1, "Orchard", body)], terms, wants)
                      for wants in (None, states_figure))
    penalty = math.log(2 + len(plain[0].stems)) / math.log(12)
    assert figures[0].score - plain[0].score == pytest.approx(1.0 / penalty)
    assert figures[0].lexical == figures[0].score
    assert figures[1].score == plain[1].score  # no figure in it


def test_the_question_asking_an_amount_picks_the_sentence_with_the_figure() -> None:
    body = ("A mango tree wants water, sun and shelter. Give it 20 litres of water. Pears ripen late. "
            "Plums fall early. Apples keep well.")
    orchard = [source(1, TITLE, body)]
    asked = ExtractiveAnswerer().compose("How much water does a mango tree want?", "en", orchard)
    plain = ExtractiveAnswerer().compose("Does a mango tree want water?", "en", orchard)
    assert asked.confident and plain.confident and asked.sources == orchard
    assert asked.text == ("From the knowledge base:\n"
                          "- A mango tree wants water, sun and shelter. Give it 20 litres of water. [1]")
    assert plain.text == "From the knowledge base:\n- A mango tree wants water, sun and shelter. [1]"


def test_the_model_judges_the_sentences_against_the_question_asked() -> None:
    question = "Which pizza should I order tonight?"  # no word shared: the model and the close section decide
    body = "Kiwi grows fast. Mango needs sun. Pears ripen late. Plums fall early. Apples keep well."
    orchard = [source(1, TITLE, body, similarity=0.95)]
    answerer = ExtractiveAnswerer(model({"Pears ripen late.": 0.9}, asked=question), evidence=EVIDENCE)
    assert answerer.compose(question, "en", orchard).text == "From the knowledge base:\n- Pears ripen late. [1]"
    assert not answerer.compose("Which pasta should I order tonight?", "en", orchard).confident


def test_the_model_counts_four_times_as_much_for_a_source_in_the_other_language() -> None:
    question = "Which mango needs sun?"
    body = "Mango needs sun. Kiwi grows fast. Pears ripen late. Plums fall early. Apples keep well."
    meaning = model({"Kiwi grows fast.": 0.9}, asked=question)
    english, dutch = source(1, TITLE, body), source(1, TITLE, body, language="nl")
    assert ExtractiveAnswerer(meaning).compose(question, "en", [english]).text == (
        "From the knowledge base:\n- Mango needs sun. [1]")
    assert ExtractiveAnswerer(meaning).compose(question, "en", [dutch]).text == (
        "From the knowledge base:\n- Mango needs sun. Kiwi grows fast. [1]")


def test_a_section_heading_about_the_question_asked_is_enough() -> None:
    question = "Which pizza should I order tonight?"
    body = "Kiwi grows fast. Mango needs sun. Pears ripen late. Plums fall early. Apples keep well."
    orchard = [source(1, "Orchard", body, similarity=0.80)]
    answerer = ExtractiveAnswerer(model({"Pears ripen late.": 0.9, "Orchard": 0.87}, asked=question),
                                  evidence=EVIDENCE)
    assert answerer.compose(question, "en", orchard).text == (
        "From the knowledge base:\n- Orchard: Pears ripen late. [1]")


# Weights


def test_a_question_word_weighs_by_how_few_candidates_hold_it() -> None:
    terms = QuestionTerms.of("mango kiwi plum")
    found = [candidate("Mango needs sun."), candidate("Mango and kiwi."), candidate("Pears ripen late.")]
    assert extractive.word_weights(terms, found) == pytest.approx(
        [math.log(1 + 3 / 3), math.log(1 + 3 / 2), math.log(1 + 3 / 1)])


def test_a_stem_weighs_by_how_few_candidates_hold_it_and_one_in_none_weighs_most() -> None:
    weights = extractive.rarity([candidate("Mango needs sun."), candidate("Mango grows."), candidate("Kiwi.")])
    assert (weights["mango"], weights["sun"], weights["kiwi"]) == pytest.approx(
        (math.log(1 + 3 / 2), math.log(1 + 3 / 1), math.log(1 + 3 / 1)))
    assert weights["orchard"] == pytest.approx(math.log(1 + 3))
    assert extractive.rarity([])["orchard"] == pytest.approx(math.log(2))


def test_a_word_counts_fully_in_the_sentence_half_in_its_heading_and_a_translation_half_of_that() -> None:
    terms = QuestionTerms.of("mango kiwi pension plum")  # "pensioen" translates "pension"
    weights = defaultdict(lambda: 1.0, {"mango": 2.0})
    penalty = math.log(2 + 1) / math.log(12)  # one stem in the sentence
    def scored(stems: set[str], heading: set[str]) -> float:
        return extractive.score(Candidate(SOURCE, "", 0.0, stems, heading), terms, weights)
    assert scored({"mango"}, {"kiwi", "pensioen"}) == pytest.approx((2.0 + 0.5 * 1.0 + 0.25 * 1.0) / penalty)
    assert scored({"pensioen"}, {"mango"}) == pytest.approx((0.5 * 1.0 + 0.5 * 2.0) / penalty)
    assert scored({"sun"}, {"mango", "kiwi"}) == 0.0  # the heading alone makes no sentence relevant


def test_the_model_and_the_sources_standing_are_added_on_their_scales() -> None:
    english, dutch = source(1, "Orchard", "", score=0.8), source(2, "Boomgaard", "", score=0.4, language="nl")
    unscored = source(4, "Orchard", "", score=0.0)
    found = [candidate("a", english, similarity=1.0, lexical=2.0), candidate("b", dutch, similarity=0.95, lexical=1.0),
             candidate("c", unscored, similarity=0.9, lexical=0.5), candidate("d", english, similarity=0.8),
             candidate("e", dutch, similarity=0.7, lexical=4.0)]
    extractive.add_meaning(found, "en")
    # lexical / 4; cosines above the median (0.9) over the spread; standing: score, else 1/rank, over the best (0.8)
    assert [c.score for c in found] == pytest.approx([
        4 * 0.5 + 1 * 1.0 + 0.5 * 1.0,
        4 * 0.25 + 4 * 0.5 + 0.5 * 0.5,
        4 * 0.125 + 0 + 0.5 * 0.3125,
        0 + 0 + 0.5 * 1.0,
        4 * 1.0 + 0 + 0.5 * 0.5])


def test_no_candidates_get_no_meaning() -> None:
    found: list[Candidate] = []
    extractive.add_meaning(found, "en")
    assert found == []


def test_half_the_question_covered_is_enough() -> None:
    terms = QuestionTerms.of("mango kiwi")
    found = [candidate("Mango needs sun."), candidate("Kiwi grows fast.")]
    assert extractive.covered(terms, stems("Mango needs sun."), found)
    assert not extractive.covered(terms, stems("Pears ripen late."), found)


def test_a_word_no_candidate_holds_weighs_most_in_coverage() -> None:
    terms = QuestionTerms.of("mango smartphone")  # half the words said, but not the rare one
    found = [candidate("Mango needs sun."), candidate("Mango grows slowly.")]
    assert terms.coverage(stems("Mango needs sun.")) == 0.5
    weights = extractive.word_weights(terms, found)
    assert weights == pytest.approx([math.log(1 + 2 / 3), math.log(1 + 2 / 1)])
    assert terms.coverage(stems("Mango needs sun."), weights) == pytest.approx(weights[0] / sum(weights))
    assert not extractive.covered(terms, stems("Mango needs sun."), found)


def test_coverage_counts_each_word_by_its_weight_and_its_translations() -> None:
    terms = QuestionTerms.of("mango kiwi plum")
    assert terms.coverage({"mango", "kiwi"}) == pytest.approx(2 / 3)
    assert terms.coverage({"mango"}, [3.0, 1.0, 4.0]) == pytest.approx(3 / 8)
    assert QuestionTerms.of("pension").coverage({"pensioen"}) == 1.0


def test_coverage_of_no_words_or_no_weight_is_zero() -> None:
    assert QuestionTerms([]).coverage({"mango"}) == 0.0
    assert QuestionTerms([]).coverage({"mango"}, [1.0]) == 0.0
    assert QuestionTerms.of("mango kiwi").coverage({"mango"}, [0.0, 0.0]) == 0.0


def test_a_glossary_term_holding_the_question_word_adds_no_translation() -> None:
    assert extractive.translation_stems("pension plan", frozenset({"pension"})) == []
    assert extractive.translation_stems("pension plan", frozenset({"pensioen"})) == ["pension", "plan"]
    assert extractive.translation_stems("pension", frozenset({"pension"})) == ["pension"]


def test_a_hyphenated_glossary_term_counts_whole() -> None:
    assert extractive.translation_stems("self-employed", frozenset({"freelanc"})) == ["selfemployed", "selfemploy"]


def test_a_long_question_stem_at_either_end_of_a_word_counts_as_present() -> None:
    terms = QuestionTerms.of("Which pension for a mango?")  # "pensioen" is a glossary translation of "pension"
    assert extractive.with_compounds({"pensioenfond", "mangoboom", "suikermango", "compens"}, terms) == {
        "pensioenfond", "mangoboom", "suikermango", "compens", "pensioen", "mango"}
    assert extractive.with_compounds({"kiwiboom"}, QuestionTerms.of("kiwi")) == {"kiwiboom"}  # too short a stem


def test_a_compound_in_the_question_counts_when_the_sentence_names_its_head() -> None:
    terms = QuestionTerms.of("Wat is een proefopdracht?")
    assert "proefopdracht" in extractive.with_compounds({"opdracht", "klant"}, terms)
    assert "proefopdracht" not in extractive.with_compounds({"proef"}, terms)  # the head says what it is, not the rest


def test_a_word_spelt_with_other_vowels_in_the_other_language_counts_as_the_same_word() -> None:
    terms = QuestionTerms.of("What does the profile say about the contract?")
    said = extractive.with_compounds({"jobprofiel", "contact"}, terms)
    assert "profil" in said  # "profiel", here as the head of a compound
    assert not {"contract", "contr"} & said  # another word with the same vowels left out is not the same word


# the thresholds as exact binary fractions, so that a lead or a closeness can sit exactly on one
EXACT = Evidence(section_named=1.0, section_named_translated=1.0, stands_out=0.25, section_alone=1.0,
                 section_with_words=1.0, section_with_all_words=0.5)


@pytest.mark.parametrize("closeness", [(0.75, 0.5), (0.5, 0.25)])
def test_a_section_leading_by_exactly_the_margin_and_close_enough_is_enough(closeness: tuple) -> None:
    sources = [source(1, TITLE, "Kiwi grows fast.", similarity=closeness[0]),
               source(2, TITLE, "Mango needs sun.", similarity=closeness[1])]
    found = [candidate("Kiwi grows fast.", sources[0]), candidate("Mango needs sun.", sources[1])]
    terms = QuestionTerms.of("Which pizza?")
    assert extractive.confident(terms, found[:1], found, sources, lambda: [0.0], EXACT)


def test_three_quarters_of_the_question_said_is_all_its_words() -> None:
    first, second = source(1, "Orchard", "", similarity=0.5), source(2, "Shed", "", similarity=0.5)
    found = [candidate("Mango kiwi.", first), candidate("Pears ripen.", first), candidate("Plums fall.", second)]
    terms = QuestionTerms.of("mango kiwi pear plum")  # each word in one candidate: equal weights
    assert extractive.confident(terms, found[:1], found, [first, second], lambda: [0.0], EXACT)


# Evidence needs the model


def test_evidence_without_a_model_leaves_the_shared_words_to_decide() -> None:
    close = [source(1, TITLE, "Kiwi grows fast. Mango needs sun. Pears ripen late.", similarity=0.95)]
    question = "Which pizza toppings suit a mango?"  # one word of four shared: not covered
    without_model = ExtractiveAnswerer(meaning=None, evidence=EVIDENCE)
    assert without_model.evidence is None
    assert not without_model.compose(question, "en", close).confident
    with_model = ExtractiveAnswerer(meaning=model({}), evidence=EVIDENCE)  # the section is close enough on its own
    assert with_model.evidence is EVIDENCE
    assert with_model.compose(question, "en", close).text == (
        "From the knowledge base:\n- Kiwi grows fast. Mango needs sun. Pears ripen late. [1]")
