"""Entities named in the forms round 6 of issue 13 read (graph/extract_orgdesc.py, graph/extract_names.py,
graph/extract.py), each on sentences written here (invented bodies and people, never an article's text)."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction


@pytest.fixture(scope="module")
def extractor():
    return rules_extractor()


def entities(extractor, text: str) -> dict[str, tuple[str, set[str]]]:
    """label -> (type, the text's forms of it)."""
    from cyberkg.graph.reader import Article

    out: Extraction = extractor.extract(Article("doc-forms", text, "<test>", {}), dt.date(2024, 5, 10))
    found: dict[str, tuple[str, set[str]]] = {}
    for m in out.mentions:
        if m.kind not in ("State", "Person", "Organisation"):
            continue
        new = out.new_entities.get(m.entity)
        label, kind = (new["label"], new["type"]) if new else (m.label, m.kind)
        found.setdefault(label, (kind, set()))[1].add(text[m.start : m.end])
    return found


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Norway's security service VELK traced the intrusion to a foreign actor.", "VELK", "GovernmentAgency"),
        ("Investigators hired by Norwegian security firm Korvex Labs found the implant.", "Korvex Labs", "Company"),
        ("Victims included the Norwegian telecom Velacom and two hospitals.", "Velacom", "Company"),
    ],
)
def test_a_name_after_a_states_description_is_the_body(extractor, text, name, kind):
    found = entities(extractor, text)
    assert found[name][0] == kind
    assert not any(label.islower() for label in found)  # the description is no second body


def test_a_later_bare_mention_of_the_described_body_is_the_same_body(extractor):
    text = "Norway's security service VELK traced the attack. A spokeswoman for VELK declined to comment. VELK said more."
    assert entities(extractor, text)["VELK"][1] == {"VELK"}


def test_a_person_after_a_description_is_no_company(extractor):
    text = "The files were leaked by Norwegian intelligence contractor Marek Dolan in 2019, officials said."
    assert "Marek Dolan" not in {label for label, (kind, _) in entities(extractor, text).items() if kind != "Person"}


def test_the_x_office_is_the_office_of_the_x(extractor):
    text = (
        "The government set up the Office of the Vela Data Commission last year. "
        "Besides the Vela Data Commission office, a team monitors the systems."
    )
    found = entities(extractor, text)
    assert "Vela Data Commission" not in found
    assert found["Office of the Vela Data Commission"][1] == {"Office of the Vela Data Commission", "Vela Data Commission office"}


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Chile is the first country in Latin America to adopt such a law, Ana Ruiz said.", "United States"),
        ("Brazil and its partners in South America signed the pact.", "United States"),
        ("The treaty builds on the Budapest Convention, officials in Norway said.", "Hungary"),
        ("The ministers recalled the Paris Agreement on Monday.", "France"),
    ],
)
def test_a_region_or_a_document_named_after_a_capital_is_no_state(extractor, text, state):
    assert state not in entities(extractor, text)


def test_a_place_after_district_of_is_no_person(extractor):
    text = "The plant in the district of Vela Nadu was hit, the operator Korvex Power said on Monday."
    assert "Vela Nadu" not in entities(extractor, text)


def test_a_broadcaster_named_fm_is_an_outlet(extractor):
    text = "The minister confirmed the attack during an interview on Vela Fm on Thursday."
    assert entities(extractor, text)["Vela Fm"][0] == "NewsOutlet"


def test_an_honorific_is_no_given_name(extractor):
    text = (
        "Trade Minister K Tanaraj said the pact was signed. The region will cooperate, added Mr Tanaraj, who chaired the talks."
    )
    found = entities(extractor, text)
    assert "Mr Tanaraj" not in found
    assert found["K Tanaraj"][1] == {"K Tanaraj", "Tanaraj"}


