"""Reported speech, posts and entity resolution (graph/extract_speech.py, graph/extract_names.py), each on
sentences written here (invented people and bodies, never an article's text), so a failure names what broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.extract_speech import quote_spans, quoted_words
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-speech", text, "<test>", {}), dt.date(2024, 5, 10))


def label(extraction: Extraction, entity: str) -> str:
    new = extraction.new_entities.get(entity)
    return new["label"] if new else next(m.label for m in extraction.mentions if m.entity == entity)


def related(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    """(subject label, object label) of each relation with the predicate; events by their kind."""

    def name(entity: str) -> str:
        kind = extraction.new_entities.get(entity, {}).get("type", "")
        return kind if kind in ("Remark", "OfficialStatement", "Post", "PostTenure", "Quotation") else label(extraction, entity)

    return {(name(r.subject), name(o)) for r in extraction.relations if r.predicate == predicate for o in r.objects}


def speakers(extraction: Extraction) -> set[str]:
    return {o for s, o in related(extraction, "speaker") if s in ("Remark", "OfficialStatement")}


def entities(extraction: Extraction, kind: str) -> set[str]:
    return {label(extraction, m.entity) for m in extraction.mentions if m.kind == kind}


def posts_held(extraction: Extraction) -> tuple[dict[str, str], dict[str, str]]:
    """By label: each person's post (holdsPost), and each post's body (postIn)."""

    def pairs(predicate: str) -> dict[str, str]:
        return {
            label(extraction, r.subject): label(extraction, r.objects[0])
            for r in extraction.relations
            if r.predicate == predicate
        }

    return pairs("holdsPost"), pairs("postIn")


def spoken(extractor: Extractor, text: str, kind: str, name: str) -> set[str]:
    """The speakers of the text's statements, once `name` is checked to be one of its `kind` entities."""
    out = read(extractor, text)
    assert name in entities(out, kind)
    return speakers(out)


def test_quotation_marks_pair_by_direction_not_left_to_right():
    text = (
        'The file was marked "secret" by the group.\n'
        '"We are confident in the findings," said the director. "Nothing else."\n'
        '"This quote is left open at the end of its paragraph\n'
        '"and goes on in the next one," she said.'
    )
    spans = quote_spans(text)
    words = [quoted_words(text, s) for s in spans]
    assert words[0] == "secret"  # a scare quote is paired with its own closing mark
    assert words[1] == "We are confident in the findings"  # so narration is never taken for a quotation
    assert words[2] == "Nothing else."
    assert words[3] == "This quote is left open at the end of its paragraph"  # ends with its paragraph
    assert words[4].startswith("and goes on")
    assert all("said" not in w for w in words)


def test_speaker_is_the_reporting_verbs_subject_or_no_one(extractor):
    text = (
        "Tomas Lindqvist, chief executive of Borealis Networks, said the outage was under control.\n"
        "Two people briefed on the matter said Borealis Networks had lost data.\n"
        "Officials in Stockholm said the inquiry would widen.\n"
        "The company was filming a documentary called Blackout at the time."
    )
    out = read(extractor, text)
    assert speakers(out) == {"Tomas Lindqvist", "Sweden"}  # anonymous people and "called" name no speaker


def test_an_inverted_attribution_and_a_pronoun_across_paragraphs(extractor):
    text = (
        "Marta Oyelaran leads the inquiry for the Lagos Digital Authority.\n"
        '"We will publish everything we find," tweeted Marta Oyelaran.\n'
        '"Nothing will be hidden," she told reporters.'
    )
    out = read(extractor, text)
    assert speakers(out) == {"Marta Oyelaran"}
    assert ("Quotation", "Marta Oyelaran") in related(out, "speaker")


def test_according_to_names_the_person_not_the_body_before_the_name(extractor):
    out = read(extractor, "The course is free, according to Nordhavn University Professor Ilse Brandt.")
    assert speakers(out) == {"Ilse Brandt"}


