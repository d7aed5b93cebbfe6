"""Every competency query gives the exact expected answer on the seed graph, on both store backends."""

from __future__ import annotations

import pytest
from rdflib import Variable

from cyberkg.queries.runner import named_queries, run_query

AGREEMENT_2017 = "China–Canada agreement against economic cyber espionage (2017)"
UNDERSTANDING_2015 = "US–China understanding on corporate cyber espionage (2015)"


def rows(store, name: str, *columns: str) -> list[tuple]:
    result = run_query(store, name)
    return [tuple(None if r.get(Variable(c)) is None else str(r.get(Variable(c))) for c in columns) for r in result.bindings]


def test_every_named_query_states_its_question():
    queries = named_queries()
    assert len(queries) >= 8
    for q in queries:
        assert q.text.startswith("# Question:"), q.name
        assert "?" in q.question, q.name


def test_agreement_parties(any_store):
    got = sorted(set(rows(any_store, "agreement-parties", "agreementLabel", "partyLabel")))
    assert got == sorted(
        [
            (AGREEMENT_2017, "Canada"),
            (AGREEMENT_2017, "China"),
            ("China–Canada agreement on sharing and returning recovered assets (proposed)", "Canada"),
            ("China–Canada agreement on sharing and returning recovered assets (proposed)", "China"),
            ("China–Canada extradition treaty (proposed)", "Canada"),
            ("China–Canada extradition treaty (proposed)", "China"),
            ("China–Canada future cooperation framework", "Canada"),
            ("China–Canada future cooperation framework", "China"),
            (UNDERSTANDING_2015, "China"),
            (UNDERSTANDING_2015, "United States"),
        ]
    )
    kinds = {r[0]: r[1] for r in rows(any_store, "agreement-parties", "agreementLabel", "kind")}
    assert set(kinds[AGREEMENT_2017].split(", ")) == {"formal agreement", "bilateral agreement"}
    assert set(kinds[UNDERSTANDING_2015].split(", ")) == {"informal understanding", "bilateral agreement"}


def test_representatives_and_roles(any_store):
    assert rows(any_store, "representatives", "agreementLabel", "personLabel", "representedLabel", "postLabel") == [
        (AGREEMENT_2017, "Daniel Jean", "Canada", "National Security and Intelligence Advisor to the Prime Minister of Canada"),
        (AGREEMENT_2017, "Wang Yongqing", "China", "senior Communist Party official"),
    ]


def test_officials_and_posts(any_store):
    assert rows(any_store, "officials", "personLabel", "postLabel", "postInLabel", "inPostOn") == [
        (
            "Daniel Jean",
            "National Security and Intelligence Advisor to the Prime Minister of Canada",
            "Government of Canada",
            "2017-06",
        ),
        ("Justin Trudeau", "Prime Minister of Canada", "Government of Canada", "2017-06-18"),
        ("Li Keqiang", "Premier of China", "Government of China", "2017-06-18"),
        ("Wang Yongqing", "senior Communist Party official", "Communist Party of China", "2017-06"),
    ]


def test_timeline_in_order_with_precision_and_derivation(any_store):
    got = rows(any_store, "timeline", "thing", "date", "precision", "derived")
    short = [(t.rsplit("/", 1)[-1], d, p, dv) for t, d, p, dv in got]
    assert short == [
        ("nrc-intrusion-2014", "2014", "year", "false"),
        ("breach-decline-2015", "2015", "year", "true"),
        ("us-cn-understanding-2015", "2015", "year", "false"),
        ("jean-wang-talks", "2017-06", "month", "true"),
        ("cn-cybersecurity-law", "2017-06", "month", "true"),
        ("cn-cybersecurity-law-in-effect", "2017-06", "month", "true"),
        ("xinhua-statement-2017", "2017-06", "month", "true"),
        ("pm-call", "2017-06-18", "day", "true"),
        ("ca-cn-agreement-2017", "2017-06-22", "day", "true"),
        ("ca-gov-statement-2017", "2017-06-22", "day", "false"),
    ]
    derivations = {t.rsplit("/", 1)[-1]: d for t, d in rows(any_store, "timeline", "thing", "derivation")}
    assert "four days" in derivations["pm-call"].lower() or "P4D" in derivations["pm-call"]


def test_scope_covers_and_excludes(any_store):
    got = [r for r in rows(any_store, "agreement-scope", "agreementLabel", "scope", "topicLabel") if r[0] == AGREEMENT_2017]
    assert got == [
        (AGREEMENT_2017, "covers", "cyber-enabled theft of intellectual property"),
        (AGREEMENT_2017, "covers", "economic cyber espionage"),
        (AGREEMENT_2017, "covers", "hacking corporate secrets"),
        (AGREEMENT_2017, "covers", "theft of confidential business information"),
        (AGREEMENT_2017, "covers", "theft of proprietary technology"),
        (AGREEMENT_2017, "covers", "theft of trade secrets"),
        (AGREEMENT_2017, "excludes", "cyber spying for intelligence gathering"),
        (AGREEMENT_2017, "excludes", "general cyber attacks on government"),
    ]


