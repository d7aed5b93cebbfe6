"""Round 7 rules for statements, outlets and posts, on invented sentences (never text from an article), read
with the rules alone (the learned role layer is judged on held-out gold)."""

from __future__ import annotations

import pytest

from cyberkg.graph.extract import Extractor
from tests.extracthelp import named_facts, rules_extractor

SPEECH = ("speaker", "publishedIn", "hasQuotation")
POSTS = ("holder", "holdsPost", "postIn", "tenurePost")
KINDS = ("Post", "PostTenure", "Statement", "Quotation")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def facts(extractor: Extractor, text: str, predicates=SPEECH) -> set[tuple[str, str, str]]:
    return named_facts(extractor, text, "doc-r7-speech", predicates, KINDS)


def test_an_outlet_reporting_speaks_and_publishes_nothing_else(extractor):
    out = facts(extractor, "Storm\n\nTwo engineers involved with the servers have left Norway, Reuters said.")
    assert ("Statement", "speaker", "Reuters") in out
    assert not {o for _, p, o in out if p == "publishedIn"}
    told = facts(extractor, "Storm\n\nMinister Ana Ruiz told Reuters that the servers were safe.")
    assert ("Statement", "publishedIn", "Reuters") in told  # told to an outlet: published there


def test_a_passive_belief_before_an_outlet_names_no_speaker(extractor):
    out = facts(
        extractor,
        "Storm\n\nPeru's navy is thought to have directed a hacker group to attack dozens of firms, "
        "Reuters reported, citing unnamed officials.",
    )
    assert ("Statement", "speaker", "Reuters") in out
    assert not {o for _, p, o in out if p in ("speaker", "publishedIn")} - {"Reuters"}
    active = facts(extractor, "Storm\n\nThe Peruvian navy denied that it directed the attacks, Reuters reported.")
    assert ("Statement", "publishedIn", "Reuters") in active  # an active subject is relayed


def test_the_state_after_a_titled_name_owns_the_post(extractor):
    out = facts(extractor, "President Karl Berg of Norway met Minister Ana Ruiz in Lima on Monday.", POSTS)
    assert ("Post", "postIn", "Norway") in out
    assert ("PostTenure", "holder", "Karl Berg") in out
    party = facts(extractor, "President Karl Berg of Norway's Labour Party spoke in Oslo on Monday.", POSTS)
    assert ("Post", "postIn", "Norway") not in party  # a body of the state, not the state


def test_each_name_under_a_plural_title_holds_the_post_of_its_state(extractor):
    out = facts(
        extractor,
        "Presidents Karl Berg of Norway, Ana Ruiz of Peru and Jan Holm of Sweden signed a memorandum on cyber security.",
        POSTS,
    )
    assert {o for _, p, o in out if p == "holder"} == {"Karl Berg", "Ana Ruiz", "Jan Holm"}
    assert {o for _, p, o in out if p == "postIn"} == {"Norway", "Peru", "Sweden"}
    ministers = facts(extractor, "Foreign Ministers Karl Berg of Norway and Jan Holm of Sweden met in Oslo.", POSTS)
    assert {o for _, p, o in ministers if p == "holder"} == {"Karl Berg", "Jan Holm"}
    plain = facts(extractor, "Delegates from Norway and Sweden met in Oslo on Monday.", POSTS)
    assert not plain


@pytest.mark.parametrize(
    "text",
    [
        "Breach\n\nOSLO, Norway (AP) — The Vela Bank said Sunday that one of its systems had been breached.",
        "Breach\n\nLIMA (Reuters) - The Vela Bank said on Tuesday that one of its systems had been breached.",
        "Breach\n\nVela Mirror - Reuters: The Vela Bank said on Tuesday that one of its systems had been breached.",
    ],
)
def test_a_datelines_agency_is_no_speaker(extractor, text):
    out = facts(extractor, text)
    assert ("Statement", "speaker", "Vela Bank") in out
    assert not {o for _, p, o in out if p == "speaker"} & {"Associated Press", "AP", "Reuters", "Norway"}


def test_an_agency_saying_at_a_paragraphs_start_still_speaks(extractor):
    out = facts(extractor, "Breach\n\nReuters said on Tuesday that the Vela Bank had been breached.")
    assert ("Statement", "speaker", "Reuters") in out