def test_a_rank_between_title_and_name_keeps_the_title(extractor):
    from cyberkg.graph.reader import Article

    text = "Ana Ruiz signed the deal with her Norwegian counterpart Gen. Marek Dolan on Monday."
    out = extractor.extract(Article("doc-rank", text, "<test>", {}), dt.date(2024, 5, 10))
    assert "Marek Dolan" in {out.new_entities[t.person]["label"] for t in out.titles}
    assert "Gen. Marek Dolan" not in entities(extractor, text)


def test_a_cabinet_secretarys_field_is_no_body(extractor):
    text = "The attack was confirmed by ICT Cabinet Secretary Marek Dolan during a radio interview."
    found = entities(extractor, text)
    assert "ICT Cabinet" not in found
    assert found["Marek Dolan"][0] == "Person"


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("The two states joined the Vela Accords in 2020, Ana Ruiz said.", "Vela Accords"),
        ("India and Japan launched the Supply Chain Resilience Initiative, Ana Ruiz said.", "Supply Chain Resilience Initiative"),
        ("Norway adopted its National Cybersecurity Policy on Monday, Ana Ruiz said.", "National Cybersecurity Policy"),
    ],
)
def test_an_accord_initiative_or_policy_is_no_body(extractor, text, document):
    assert document not in entities(extractor, text)


def test_a_body_ending_in_policy_stays_a_body(extractor):
    text = "Ana Ruiz, a fellow at the Vela Institute for Security Policy, said the law was flawed."
    assert "Vela Institute for Security Policy" in entities(extractor, text)


def test_a_states_abbreviation_opening_a_bodys_name_stays_in_its_label(extractor):
    text = "The president authorised US Vela Command to strike back, the newspaper said."
    assert "US Vela Command" in entities(extractor, text)


def test_the_states_minister_is_the_minister_named_before(extractor):
    text = (
        '"No attack succeeded," telecommunications minister Marek Dolan said on Twitter.\n\n'
        "The Iranian telecommunications minister acknowledged that Iran faced attacks."
    )
    found = entities(extractor, text)
    assert not any("minister" in label for label in found)
    assert "Iranian telecommunications minister" in found["Marek Dolan"][1]


def test_another_ministers_description_is_not_the_minister_named_before(extractor):
    text = (
        '"No attack succeeded," telecommunications minister Marek Dolan said on Twitter.\n\n'
        "The Iranian foreign minister said that Iran faced attacks."
    )
    assert "Iranian foreign minister" in entities(extractor, text)


def test_a_lower_case_ministry_that_speaks_is_a_body(extractor):
    text = "The two states signed a cyber pact, the external affairs ministry said on Friday."
    assert "external affairs ministry" in entities(extractor, text)


def test_a_lower_case_ministry_is_the_ministry_named_before(extractor):
    text = "The Norwegian Foreign Ministry rejected the claims on Monday.\n\nThe foreign ministry said the hackers were foreign."
    found = entities(extractor, text)
    assert "foreign ministry" not in found
    assert found["Norwegian Foreign Ministry"][1] == {"Norwegian Foreign Ministry", "foreign ministry"}


def test_a_title_with_a_listed_field_before_a_name(extractor):
    from cyberkg.graph.reader import Article

    text = (
        '"We act against the groups," Treasury Under Secretary for Terrorism and Financial Intelligence Marek Dolan '
        "said in a statement."
    )
    found = entities(extractor, text)
    assert found["Marek Dolan"][0] == "Person"
    assert "Terrorism" not in found
    out = extractor.extract(Article("doc-field", text, "<test>", {}), dt.date(2024, 5, 10))
    assert any("Financial Intelligence" in t.words for t in out.titles)


def test_the_capitalised_department_is_the_department_named_before(extractor):
    text = "The Vela Treasury Department on Friday announced sanctions.\n\nThe Department said the measures target three groups."
    found = entities(extractor, text)
    assert "Department" not in found
    assert found["Vela Treasury Department"][1] == {"Vela Treasury Department", "Department"}


def test_a_wire_credited_in_the_dateline_is_named(extractor):
    text = "OSLO, May 6. /VELTA/. The Norwegian Embassy said it rejected the accusations."
    assert entities(extractor, text)["VELTA"][0] == "NewsAgency"