def test_a_title_is_the_whole_post_with_the_body_it_names(extractor):
    text = (
        "Pavel Orlin, chief executive of Orbital Bank, said the firm was hired last year.\n"
        "The flaw was serious, said security researcher Ana Vidal of the Meridian Security Institute."
    )
    out = read(extractor, text)
    held, posts = posts_held(out)
    assert held["Pavel Orlin"] == "chief executive of Orbital Bank"
    assert posts["chief executive of Orbital Bank"] == "Orbital Bank"
    assert held["Ana Vidal"] == "security researcher"
    assert "Meridian Security Institute" in posts.values()


def test_the_official_said_is_the_official_named_before(extractor):
    text = '"The talks will go on," said a senior Canadian trade official.\nThe official said a deal could follow in June.'
    out = read(extractor, text)
    people = {m.entity for m in out.mentions if m.kind == "Person"}
    assert len(people) == 1 and "official" not in entities(out, "Person")


def test_a_shared_surname_is_the_person_named_in_full_before_it(extractor):
    text = "Daniel Okafor said the vote was fair. Okafor spoke in Abuja.\nLater, Grace Okafor disagreed."
    out = read(extractor, text)
    first = next(m for m in out.mentions if out.article.text[m.start : m.end] == "Okafor")
    assert label(out, first.entity) == "Daniel Okafor"


def test_a_description_beside_an_organisation_is_that_organisation(extractor):
    text = "The Federal Cyber Office, Norway's main security service, said it had no comment."
    out = read(extractor, text)
    bodies = {m.entity for m in out.mentions if m.kind == "Organisation"}
    assert len(bodies) == 1


def test_ranks_leave_names_and_datelines_are_not_bodies(extractor):
    text = "SAN MARCO Representative Julia Pereira said on Monday the law would pass.\nPereira said Congress would vote in May."
    out = read(extractor, text)
    assert "Julia Pereira" in entities(out, "Person")
    assert not any("Representative" in p for p in entities(out, "Person"))
    assert "SAN MARCO" not in entities(out, "Organisation")
    assert "Congress" in entities(out, "Organisation")


def test_a_one_word_name_that_speaks_is_a_person(extractor):
    text = (
        "One student, who gave only his surname, Ardent, joined in 2015.\n"
        '"It is hard work," Ardent said. "But it pays," said Ardent.'
    )
    assert spoken(extractor, text, "Person", "Ardent") == {"Ardent"}


def test_no_statement_in_a_headline(extractor):
    out = read(extractor, "Norland says grid breach came from abroad\n\nThe grid operator of Norland was breached.")
    assert not speakers(out)


def test_a_role_phrase_before_the_name_and_a_participle_of_saying(extractor):
    text = (
        "Orbital Bank's head of threat research, Lena Moreau, told reporters the malware was new.\n"
        "Finance Minister Ravi Menon defended the bill in parliament, saying it would save money.\n"
        "The source who shared the file declined to comment, saying the matter was sensitive."
    )
    out = read(extractor, text)
    held, posts = posts_held(out)
    assert held["Lena Moreau"] == "head of threat research"
    assert posts["head of threat research"] == "Orbital Bank"
    assert speakers(out) == {"Lena Moreau", "Ravi Menon"}  # "the source" is no one to tell apart


def test_a_state_name_inside_a_body_name_is_part_of_it(extractor):
    text = "Malaysia Bank said its systems were restored. The Malaysian agency declined to comment."
    out = read(extractor, text)
    assert "Malaysia Bank" in entities(out, "Organisation")


def test_a_name_described_as_a_newspaper_is_an_outlet_and_speaks_through_its_apposition(extractor):
    text = (
        '"The neighbours are lying about the outage for their own ends," an editorial in the Vela Sinmun, '
        "the official daily newspaper of the ruling party, said on Sunday."
    )
    out = read(extractor, text)
    assert "Vela Sinmun" in entities(out, "Organisation") and "Vela Sinmun" not in entities(out, "Person")
    assert not related(out, "holdsPost")  # "official daily newspaper" is no one's post
    assert speakers(out) == {"Vela Sinmun"}
    assert ("Quotation", "Vela Sinmun") in related(out, "speaker")