def test_a_bank_described_by_its_seat_is_the_bank_named_before(extractor):
    out = facts(
        extractor,
        "Breach\n\nA file service used by the Norges Bank of Norway had been accessed, the Oslo-based bank said in a statement.",
    )
    assert {o for _, p, o in out if p == "speaker"} == {"Norges Bank of Norway"}


def test_a_cabinet_title_after_a_states_possessive_is_that_states_post(extractor):
    out = facts(extractor, "Norway's Chief Cabinet Secretary Lars Dahl declined to comment on the probe.", POSTS)
    assert ("Post", "postIn", "Norway") in out
    assert ("PostTenure", "holder", "Lars Dahl") in out


def test_a_state_councilor_is_a_title_not_part_of_the_name(extractor):
    out = facts(extractor, "State Councilor Wang Jing, a key figure in China's policy, announced the dialogue in April.", POSTS)
    assert ("PostTenure", "holder", "Wang Jing") in out
    assert not {o for _, p, o in out if p == "holder" and "Councilor" in o}


def test_an_argentinean_counterpart_holds_a_post_of_argentina(extractor):
    out = facts(extractor, "Peruvian Defense Minister Ana Ruiz met her Argentinean counterpart Jorge Vidal in Lima.", POSTS)
    assert ("Post", "postIn", "Argentina") in out


def test_an_account_speaks_for_its_owner_on_its_platform(extractor):
    out = facts(
        extractor,
        'Breach\n\nMinister Ana Ruiz\'s official Twitter account tweeted "Peru stands with Chile against these attacks."',
    )
    assert ("Statement", "speaker", "Ana Ruiz") in out
    assert ("Quotation", "speaker", "Ana Ruiz") in out
    assert ("Statement", "publishedIn", "Twitter") in out
    assert ("Statement", "speaker", "Twitter") not in out


def test_a_body_that_commented_with_its_words_speaks(extractor):
    out = facts(
        extractor, 'Breach\n\nThe Vela Medical Center commented, "The hospital is reporting a ransomware event in its systems."'
    )
    assert ("Statement", "speaker", "Vela Medical Center") in out
    silent = facts(extractor, "Breach\n\nThe Vela Medical Center has not commented on the ransomware event in its systems.")
    assert not silent


def test_who_suggested_or_asserted_that_speaks(extractor):
    out = facts(extractor, "Breach\n\nDefence Secretary Karl Berg has suggested that the attack is evidence of a cyber war.")
    assert ("Statement", "speaker", "Karl Berg") in out
    asserted = facts(extractor, "Breach\n\nKarl Berg asserted that Peru was behind the attack on the ministry.")
    assert ("Statement", "speaker", "Karl Berg") in asserted
    proposal = facts(extractor, "Breach\n\nKarl Berg suggested a new round of talks with Peru.")
    assert not proposal


def test_a_body_named_inside_an_appositive_title_is_the_posts(extractor):
    out = facts(extractor, "Breach\n\nGeneral Karl Berg, an Interior Ministry spokesman, declined to comment.", POSTS)
    assert ("Post", "postIn", "Interior Ministry") in out
    plain = facts(extractor, "Breach\n\nKarl Berg, a spokesman, declined to name the states.", POSTS)
    assert not {o for _, p, o in plain if p == "postIn"}


def test_who_was_told_or_is_said_to_do_something_does_not_speak(extractor):
    told = facts(extractor, "Breach\n\nThe Health Ministry and the Vela Directorate were told of the attack on Monday.")
    assert not {o for _, p, o in told if p == "speaker"}
    said = facts(extractor, "Breach\n\nPeru is said to have directed the attacks on the ministry.")
    assert not {o for _, p, o in said if p == "speaker"}
    agent = facts(extractor, "Breach\n\nPeru was told by the Vela Directorate that the attack was over.")
    assert ("Statement", "speaker", "Vela Directorate") in agent


def test_a_name_before_an_unclosed_description_is_not_its_apposition(extractor):
    out = facts(
        extractor,
        "Talks\n\nPeru and Chile held talks in Lima on Monday.\n\n"
        "The talks also covered the latest developments at the United Nations, the ministry said.",
    )
    assert ("Statement", "speaker", "United Nations") not in out


def test_a_name_before_a_closed_description_speaks(extractor):
    out = facts(extractor, "Talks\n\nThe Vela Agency, the country's main cyber body, said the talks had failed.")
    assert ("Statement", "speaker", "Vela Agency") in out