def test_the_rest_of_a_treatys_name_is_no_body(extractor):
    text = "Under Article 6 of the Treaty on Friendly Relations and Cooperation, Norway must consult Sweden, Ana Ruiz said."
    assert "Friendly Relations and Cooperation" not in entities(extractor, text)


def test_a_sentence_dense_with_names_is_no_headline(extractor):
    text = "The Indian delegation was led by Marek Dolan, the Joint Secretary of the Vela Division, Ministry of External Affairs."
    found = entities(extractor, text)
    assert found["Marek Dolan"][0] == "Person"
    assert "Joint" not in found


def test_a_field_in_brackets_after_a_title_is_no_body(extractor):
    text = "The Indian delegation was led by Marek Dolan, Joint Secretary (Cyber Diplomacy) in the Ministry of External Affairs."
    found = entities(extractor, text)
    assert "Cyber Diplomacy" not in found
    assert "Joint" not in found


def test_a_name_ending_in_board_is_a_body(extractor):
    text = "The hackers sent emails to senior engineers at Ireland's Vela Supply Board, the paper said."
    assert entities(extractor, text)["Vela Supply Board"][0] in ("Organisation", "Company")


def _titled(extractor, text: str) -> dict[str, str]:
    from cyberkg.graph.reader import Article

    out = extractor.extract(Article("doc-titled", text, "<test>", {}), dt.date(2024, 5, 10))
    return {out.new_entities[t.person]["label"]: t.words for t in out.titles if t.person in out.new_entities}


def test_a_vice_president_abbreviated_is_a_title(extractor):
    text = '"They know banks well," Marek Dolan, VP of consulting at Korvex Labs, said in an interview.'
    assert "VP" in _titled(extractor, text)["Marek Dolan"]


def test_a_title_with_its_body_in_lower_case_before_a_name(extractor):
    text = "The attack — which speaker of the house Aino Virtanen called a serious threat — was carried out in autumn."
    assert _titled(extractor, text)["Aino Virtanen"] == "speaker of the house"


def test_a_palace_is_no_person(extractor):
    text = "On Tuesday, at the Palacio de La Vela, the President of the Republic signed the law, Ana Ruiz said."
    found = entities(extractor, text)
    assert not any("Vela" in label for label, (kind, _) in found.items() if kind == "Person")


def test_a_state_inside_a_groups_quoted_name_is_no_state(extractor):
    text = 'The hackers, known as "Anonymous Norway," were responsible for the attack, the minister said.'
    assert "Norway" not in entities(extractor, text)


def test_a_name_the_model_cut_before_of_ends_before_of(extractor):
    text = "The sides agreed to loan artifacts to the Vela Civilisations Museum of Norway, Ana Ruiz said."
    found = entities(extractor, text)
    assert not any(label.endswith(" of") for label in found)


def test_a_response_team_is_a_body_with_its_state(extractor):
    text = "A memorandum was signed between Indian Computer Emergency Response Team and the Norwegian regulator, Ana Ruiz said."
    assert "Indian Computer Emergency Response Team" in entities(extractor, text)


def test_a_plural_body_name_is_a_kind_of_body(extractor):
    text = "The meeting will discuss the role of Computer Emergency Response Teams in protecting networks, Ana Ruiz said."
    assert "Computer Emergency Response Teams" not in entities(extractor, text)


def test_an_under_secretary_in_an_appositive_holds_a_post_in_the_body(extractor):
    text = "Marek Dolan, under secretary for technology at the Norwegian Ministry of Vela Affairs, will lead the group."
    assert "under secretary" in _titled(extractor, text)["Marek Dolan"]


def test_a_hyphenated_title_and_its_field_before_a_name(extractor):
    text = 'Vice-president for Digital Single Market Jan Kowalski said: "We can face the threats together."'
    found = entities(extractor, text)
    assert "Vice" not in found
    assert "Digital Single Market" not in found
    assert found["Jan Kowalski"][0] == "Person"