def test_an_unnamed_speaker_is_described_without_a_clause_set_after_a_comma(extractor):
    text = "Officials met the regional regulators last week, said a spokesman for the Danish regulator, which chairs the group."
    out = read(extractor, text)
    assert speakers(out) == {"spokesman for the Danish regulator"}


def test_the_words_of_a_long_title_are_no_person(extractor):
    text = (
        "Talks ended before Ilse Marek, the bloc's Commissioner for Justice, Consumers and Gender Equality, "
        "reported to the assembly on Monday."
    )
    out = read(extractor, text)
    assert entities(out, "Person") == {"Ilse Marek"}


def test_a_statement_is_published_in_an_outlet_it_was_confirmed_to_not_in_a_hearing(extractor):
    text = (
        "Ana Lindqvist, an analyst at Borealis Networks, confirmed to Reuters the file held passport numbers.\n"
        "Marta Oyelaran told the Senate Armed Services Committee the threat was growing.\n"
        "The ministry has not responded to Reuters' requests for comment."
    )
    out = read(extractor, text)
    assert {o for _, o in related(out, "publishedIn")} == {"Reuters"}


def test_said_in_a_statement_is_the_verbs_speaker_not_a_name_near_the_noun(extractor):
    text = (
        '"We are aware of the attempts," Lindqvist\'s spokesman, Pavel Orlin, said in a statement, '
        "deferring to the Borealis Police Authority for details.\n"
        '"It is no surprise," Representative Mark Dalton, the top Democrat on the Senate Select Committee on Energy, '
        "said in a statement."
    )
    out = read(extractor, text)
    assert speakers(out) == {"Pavel Orlin", "Mark Dalton"}
    assert {o for s, o in related(out, "speaker") if s == "Quotation"} == {"Pavel Orlin", "Mark Dalton"}


def test_a_company_named_with_its_legal_ending_is_the_same_body_by_its_name_alone(extractor):
    text = (
        "Security company Borvik Corp (BRVK.O) said in a blog post on Thursday that the malware was new.\n"
        "The country's Bureau of Navigation was also hit.\n"
        '"The link is strong," Eric Talbot, technical director at Borvik, said in an interview.'
    )
    out = read(extractor, text)
    orgs = entities(out, "Organisation")
    assert "Borvik Corp" in orgs and "BRVK.O" not in orgs  # a ticker is no body
    assert "Bureau of Navigation" in orgs and not any(o.startswith("'s") for o in orgs)
    assert ("Post", "Borvik Corp") in related(out, "postIn")  # the director's post is in the company
    assert {m.entity for m in out.mentions if m.label == "Borvik"} == {m.entity for m in out.mentions if m.label == "Borvik Corp"}


def test_the_office_of_a_titled_person_is_the_office_without_the_name(extractor):
    text = (
        "Campaigns face threats from hackers, the office of Borealis National Security Director Ana Lindqvist said on Wednesday."
    )
    name = "office of Borealis National Security Director"
    assert spoken(extractor, text, "Organisation", name) == {name}


def test_the_document_speaks_for_whoever_the_article_said_it_is_from(extractor):
    text = (
        "A letter from the Office of the Borealis Data Commissioner, seen by Reuters, gives an example.\n"
        'Data would be kept "only for the purposes the law names," the letter says.\n'
        "The report says nothing more."
    )
    out = read(extractor, text)
    assert speakers(out) == {"Office of the Borealis Data Commissioner"}  # no author given for "the report"
    assert ("Quotation", "Office of the Borealis Data Commissioner") in related(out, "speaker")


def test_saying_one_cannot_comment_is_no_statement(extractor):
    text = (
        "A spokeswoman for Borealis Networks said she was unable to comment.\n"
        "Tomas Lindqvist said he would not comment.\n"
        "Mark Dalton said the inquiry would widen."
    )
    assert speakers(read(extractor, text)) == {"Mark Dalton"}