def test_an_outlet_told_with_a_capitalised_article_publishes(extractor):
    out = facts(extractor, "Talks\n\nKarl Berg told The Hill in November that both sides share an interest.")
    assert ("Statement", "publishedIn", "Hill") in out
    assert ("Statement", "speaker", "Karl Berg") in out


def test_the_one_told_after_a_quotation_never_speaks(extractor):
    out = facts(extractor, "“Both sides share an interest in information security,” Ana Ruiz told The Hill in November.")
    assert ("Statement", "speaker", "Hill") not in out
    assert ("Quotation", "speaker", "Hill") not in out


def test_according_to_an_unnamed_head_of_a_body_is_that_head(extractor):
    out = facts(extractor, "Spies\n\nAccording to the head of Norway's military intelligence agency, four men were caught.")
    assert ("Statement", "speaker", "head of Norway's military intelligence agency") in out
    named = facts(extractor, "Spies\n\nAccording to the head of the Vela Agency, Karl Berg, four men were caught in a hotel.")
    assert not {o for _, p, o in named if p == "speaker" and o.startswith("head of")}


def test_an_outlet_named_after_its_noun_reports(extractor):
    out = facts(extractor, "Outage\n\nLocal media outlet El Vela reported the outage was caused by a failure at the plant.")
    assert ("Statement", "speaker", "El Vela") in out
    plain = facts(extractor, "Outage\n\nThe Vela Agency reported the outage to the ministry.")
    assert not {o for _, p, o in plain if p == "speaker"}


def test_a_denial_described_in_a_relative_clause_says_nothing(extractor):
    out = facts(extractor, "Hack\n\nLima accused Santiago of meddling, allegations Chilean officials have dismissed.")
    assert ("Statement", "speaker", "Chile") not in out
    said = facts(extractor, "Hack\n\nChile denied that it was behind the attack on the ministry.")
    assert ("Statement", "speaker", "Chile") in said


def test_the_body_before_a_hyphenated_title_owns_it(extractor):
    out = facts(extractor, "Meeting\n\nThe talks were attended by NATO Secretary-General Karl Bergson on Monday.", POSTS)
    assert ("Post", "postIn", "NATO") in out
    bare = facts(extractor, "Meeting\n\nThe talks were attended by Secretary-General Karl Bergson on Monday.", POSTS)
    assert not {o for _, p, o in bare if p == "postIn"}


def test_a_malay_honorific_is_no_part_of_the_name(extractor):
    out = facts(extractor, "Meeting\n\nThe talks were attended by ASEAN Secretary-General Dato Karl Bergson on Monday.", POSTS)
    assert ("PostTenure", "holder", "Karl Bergson") in out


def test_who_an_outlet_quoted_as_saying_speaks_in_it(extractor):
    out = facts(extractor, "Hack\n\nThe Interfax news agency quoted Deputy Minister Karl Berg as saying the attack had failed.")
    assert ("Statement", "speaker", "Karl Berg") in out
    assert ("Statement", "publishedIn", "Interfax news agency") in out
    passive = facts(extractor, "Hack\n\nKarl Berg was quoted by Interfax as saying the attack had failed.")
    assert ("Statement", "speaker", "Karl Berg") in passive
    assert ("Statement", "publishedIn", "Interfax") in passive
    plain = facts(extractor, "Hack\n\nThe report quoted figures from the ministry on the attack.")
    assert not plain


@pytest.mark.parametrize(
    ("sentence", "post"),
    [
        ("NATO Secretary-General Karl Bergson said the alliance would help.", "NATO Secretary-General"),
        ("Peru's Vice-President Ana Ruiz said the servers were safe.", "Vice-President"),
        ("The bloc's Secretary-General, Karl Bergson, said the pact mattered.", "Secretary-General"),
    ],
)
def test_a_hyphened_title_is_one_post(extractor, sentence, post):
    """The tokenizer splits 'Secretary-General' in three; the post is the whole title, never its last part
    ('General'), which would make every secretary-general a general."""
    out = named_facts(extractor, "Meeting\n\n" + sentence, "doc-r7-hyphen", ("holdsPost",), ())
    assert {o for _, p, o in out if p == "holdsPost"} and all(post in o for _, _, o in out)
    assert not {o for _, _, o in out if o in ("General", "President")}
