"""Posts, reported speech and entity labels, round 3 of issue 13 (graph/extract_posts.py,
graph/extract_reported.py), each on sentences written here (invented people and bodies, never an article's
text), so a failure names the construction that broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str, published: dt.date | None = dt.date(2024, 5, 10)) -> Extraction:
    return extractor.extract(Article("doc-posts", text, "<test>", {}), published)


def label(extraction: Extraction, entity: str) -> str:
    new = extraction.new_entities.get(entity)
    return new["label"] if new else next(m.label for m in extraction.mentions if m.entity == entity)


def kind(extraction: Extraction, entity: str) -> str:
    return extraction.new_entities.get(entity, {}).get("type", "")


def related(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    """(subject, object) of each relation with the predicate: events by their kind, the rest by label."""
    events = ("Remark", "OfficialStatement", "Post", "PostTenure", "Quotation")

    def name(entity: str) -> str:
        return kind(extraction, entity) if kind(extraction, entity) in events else label(extraction, entity)

    return {(name(r.subject), name(o)) for r in extraction.relations if r.predicate == predicate for o in r.objects}


def speakers(extraction: Extraction) -> set[str]:
    return {o for s, o in related(extraction, "speaker") if s in ("Remark", "OfficialStatement")}


def test_an_undated_article_still_attests_the_tenure(extractor):
    text = "Foreign Minister Ana Ruiz said on Tuesday that the talks would go on."
    undated = read(extractor, text, None)
    assert ("PostTenure", "Ana Ruiz") in related(undated, "holder")
    assert ("PostTenure", "Post") in related(undated, "tenurePost")
    tenure = next(r.subject for r in undated.relations if r.predicate == "holder")
    assert tenure not in undated.dates  # no date is invented for it
    dated = read(extractor, text)
    assert dated.dates[next(r.subject for r in dated.relations if r.predicate == "holder")][0]["value"] == "2024-05-10"


def test_a_surname_right_after_a_title_of_office_is_a_person_with_that_post(extractor):
    out = read(extractor, "President Lopez spoke to Chancellor Karlsson by phone on Tuesday. Lopez said the call went well.")
    people = {label(out, m.entity) for m in out.mentions if m.kind == "Person"}
    assert {"Lopez", "Karlsson"} <= people
    assert {("Lopez", "Post"), ("Karlsson", "Post")} <= related(out, "holdsPost")
    assert "Lopez" in speakers(out)  # the later lone surname is the same person
    # a title before a body's or a law's word, or before a full name, makes no one-word person
    other = read(extractor, "Secretary General Ana Ruiz met President Karl Berg and the Minister Council.")
    assert not {label(other, m.entity) for m in other.mentions if m.kind == "Person"} & {"General", "Council", "Karl"}


def test_a_generic_body_named_with_its_states_possessive_keeps_the_state_in_its_label(extractor):
    out = read(extractor, "Norway's Foreign Ministry said in a statement that the hackers worked for a foreign state.")
    assert "Norway's Foreign Ministry" in speakers(out)
    lower = read(extractor, "A report from Norway's space agency said in October that the reservoirs were low.")
    assert "space agency" in {label(lower, m.entity) for m in lower.mentions if m.kind == "Organisation"}  # a description
    # a body's own name of three words or more stays as it is
    named = read(extractor, "Norway's National Research Council said its networks were breached.")
    assert "National Research Council" in {label(named, m.entity) for m in named.mentions if m.kind == "Organisation"}


def test_every_conjunct_of_the_speakers_phrase_speaks(extractor):
    out = read(extractor, "Norway and Sweden said on Monday that the attack came from abroad.")
    assert speakers(out) == {"Norway", "Sweden"}
    listed = read(extractor, "Norway, the EU, NATO and Sweden issued statements on the attack.")
    assert speakers(listed) == {"Norway", "EU", "NATO", "Sweden"}
    according = read(extractor, "The attack was carried out by a foreign group, according to Norway, Sweden and Denmark.")
    assert speakers(according) == {"Norway", "Sweden", "Denmark"}


def test_the_speakers_own_description_and_a_letters_addressee_do_not_speak(extractor):
    unnamed = read(extractor, "A Norwegian Central Bank spokesman said the money was recovered.")
    assert all("Central Bank" not in s or "spokesman" in s for s in speakers(unnamed))
    letter = read(
        extractor,
        "In a letter to the Acme Trade Council, Ana Ruiz, general counsel of the Vela Institute, "
        "says the data can only be used for six purposes.",
    )
    assert "Acme Trade Council" not in speakers(letter)
    media = read(extractor, "The attack came from abroad, according to Norwegian media.")
    assert "Norway" not in speakers(media)  # a demonym modifying the source is not the state speaking


def test_the_country_of_an_ambiguous_name_is_the_state(extractor):
    out = read(
        extractor,
        "Hackers knocked out websites in the country of Georgia last year. Georgia's government "
        "said the attack came from abroad.",
    )
    assert "Georgia" in {label(out, m.entity) for m in out.mentions if m.kind == "State"}
    state = read(extractor, "Hackers knocked out websites in the state of Georgia last year.")
    assert "Georgia" not in {label(state, m.entity) for m in state.mentions if m.kind == "State"}


def test_one_official_told_an_outlet_is_the_official_published_there(extractor):
    out = read(extractor, '"We know exactly who did this and why they did it," said one official to the Vela Times.')
    assert speakers(out) == {"official"}  # not "one official to the Vela Times"
    assert ("Remark", "Vela Times") in related(out, "publishedIn")
    envoy = read(extractor, "The Norwegian ambassador to Oslo was summoned on Monday and said nothing.")
    assert "Norwegian ambassador" in {label(envoy, m.entity) for m in envoy.mentions if m.kind == "Person"}


def test_an_outlet_relays_the_speaker_of_the_clause_it_reports(extractor):
    denied = read(extractor, "Finland's Foreign Ministry denied any involvement, Xinhua said.")
    assert speakers(denied) == {"Finland's Foreign Ministry"}
    assert ("Remark", "Xinhua News Agency") in related(denied, "publishedIn")
    reported = read(extractor, "Bloomberg reported that Finnish authorities denied the attacks.")
    assert speakers(reported) == {"Finland"}
    believes = read(extractor, "Norway believes that Russia was behind the attack on the bank, the New York Times reports.")
    assert "Norway" in speakers(believes) and "The New York Times" not in speakers(believes)
    # an outlet reporting on its own speaks; anyone else "reporting to" a body does not
    own = read(extractor, "The Wall Street Journal reported the deal on Monday.")
    assert speakers(own) == {"The Wall Street Journal"}
    body = read(extractor, "Ana Ruiz, the bloc's commissioner for justice, reports to the Vela Parliament on Monday.")
    assert not speakers(body)


def test_a_sentence_that_makes_a_claim_is_also_a_statement(extractor):
    out = read(extractor, "Norway's intelligence chief Ana Ruiz said on Monday that Russia was behind the attack.")
    assert "Ana Ruiz" in speakers(out)
    assert "Russia" in {label(out, o) for r in out.relations if r.predicate == "attributedTo" for o in r.objects}


def test_the_outlet_in_a_relative_clause_does_not_speak_the_quote(extractor):
    out = read(
        extractor,
        '"This is something they would never have discussed a few years ago," an unnamed official '
        "told the Vela Times, which first reported the agreement.",
    )
    assert speakers(out) == {"unnamed official"}
    assert ("Quotation", "unnamed official") in related(out, "speaker")


def test_who_denies_states_it(extractor):
    out = read(
        extractor,
        "The Russian Embassy in Oslo denied any involvement in the attacks, saying that the issue "
        "was being used to divert attention.",
    )
    assert speakers(out) == {"Russian Embassy in Oslo"}  # the embassy, named with its city, not Russia
    assert kind(out, next(m.entity for m in out.mentions if m.label == "Russian Embassy in Oslo")) == "Embassy"
    state = read(extractor, "Pyongyang has denied that its hackers were involved in the hack.")
    assert speakers(state) == {"North Korea"}
    assert not speakers(read(extractor, "The group did not deny that it carried out the attack."))
    assert not speakers(read(extractor, "Pyongyang has denied involvement in the hack."))  # the denial, nothing stated


def test_a_picture_credit_names_its_photographer_and_agencies(extractor):
    out = read(
        extractor,
        "People walk by the lake in Oslo, Norway, Nov. 5, 2020 (Vela Photo/Ana Ruiz)\n\nThe ministry said the dam was fine.",
    )
    people = {label(out, m.entity) for m in out.mentions if m.kind == "Person"}
    bodies = {label(out, m.entity) for m in out.mentions if m.kind == "Organisation"}
    assert "Ana Ruiz" in people and "Vela" in bodies
    slashed = read(extractor, "A thorn in the side. Photo: Karl Berg/Norvik/Getty Images\n\nThe ministry said so.")
    assert "Karl Berg" in {label(slashed, m.entity) for m in slashed.mentions if m.kind == "Person"}
    assert {"Norvik", "Getty Images"} <= {label(slashed, m.entity) for m in slashed.mentions if m.kind == "Organisation"}


def test_a_name_before_an_outlet_noun_is_a_news_organisation(extractor):
    out = read(extractor, "The Norvik news site also reported that Finnish authorities denied the attacks.")
    assert speakers(out) == {"Finland"}
    assert ("Remark", "Norvik") in related(out, "publishedIn")
    tv = read(extractor, "A source said the group would not be handed over, REN TV reported. A TV broadcaster filmed it.")
    bodies = {label(tv, m.entity) for m in tv.mentions if m.kind == "Organisation"}
    assert "REN TV" in bodies and "TV" not in bodies


def test_the_field_of_a_post_is_no_organisation(extractor):
    out = read(extractor, "According to National Security adviser Ana Ruiz, the call went well.")
    assert not {label(out, m.entity) for m in out.mentions if m.kind == "Organisation"}
    assert ("Ana Ruiz", "Post") in related(out, "holdsPost")
    both = read(extractor, "The Secretaries of Homeland Security and Commerce met on Monday.")
    assert not {label(both, m.entity) for m in both.mentions if m.kind == "Organisation"}


def test_a_company_title_before_a_name_is_a_post_in_the_body_named_before_it(extractor):
    out = read(
        extractor,
        "Hackers broke into the systems of credit agency Acmefax in 2017. Acmefax responds: Acmefax "
        "CEO Ana Ruiz said in a statement on Monday that the company was grateful.",
    )
    assert ("Ana Ruiz", "Post") in related(out, "holdsPost")
    assert ("Post", "Acmefax") in related(out, "postIn")  # the later "Acmefax" is the agency named first


def test_it_said_is_the_body_that_opened_the_sentence_before(extractor):
    out = read(
        extractor,
        "The Vela Security Centre found that the group was behind the attacks. It said the attack was the first of its kind.",
    )
    assert speakers(out) == {"Vela Security Centre"}
    person = read(extractor, "Ana Ruiz met the Vela Security Centre on Monday. It said the attack was serious.")
    assert "Vela Security Centre" not in speakers(person)  # the sentence before opened with a person


def test_an_outlet_reporting_beside_another_speaker_only_publishes(extractor):
    out = read(
        extractor,
        "Oslo will investigate the hack, the energy ministry said Thursday, an event the security "
        "service believes came from abroad, Reuters reports.",
    )
    assert speakers(out) == {"energy ministry"}
    assert ("Remark", "Reuters") in related(out, "publishedIn")


def test_an_unnamed_minister_speaks_as_described(extractor):
    out = read(extractor, "The energy minister said on Thursday that a special commission would investigate.")
    assert speakers(out) == {"energy minister"}
    named = read(extractor, "Energy Minister Ana Ruiz said on Thursday that a commission would investigate.")
    assert speakers(named) == {"Ana Ruiz"}


def test_anonymous_sources_and_texts_name_no_speaker(extractor):
    assert not speakers(read(extractor, "The pact will take effect in July, several EU sources said."))
    assert not speakers(read(extractor, "European Union data protection law says data cannot leave the bloc."))
    assert speakers(read(extractor, "EU officials said the pact would take effect in July.")) == {"EU"}


def test_a_title_the_copula_gives_is_a_post(extractor):
    out = read(extractor, "Karl Berg, who is the director of the Vela Institute, said the data was safe.")
    assert ("Karl Berg", "Post") in related(out, "holdsPost")
    assert ("Post", "Vela Institute") in related(out, "postIn")
    former = read(extractor, "Karl Berg, who was the director of the Vela Institute, said the data was safe.")
    assert not related(former, "holdsPost")  # perhaps no longer in post


def test_a_party_nominee_set_beside_a_name_holds_that_post(extractor):
    out = read(
        extractor,
        "Officials are educating the campaigns of Lopez, the presumptive Vela Party nominee, and "
        "Karl Berg, the likely Norvik Party nominee.",
    )
    assert ("Karl Berg", "Post") in related(out, "holdsPost")
    assert ("Post", "Norvik Party") in related(out, "postIn")


def test_an_unnamed_office_holder_holds_the_office_of_the_state_named(extractor):
    out = read(extractor, "The Norwegian ambassador said on Monday that the talks would resume.")
    assert ("Norwegian ambassador", "Post") in related(out, "holdsPost")
    assert ("Post", "Norway") in related(out, "postIn")
    minister = read(extractor, "The energy minister said on Thursday that a special commission would investigate.")
    assert ("energy minister", "Post") in related(minister, "holdsPost")
    assert not related(minister, "postIn")  # whose minister the sentence does not say
    official = read(extractor, "A senior Norwegian official said on Monday that the talks would resume.")
    assert not related(official, "holdsPost")  # an official names no office


def test_a_bodys_unnamed_spokesman_holds_a_post_in_it(extractor):
    out = read(
        extractor,
        'Asked about the report, a Norvik Bank spokesman said: "We have engaged forensic experts to look into it."',
    )
    assert ("Norvik Bank spokesman", "Post") in related(out, "holdsPost")
    assert ("Post", "Norvik Bank") in related(out, "postIn")
    role = read(extractor, "A spokeswoman for the Norvik Agency said the systems had been restored on Monday.")
    assert not related(role, "holdsPost")  # "a spokeswoman for …" names a role, not an office


def test_a_states_mission_to_a_body_is_a_body_with_posts(extractor):
    out = read(extractor, "Karl Berg, spokesman for Norway’s mission to the United Nations in New York, denied the attack.")
    assert ("Post", "Norway’s mission to the United Nations") in related(out, "postIn")
    assert "United Nations" in {label(out, m.entity) for m in out.mentions if m.kind == "Organisation"}


def test_who_runs_a_body_heads_it(extractor):
    out = read(extractor, "Karl Berg, who runs the Vela Institute, said the data was safe.")
    assert ("Karl Berg", "Post") in related(out, "holdsPost")
    assert ("Post", "Vela Institute") in related(out, "postIn")
    former = read(extractor, "Karl Berg, who ran the Vela Institute until May, said the data was safe.")
    assert not related(former, "holdsPost")


def test_a_post_in_a_long_name_is_in_the_whole_body(extractor):
    out = read(
        extractor,
        "Karl Berg, chairman of the Chamber of Deputies Permanent Select Committee on Security, said the breach was grave.",
    )
    assert ("Post", "Chamber of Deputies Permanent Select Committee on Security") in related(out, "postIn")