def test_what_is_posted_on_a_platform_appears_there(extractor):
    out = read(extractor, "Prime Minister Karl Berg was targeted. Berg wrote on Facebook that he was safe.")
    assert ("Remark", "Facebook") in related(out, "publishedIn")
    post = read(extractor, "The Vela Agency said in a Facebook post that its systems were restored.")
    assert ("Remark", "Facebook") in related(post, "publishedIn")
    day = read(extractor, "The Vela Agency said on Tuesday that its systems were restored.")
    assert not related(day, "publishedIn")


def test_an_outlet_that_carried_a_statement_published_it(extractor):
    out = read(extractor, "The state-run Norvik news agency carried a statement by the Vela Agency denying any attack.")
    assert ("OfficialStatement", "Norvik news agency") in related(out, "publishedIn")
    assert speakers(out) == {"Vela Agency"}


def test_an_outlet_told_with_its_states_possessive(extractor):
    out = read(extractor, "Prime Minister Karl Berg told Norway's Aftenbladet newspaper that the data was safe.")
    assert ("Remark", "Aftenbladet") in related(out, "publishedIn")


def test_a_statement_named_by_its_body_is_that_bodys(extractor):
    out = read(extractor, "In the Vela Agency statement last week, it said the Kord group had run hundreds of attacks.")
    assert speakers(out) == {"Vela Agency"}


def test_the_statement_said_is_the_statement_of_who_spoke_last(extractor):
    out = read(
        extractor,
        "The Norvik Agency denied on Sunday that it was behind the hacking of Vela Bank.\n"
        '"We do not know where the bank is, nor do we feel any need at all to know about it," the statement said.',
    )
    assert ("Quotation", "Norvik Agency") in related(out, "speaker")
    alone = read(extractor, '"We do not know where the bank is, nor do we feel any need at all to know it," the statement said.')
    assert not speakers(alone)


def test_coordinated_modifiers_before_a_plural_head_are_one_body_each(extractor):
    parties = read(extractor, "The networks of the Vela, Norvik and Kord parties were breached last week.")
    assert {"Vela Party", "Norvik Party", "Kord Party"} <= entities(parties, "Organisation")
    ministries = read(extractor, "Norway's health and defence ministries said a database was broken into.")
    assert {"Norway's health ministry", "Norway's defence ministry"} <= entities(ministries, "Organisation")
    assert {"Norway's health ministry", "Norway's defence ministry"} <= speakers(ministries)
    unowned = read(extractor, "The health and defence ministries said a database was broken into.")
    assert not {"health ministry", "defence ministry"} & entities(unowned, "Organisation")  # whose, unsaid


def test_a_long_official_name_in_parts_is_one_body(extractor):
    out = read(
        extractor,
        "The Central Bureau of the General Staff of the Armed Forces of Norvik said it had not been involved.",
    )
    assert "Central Bureau of the General Staff of the Armed Forces of Norvik" in entities(out, "Organisation")
    assert not {"Armed Forces of the", "General Staff of the Armed Forces"} & entities(out, "Organisation")
    title = read(extractor, "Ana Berg, General Counsel of the Office of the Vela Inspector, said the data was safe.")
    assert not any(name.startswith("General Counsel") for name in entities(title, "Organisation"))


def test_a_things_name_is_no_organisation(extractor):
    out = read(
        extractor,
        "The unit is said to have carried out attacks known as RedPetal and BluePetal, and Kordware ransomware "
        "hit hospitals during the VX-24 pandemic.",
    )
    assert not {"RedPetal", "BluePetal", "Kordware", "VX-24"} & entities(out, "Organisation")
    assert not {"Kordware ransomware"} & entities(out, "Person")


def test_a_description_ends_before_its_time_phrase(extractor):
    out = read(extractor, "The Norwegian ambassador on Monday said the claim was false.")
    people = {label(out, e) for e in out.new_entities if out.new_entities[e]["type"] == "Person"}
    assert not any("Monday" in p for p in people)


def test_what_it_called_is_said_by_the_clauses_subject(extractor):
    out = read(
        extractor,
        'The Norvik Agency summoned the envoy over what it called "unfounded and deeply hostile accusations of '
        'spying on our neighbours and their allies".',
    )
    assert ("Quotation", "Norvik Agency") in related(out, "speaker")


