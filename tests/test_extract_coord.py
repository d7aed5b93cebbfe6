"""Coordinated arguments (rule coord.conj, graph.extract_coord): the names listed with a role's name take the same
role, one construction and one exclusion per test, on sentences written here (invented names where the rule does
not need a known one). Assertions are on the extraction's facts, whichever rule made them, so a rule that later
reads a list itself keeps these green; the exclusions also check coord.conj added nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor
from spacy.tokens import Doc

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.extract_coord import ROLES, _listed, conjoined, coordination
from cyberkg.graph.extract_model import pipeline
from cyberkg.graph.extract_rules import RULES
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-coord", text, "<test>", {}), dt.date(2024, 5, 10))


def objects(out: Extraction, predicate: str, rule: str | None = None) -> set[str]:
    """The labels of the objects of every fact with that predicate (and rule)."""

    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {label(o) for r in out.relations if r.predicate == predicate and (rule is None or r.rule == rule) for o in r.objects}


def coordinated(out: Extraction) -> list[tuple[str, list[str]]]:
    return [(r.predicate, r.objects) for r in out.relations if r.rule == "coord.conj"]


def test_the_rule_is_registered_for_every_role_it_reads():
    assert set(RULES["coord.conj"].writes) == set(ROLES)
    assert RULES["coord.conj"].module == "extract_coord"


# --- one construction per role ---------------------------------------------------------------------------------


def test_claimants_listed_with_one_the_parse_split_as_an_apposition(extractor):
    out = read(
        extractor, "The United States, the European Union, NATO, Britain, Australia and Japan blamed Peru for the hack on Monday."
    )
    assert {"United States", "European Union", "NATO", "United Kingdom", "Australia", "Japan"} <= objects(out, "claimant")
    assert "Peru" not in objects(out, "claimant")
    claim = next(r for r in out.relations if r.predicate == "claimant" and r.rule != "coord.conj")
    added = [r for r in out.relations if r.rule == "coord.conj"]
    assert all(r.subject == claim.subject and r.confidence < claim.confidence for r in added)


def test_blamed_as_well_as_another(extractor):
    out = read(extractor, "The ministry accused hackers from Chile as well as Peru of the intrusion into its network.")
    assert {"Chile", "Peru"} <= objects(out, "attributedTo")


def test_victims_as_well_as_another(extractor):
    out = read(extractor, "Hackers attacked Acme Corp as well as Globex Bank last year.")
    assert {"Acme Corp", "Globex Bank"} <= objects(out, "victim")


def test_participants_before_as_well_as(extractor):
    out = read(extractor, "Officials from Brazil as well as Chile and Peru met in Lima on Tuesday.")
    assert {"Brazil", "Chile", "Peru"} <= objects(out, "participant")


def test_targets_as_well_as_another(extractor):
    out = read(extractor, "Brazil considered sanctions against Chile as well as Peru after the hack.")
    assert {"Chile", "Peru"} <= objects(out, "targets")
    assert "Brazil" not in objects(out, "targets")


def test_party_along_with_another(extractor):
    out = read(extractor, "The European Union, along with NATO, signed an agreement with Japan on cyber security.")
    assert {"European Union", "NATO", "Japan"} <= objects(out, "hasParty")


def test_speaker_along_with_another(extractor):
    out = read(extractor, "Officials from Norway, along with France, said the attack was carried out by Russia.")
    assert {"Norway", "France"} <= objects(out, "speaker")
    assert "Russia" not in objects(out, "speaker")


def test_outlets_told_together(extractor):
    out = read(extractor, "Foreign Minister Ana Ruiz told Reuters and the Associated Press that the network was safe.")
    assert {"Reuters", "Associated Press"} <= objects(out, "publishedIn")
    assert "Ana Ruiz" not in objects(out, "publishedIn")


def test_deniers_listed_before_along_with(extractor):
    out = read(extractor, "Chile and Peru, along with Bolivia, denied the accusation on Monday.")
    assert {"Chile", "Peru", "Bolivia"} <= objects(out, "claimant")


# --- exclusions ------------------------------------------------------------------------------------------------


def test_but_not_takes_a_name_out_of_the_list(extractor):
    out = read(extractor, "Hackers attacked Acme Corp and Globex Bank, but not Initech Bank, last year.")
    assert {"Acme Corp", "Globex Bank"} <= objects(out, "victim")
    assert "Initech Bank" not in objects(out, "victim")


def test_a_name_set_off_by_not_is_excluded(extractor):
    out = read(extractor, "Hackers attacked Acme Corp, not Globex Bank, last year.")
    assert "Globex Bank" not in objects(out, "victim")
    assert not coordinated(out)


def test_a_name_set_off_by_not_is_not_blamed_with_the_one_before(extractor):
    """The parse makes 'Peru' an apposition of 'Chile': the other rules' conjunct walk (extract_parse.expand) stops
    at the 'not' as well."""
    out = read(extractor, "Brazil blamed Chile, not Peru, for the attack on its grid.")
    assert "Chile" in objects(out, "attributedTo")
    assert "Peru" not in objects(out, "attributedTo")


def test_except_excludes_the_name_after_it(extractor):
    out = read(extractor, "The European Union and NATO, except Norway, blamed Peru for the hack.")
    assert {"European Union", "NATO"} <= objects(out, "claimant")
    assert "Norway" not in objects(out, "claimant")


def test_or_is_no_list_of_victims(extractor):
    out = read(extractor, "Hackers attacked Acme Corp and Initech Bank or Globex Bank last year, the police said.")
    assert {"Acme Corp", "Initech Bank"} <= objects(out, "victim")
    assert "Globex Bank" not in objects(out, "victim")


def test_a_conjoined_clause_is_no_list(extractor):
    out = read(extractor, "Hackers attacked Acme Corp, and Globex Bank said its own systems were safe.")
    assert "Acme Corp" in objects(out, "victim")
    assert "Globex Bank" not in objects(out, "victim")


def test_commas_without_and_are_no_list():
    """The parse sometimes joins 'In a note to X, Y, the bank's head, says' as conjuncts X and Y: a list needs its
    'and'. The misparse, as the model gives it, built here on the model's vocabulary."""
    nlp = pipeline()
    words = ["In", "a", "note", "to", "Acme", "Bank", ",", "Ana", "Ruiz", "says", "no", "data", "leaked", "."]
    heads = [9, 2, 0, 2, 5, 3, 5, 8, 5, 9, 11, 12, 9, 9]
    deps = [
        "prep",
        "det",
        "pobj",
        "prep",
        "compound",
        "pobj",
        "punct",
        "compound",
        "conj",
        "ROOT",
        "det",
        "nsubj",
        "ccomp",
        "punct",
    ]
    pos = ["ADP", "DET", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "DET", "NOUN", "VERB", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert [t.text for t in doc[5].conjuncts] == ["Ruiz"]
    assert not _listed(doc[5])
    listed = Doc(
        nlp.vocab, words=["Acme", "and", "Ruiz"], heads=[0, 0, 0], deps=["ROOT", "cc", "conj"], pos=["PROPN", "CCONJ", "PROPN"]
    )
    assert _listed(listed[0])


def test_a_name_with_another_role_of_the_fact_is_not_added(extractor):
    """The one blamed for the incident is not made its victim because the two are listed together."""
    out = read(
        extractor,
        "Hackers attacked Acme Corp as well as Globex Bank, investigators in Peru said, blaming Globex Bank for the hack.",
    )
    assert "Globex Bank" in objects(out, "attributedTo")
    assert "Globex Bank" not in objects(out, "victim")
    assert "Acme Corp" in objects(out, "victim")


def test_a_name_inside_a_quotation_is_not_listed_with_one_outside(extractor):
    out = read(extractor, 'Hackers attacked Acme Corp as well as "Globex Bank and its clients", the police said.')
    assert "Acme Corp" in objects(out, "victim")
    assert not coordinated(out)


def test_a_name_twice_in_the_sentence_is_not_expanded(extractor):
    """Which of the two mentions a rule read is not known: the list 'Chile and Peru' is not the speaker's."""
    out = read(extractor, "Chile and Peru will hold joint cyber drills next month, Chile said on Monday.")
    assert "Chile" in objects(out, "speaker")
    assert "Peru" not in objects(out, "speaker")
    assert {"Chile", "Peru"} <= objects(out, "participant")


# --- the list walk the rules share (coordination): coord.conj, co-speakers, coordinated accusers -----------------

LISTS = [
    "Norway, Sweden and Denmark said the attack came from abroad.",
    "The United States, the European Union, NATO, Britain, Australia and Japan blamed Peru for the hack.",
    "Officials from Chile and Peru and the ministers of Bolivia and Ecuador met in Lima.",
    "Acme, Globex and Initech, as well as Umbrella and Hooli, were hacked.",
]


@pytest.mark.parametrize("text", LISTS)
def test_conjoined_are_the_parses_conjuncts_in_the_texts_order(text):
    """The walk by `conj` links alone finds what spaCy's Token.conjuncts finds, for every word of the sentence."""
    for token in pipeline()(text):
        found = [t.i for t in conjoined(token)]
        assert set(found) == {t.i for t in token.conjuncts}
        assert found == sorted(found)


def test_a_list_split_as_an_apposition_is_one_list_where_the_caller_accepts_the_apposition():
    """'the European Union' parses as an apposition of 'The United States', the rest as its conjuncts."""
    doc = pipeline()(LISTS[1])
    union = next(t for t in doc if t.text == "Union")
    assert union.dep_ == "appos"  # the misparse this is about, as the model gives it
    top, members = coordination(union, lambda t: t.pos_ == "PROPN")
    assert top.text == "States"
    assert [t.text for t in members] == ["States", "Union", "NATO", "Britain", "Australia", "Japan"]
    top, members = coordination(union)  # by the conj links alone
    assert top.text == "Union"
    assert [t.text for t in members] == ["Union", "NATO", "Britain", "Australia", "Japan"]


def test_speakers_listed_with_an_apposition_speak_together(extractor):
    """graph.extract_reported's co-speakers walk the list with `coordination`, accepting named appositions."""
    out = read(extractor, "Chile, the European Union, NATO and Japan said the hack of the ministry was carried out by Peru.")
    assert objects(out, "speaker", "statement.say") == {"Chile", "European Union", "NATO", "Japan"}
    assert "Peru" not in objects(out, "speaker")


def test_accusers_coordinated_with_the_claimant_claim_together(extractor):
    """graph.extract_claim_forms' coordinated accusers are the claimant's conjoined names."""
    out = read(extractor, "Chile, Bolivia and Ecuador blamed Peru for the attack on the ministry.")
    assert objects(out, "claimant", "claim.parse") == {"Chile", "Bolivia", "Ecuador"}
    assert objects(out, "attributedTo") == {"Peru"}
    assert not coordinated(out)