def test_incidents_with_victims_claims_and_denials(any_store):
    got = sorted(
        set(
            rows(
                any_store,
                "incidents",
                "incidentLabel",
                "date",
                "victimLabel",
                "attributedToLabel",
                "claimantLabel",
                "denierLabel",
            )
        ),
        key=str,
    )
    assert got == sorted(
        [
            (
                "2014 intrusion into the National Research Council of Canada",
                "2014",
                "National Research Council of Canada",
                "Chinese attackers",
                "Infosecurity Magazine",
                None,
            ),
            (
                "Breaches attributed to China-based groups",
                None,
                None,
                "China-based groups",
                "US cyber security executives and government advisers",
                None,
            ),
            (
                "Cyber attacks against U.S. commercial targets",
                None,
                "U.S. commercial targets",
                "Chinese individuals and companies",
                "Obama administration",
                None,
            ),
            (
                "Hacking attacks on companies to acquire sensitive foreign technology",
                None,
                "companies targeted by state-sponsored hacking",
                "China",
                "United States",
                "China",
            ),
        ],
        key=str,
    )


def test_statements_speaker_quote_outlet(any_store):
    got = {
        r[0].rsplit("/", 1)[-1]: r[1:]
        for r in rows(any_store, "statements", "statement", "speakerLabel", "outletLabel", "quote", "reportedIn")
    }
    assert set(got) == {
        "ca-gov-statement-2017",
        "xinhua-statement-2017",
        "cn-embassy-press-release",
        "official-remark-globe",
        "official-remark-pact",
    }
    speaker, outlet, quote, reported = got["official-remark-globe"]
    assert (speaker, outlet) == ("unnamed senior Canadian government official", "The Globe and Mail")
    assert quote.startswith("This is something that three or four years ago")
    assert sorted(reported.split()) == ["https://w3id.org/cyberkg/doc/article-000", "https://w3id.org/cyberkg/doc/article-001"]
    assert got["ca-gov-statement-2017"][:2] == ("Government of Canada", "Government of Canada website")
    assert got["cn-embassy-press-release"][0] == "Embassy of the People's Republic of China in Canada"
    assert "extradition treaty" in got["cn-embassy-press-release"][2]
    assert got["xinhua-statement-2017"][:2] == ("Xinhua News Agency", "Xinhua News Agency")


def test_corroboration_counts_sources(any_store):
    got = {
        (s.rsplit("/", 1)[-1], p.rsplit("#", 1)[-1], o.rsplit("/", 1)[-1]): (int(n), sorted(d.split()))
        for s, p, o, n, d in rows(any_store, "corroboration", "subject", "predicate", "object", "sources", "documents")
    }
    both = ["https://w3id.org/cyberkg/doc/article-000", "https://w3id.org/cyberkg/doc/article-001"]
    assert got[("ca-cn-agreement-2017", "hasParty", "china")] == (2, both)
    assert got[("ca-cn-agreement-2017", "announcedIn", "ca-gov-statement-2017")] == (2, both)
    assert got[("ca-cn-agreement-2017", "firstReportedBy", "globe-and-mail")] == (1, both[:1])
    assert got[("nrc-intrusion-2014", "victim", "nrc")] == (1, both[1:])
    assert max(n for n, _ in got.values()) == 2


def test_related_agreements(any_store):
    assert rows(any_store, "related-agreements", "agreementLabel", "relation", "otherLabel", "otherDate") == [
        (AGREEMENT_2017, "preceded by", UNDERSTANDING_2015, "2015"),
        (AGREEMENT_2017, "similar to", UNDERSTANDING_2015, "2015"),
    ]


def test_claims_include_denial_and_criticism(any_store):
    got = set(rows(any_store, "claims", "kind", "claimantLabel", "aboutLabel"))
    assert ("denial", "China", "Beijing sponsors hacking attacks on companies") in got
    assert ("criticism", "global tech firms and lobbies", "China's cyber security law (2017)") in got


def test_evidence_query_quotes_are_verbatim(any_store, built_store):
    from cyberkg.graph.seedset import load_seedset

    texts = {f"https://w3id.org/cyberkg/doc/{k}": d.text for k, d in load_seedset().documents.items()}
    got = rows(any_store, "evidence", "doc", "quote", "start", "end")
    assert len(got) > 30
    for doc, quote, start, end in got:
        assert texts[doc][int(start) : int(end)] == quote


@pytest.mark.parametrize("query", [q.name for q in named_queries() if not q.federated])
def test_backends_agree(built_store, any_store, query):
    """Every named query gives the same rows on every backend as on the embedded store."""
    assert _normalised(run_query(any_store, query)) == _normalised(run_query(built_store, query))


def _normalised(result) -> list:
    """Rows as sorted tuples; unbound variables dropped, GROUP_CONCAT order (engine-defined) ignored."""
    return sorted(
        tuple(sorted((str(k), " ".join(sorted(str(v).replace(",", " ").split()))) for k, v in row.items() if v is not None))
        for row in result.bindings
    )