def test_a_demand_or_condemnation_is_a_statement_of_its_subject(extractor):
    out = read(extractor, "Norway has demanded that Sweden crack down on ransomware gangs operating from its soil.")
    assert speakers(out) == {"Norway"}
    urged = read(extractor, "The Vela Agency urged banks to patch their systems before the weekend.")
    assert speakers(urged) == {"Vela Agency"}
    called = read(extractor, "A film called Norvik Dawn was released in the spring.")
    assert not speakers(called)


def test_he_after_an_earlier_clause_is_that_clauses_subject(extractor):
    out = read(
        extractor,
        "Prime Minister Ana Berg spoke first. Karl Lund was still president when the attacks began and he said "
        "Norvik would not pay the gang any ransom.",
    )
    assert ("Remark", "Karl Lund") in related(out, "speaker")
    assert "Karl Lund" in posts_held(out)[0]  # "was still president": in post then


def test_the_bare_name_of_a_ransomware_is_its_gang(extractor):
    out = read(
        extractor,
        "Over 1,000 victims were hit by Kordware ransomware last year. Officials said Kordware had demanded "
        "large payments from hospitals.",
    )
    assert not {"Kordware", "Kordware ransomware"} & (entities(out, "Person") | entities(out, "Organisation"))


def test_a_states_own_name_is_no_organisation(extractor):
    out = read(extractor, "The Russian Federation said on Monday that it had not been involved in the attack.")
    assert "Russian Federation" not in entities(out, "Organisation")


def test_the_government_of_a_story_about_one_state_is_that_states(extractor):
    text = (
        "Norway's parliament passed a new cyber law on Monday. Norway will fund a national response team, and "
        "Norwegian banks must report breaches. The government said the law would take effect in Norway in May."
    )
    assert "Government of Norway" in entities(read(extractor, text), "Organisation")
    mixed = read(extractor, "Norway and Sweden met on Monday. The government said talks with Sweden would go on.")
    assert not {"Government of Norway", "Government of Sweden"} & entities(mixed, "Organisation")


def test_an_outlet_reporting_that_speaks(extractor):
    out = read(extractor, "The plant was hit in April, with Vela News reporting that it was the work of foreign hackers.")
    assert speakers(out) == {"Vela News"}
    that = read(extractor, "The Norvik Agency reported that its systems had been breached in April.")
    assert speakers(that) == {"Norvik Agency"}
    duty = read(extractor, "The Norvik Agency reports to the Vela Ministry on every breach it finds.")
    assert not speakers(duty)


def test_a_military_unit_named_by_number_is_a_body(extractor):
    out = read(extractor, "Prosecutors charged five officers of the army's Unit 12345 and two airmen of the 31st squadron.")
    assert {"Unit 12345", "31st squadron"} <= entities(out, "Organisation")
    count = read(extractor, "The attack hit 12345 computers in 31 countries.")
    assert not entities(count, "Organisation")


def test_a_name_that_is_a_whole_quotation_is_a_works_title(extractor):
    out = read(extractor, 'The hackers leaked films titled "Blue Harbour," "Mr. Lund," and "Quiet Night" last week.')
    assert not {"Mr. Lund", "Lund"} & entities(out, "Person")
    named = read(extractor, "Prime Minister Karl Lund said the films had been stolen.")
    assert "Karl Lund" in entities(named, "Person")


def test_an_acronym_opening_a_bodys_name_is_part_of_it(extractor):
    out = read(extractor, "Members of the NATO Regional Forum met on Monday to discuss cyber defence.")
    assert "NATO Regional Forum" in entities(out, "Organisation")
    assert not {"Regional Forum", "Members of the NATO Regional Forum"} & entities(out, "Organisation")


def test_a_portfolio_before_a_ministers_title_is_part_of_the_title(extractor):
    out = read(extractor, "Meanwhile, Vela Home Minister Anil Lund on Monday said the outage was an attempt at sabotage.")
    assert "Anil Lund" in entities(out, "Person")
    assert not {"Vela Home"} & (entities(out, "Organisation") | entities(out, "Person"))