def test_head_of_the_body_then_a_comma_and_the_name(extractor):
    text = 'The head of the European Vela Agency, Federica Rossi, commented in a statement: "The threats are real."'
    assert "European Vela Agency" in _titled(extractor, text)["Federica Rossi"]


def test_two_modifier_runs_joined_before_one_head_are_one_body():
    from cyberkg.graph.extract_orgnames import paired_modifiers
    from cyberkg.graph.extract_types import Span, slug

    text = "The government will establish a National Computer and Data Crimes Coordination Committee."
    first, second = "National Computer", "Data Crimes Coordination Committee"
    a, b = text.index(first), text.index(second)
    pieces = [
        Span(a, a + len(first), "Organisation", slug(first), first),
        Span(b, b + len(second), "Organisation", slug(second), second),
    ]
    assert [s.label for s in paired_modifiers(text, pieces)] == ["National Computer and Data Crimes Coordination Committee"]
    pieces[0] = Span(a, a + len(first), "State", "x", first)  # a state among the pieces: no one name
    assert len(paired_modifiers(text, pieces)) == 2


def test_the_government_in_a_story_naming_one_state_is_its_government(extractor):
    text = "Kenyan officials met on Monday. Critics said the government was out to limit free speech."
    assert entities(extractor, text)["Government of Kenya"][1] == {"government"}


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("They will cooperate on the internet of things (IoT) and 5G, Ana Ruiz said.", "IoT"),
        ("The two states pledged to work for a free and open Indo-Pacific, Ana Ruiz said.", "Indo-Pacific"),
    ],
)
def test_a_terms_short_form_or_a_region_is_no_body(extractor, text, term):
    assert term not in entities(extractor, text)


def test_a_sea_after_a_possessive_is_no_person(extractor):
    text = "He referred to the seizure of Ukraine's Black Sea peninsula two years ago, Ana Ruiz said."
    assert "Black Sea" not in entities(extractor, text)


def test_a_gloss_in_brackets_between_title_and_name(extractor):
    text = "Prime Minister Jan Kowalski and Home Secretary (internal security minister) Marta Lund were in talks."
    assert _titled(extractor, text)["Marta Lund"] == "Home Secretary"


def test_a_body_a_few_nouns_before_the_title_is_its_body(extractor):
    from cyberkg.graph.reader import Article

    text = '"It will hurt," said NATO cyber programme coordinator Angela Berg in Brussels.'
    out = extractor.extract(Article("doc-body", text, "<test>", {}), dt.date(2024, 5, 10))
    assert [t.organisation for t in out.titles] == ["nato"]
    text = '"It will hurt," NATO said on Monday, and programme coordinator Angela Berg agreed.'
    out = extractor.extract(Article("doc-body2", text, "<test>", {}), dt.date(2024, 5, 10))
    assert [t.organisation for t in out.titles] == [None]


def test_a_title_in_charge_of_a_portfolio_names_no_body(extractor):
    from cyberkg.graph.extract_model import parse
    from cyberkg.graph.extract_people import title_before
    from cyberkg.graph.extract_types import Span

    text = "They met Norway's Minister Delegate in charge of National Defense Administration Karim Tazi."
    doc = next(parse([text], extractor.ruler))
    doc.user_data["cyberkg_text"] = text
    body = "National Defense Administration"
    spans = [
        Span(text.index(body), text.index(body) + len(body), "Organisation", "nda", body),
        Span(text.index("Norway"), text.index("Norway") + 6, "State", "norway", "Norway"),
    ]
    name = next(t.i for t in doc if t.text == "Karim")
    title = title_before(doc, name, spans, "karim-tazi")
    assert title is not None and title.words.startswith("Minister Delegate in charge of")
    assert title.organisation is None and title.state == "norway"


def test_a_states_permanent_representation_to_a_body_is_a_body(extractor):
    text = "Norway's permanent representation to the Organization for the Prohibition of Chemical Weapons declined to comment."
    assert "Norway's permanent representation to the Organization for the Prohibition of Chemical Weapons" in entities(
        extractor, text
    )
