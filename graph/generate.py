"""A deterministic generator of synthetic cyber-diplomacy corpora in the seed format, for benchmarks and
scale tests (`cyberkg generate`). Every name is invented (no real state, person or event), every fact
is quoted from a generated article, so the output builds and validates like the curated seeds.

Shape: about 200 states, each with a government, agencies and officials holding posts; stories
(one generated article each) about bilateral agreements (parties, representatives, scope, date),
cyber incidents (victim, date, attribution claims and denials) and statements reported by news
outlets. The same (facts, seed) always gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_SYLLABLES = (
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fal",
    "gor",
    "hes",
    "ist",
    "jor",
    "kal",
    "lun",
    "mar",
    "nor",
    "ost",
    "pel",
    "quin",
    "ros",
    "sel",
    "tar",
    "ul",
    "vel",
    "wen",
    "xan",
    "yor",
    "zel",
)
_GIVEN = (
    "Ana",
    "Boris",
    "Chen",
    "Dara",
    "Elif",
    "Femi",
    "Goran",
    "Hana",
    "Ivo",
    "Jana",
    "Kiri",
    "Lena",
    "Milo",
    "Nadia",
    "Omar",
    "Petra",
    "Quentin",
    "Rina",
    "Sami",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zora",
)
_TOPICS = (
    "economic-cyber-espionage",
    "theft-of-trade-secrets",
    "theft-of-proprietary-technology",
    "law-enforcement-cooperation",
    "cyber-attacks-on-government",
    "intelligence-gathering",
)
_TOPIC_WORDS = {
    "economic-cyber-espionage": "economic cyber espionage",
    "theft-of-trade-secrets": "the theft of trade secrets",
    "theft-of-proprietary-technology": "the theft of proprietary technology",
    "law-enforcement-cooperation": "law enforcement cooperation",
    "cyber-attacks-on-government": "cyber attacks on government networks",
    "intelligence-gathering": "intelligence gathering",
}
_POSTS = ("Foreign Minister", "National Security Adviser", "Cyber Ambassador", "Interior Minister")
FACTS_PER_STATE = 12  # state, government, agency, two officials with posts: what `_state` emits


@dataclass
class _Corpus:
    rng: random.Random
    documents: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    entities: dict[str, list[dict]] = field(default_factory=dict)  # file stem -> records
    facts: int = 0

    def add(self, kind: str, record: dict) -> dict:
        self.entities.setdefault(kind, []).append(record)
        self.facts += 2 + len(record.get("facts", []))  # type and label are facts too
        return record


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _states(corpus: _Corpus, count: int) -> list[dict]:
    names: set[str] = set()
    states: list[dict] = []
    while len(states) < count:
        name = _name(corpus.rng, 2) + corpus.rng.choice(("ia", "land", "stan", "ora", "esh"))
        if name in names:
            continue
        names.add(name)
        states.append({"id": f"state-{len(states):03d}", "name": name, "demonym": name + "n", "officials": []})
    return states


def _state_article(corpus: _Corpus, state: dict) -> None:
    """A profile article for each state: its government, a cyber agency and two officials with posts."""
    doc = f"profile-{state['id']}"
    name, sid = state["name"], state["id"]
    agency = f"{name} Cyber Security Agency"
    sentences = [f"Profile: the cyber diplomacy of {name}", f"The government of {name} set up the {agency}."]
    officials = []
    for i, post in enumerate(corpus.rng.sample(_POSTS, 2)):
        person = f"{corpus.rng.choice(_GIVEN)} {_name(corpus.rng, 2)}"
        officials.append((f"{sid}-official-{i}", person, f"{post} of {name}", f"{sid}-post-{i}"))
        sentences.append(f"{person} serves as {post} of {name}.")
    text = " ".join(sentences) + "\n"
    _document(corpus, doc, sentences[0], text, dt.date(2015, 1, 1) + dt.timedelta(days=int(sid[-3:])))
    ev = {doc: sentences[1]}
    corpus.add(
        "states",
        {
            "id": sid,
            "type": "State",
            "label": name,
            "mentions": {doc: sentences[0]},
            "facts": [{"p": "demonym", "value": state["demonym"], "evidence": {doc: sentences[0]}}],
        },
    )
    corpus.add(
        "organisations",
        {
            "id": f"{sid}-gov",
            "type": "Government",
            "label": f"Government of {name}",
            "mentions": {doc: f"The government of {name}"},
            "facts": [{"p": "governmentOf", "o": sid, "evidence": ev}],
        },
    )
    corpus.add(
        "organisations",
        {
            "id": f"{sid}-agency",
            "type": "GovernmentAgency",
            "label": agency,
            "mentions": {doc: agency},
            "facts": [{"p": "actsFor", "o": sid, "evidence": ev}],
        },
    )
    for (pid, person, post_label, post_id), sentence in zip(officials, sentences[2:], strict=False):
        quote = {doc: sentence}
        corpus.add(
            "posts",
            {
                "id": post_id,
                "type": "Post",
                "label": post_label,
                "mentions": quote,
                "facts": [{"p": "postIn", "o": f"{sid}-gov", "evidence": quote}],
            },
        )
        corpus.add(
            "people",
            {
                "id": pid,
                "type": "Person",
                "label": person,
                "mentions": quote,
                "facts": [{"p": "holdsPost", "o": post_id, "evidence": quote}, {"p": "basedIn", "o": sid, "evidence": quote}],
            },
        )
    state["officials"] = [(pid, person) for pid, person, _, _ in officials]


def _document(corpus: _Corpus, doc: str, title: str, text: str, date: dt.date) -> None:
    corpus.texts[doc] = title + "\n\n" + text
    corpus.documents.append(
        {
            "id": doc,
            "type": "NewsArticle",
            "file": f"articles/{doc}.txt",
            "label": title,
            "mentions": {doc: title},
            "facts": [
                {"p": "language", "value": "en", "evidence": {doc: title}},
                {"p": "date", "date": date.isoformat(), "evidence": {doc: title}},
            ],
        }
    )
    corpus.facts += 4


def _agreement_story(corpus: _Corpus, n: int, a: dict, b: dict, outlet: str, date: dt.date) -> None:
    doc, aid = f"story-{n:06d}", f"agreement-{n:06d}"
    label = f"{a['name']}–{b['name']} cyber accord of {date.isoformat()}"
    (rep_a, name_a), (rep_b, name_b) = corpus.rng.choice(a["officials"]), corpus.rng.choice(b["officials"])
    topic = corpus.rng.choice(_TOPICS)
    s1 = f"{a['name']} and {b['name']} signed the {label} on {date.strftime('%d %B %Y')}."
    s2 = f"{name_a} represented {a['name']} and {name_b} represented {b['name']} in the talks."
    s3 = f"The accord covers {_TOPIC_WORDS[topic]}."
    s4 = f"{name_a} told {outlet} that the accord (number {n}) was a milestone."
    _document(corpus, doc, f"{a['name']} and {b['name']} sign cyber accord", " ".join((s1, s2, s3, s4)) + "\n", date)
    corpus.add(
        "agreements",
        {
            "id": aid,
            "type": ["FormalAgreement", "BilateralAgreement"],
            "label": label,
            "mentions": {doc: label},
            "facts": [
                {"p": "hasParty", "o": [a["id"], b["id"]], "evidence": {doc: s1}},
                {"p": "hasRepresentative", "o": [rep_a, rep_b], "evidence": {doc: s2}},
                {"p": "covers", "o": f"topic:{topic}", "evidence": {doc: s3}},
                {"p": "date", "date": date.isoformat(), "evidence": {doc: s1}},
            ],
        },
    )
    corpus.add(
        "statements",
        {
            "id": f"remark-{n:06d}",
            "type": "Remark",
            "label": f"{name_a} on accord {n}",
            "mentions": {doc: s4},
            "facts": [
                {"p": "speaker", "o": rep_a, "evidence": {doc: s4}},
                {"p": "publishedIn", "o": _outlet_id(outlet), "evidence": {doc: s4}},
                {"p": "subject", "o": aid, "evidence": {doc: s4}},
            ],
        },
    )


def _incident_story(corpus: _Corpus, n: int, victim: dict, accused: dict, outlet: str, date: dt.date) -> None:
    doc, iid = f"story-{n:06d}", f"incident-{n:06d}"
    label = f"Intrusion into the {victim['name']} Cyber Security Agency ({date.isoformat()})"
    s1 = f"On {date.strftime('%d %B %Y')} intruders broke into the networks of the {victim['name']} Cyber Security Agency."
    s2 = f"{victim['name']} officials blamed hackers backed by {accused['name']} for intrusion {n}, {outlet} reported."
    s3 = f"{accused['name']} denied any role in intrusion {n}."
    _document(
        corpus,
        doc,
        f"{victim['name']} blames {accused['name']} for intrusion",
        " ".join((s1, s2, s3)) + "\n",
        date + dt.timedelta(days=2),
    )
    corpus.add(
        "incidents",
        {
            "id": iid,
            "type": "CyberIntrusion",
            "label": label,
            "mentions": {doc: s1},
            "facts": [
                {"p": "victim", "o": f"{victim['id']}-agency", "evidence": {doc: s1}},
                {"p": "date", "date": date.isoformat(), "evidence": {doc: s1}},
            ],
        },
    )
    corpus.add(
        "claims",
        {
            "id": f"claim-{n:06d}",
            "type": "AttributionClaim",
            "label": f"{victim['name']} attributes intrusion {n} to {accused['name']}",
            "mentions": {doc: s2},
            "facts": [
                {"p": "claimant", "o": victim["id"], "evidence": {doc: s2}},
                {"p": "attributedTo", "o": accused["id"], "evidence": {doc: s2}},
                {"p": "subject", "o": iid, "evidence": {doc: s2}},
            ],
        },
    )
    corpus.add(
        "claims",
        {
            "id": f"denial-{n:06d}",
            "type": "Denial",
            "label": f"{accused['name']} denies intrusion {n}",
            "mentions": {doc: s3},
            "facts": [
                {"p": "claimant", "o": accused["id"], "evidence": {doc: s3}},
                {"p": "denies", "o": f"claim-{n:06d}", "evidence": {doc: s3}},
            ],
        },
    )


def _outlet_id(name: str) -> str:
    return "outlet-" + name.lower().replace(" ", "-")


def generate(facts: int, seed: int = 1, states: int = 200) -> _Corpus:
    """About `facts` facts (each type, label and relation with its evidence counts as one)."""
    corpus = _Corpus(random.Random(seed))
    all_states = _states(corpus, max(2, min(states, facts // (FACTS_PER_STATE * 3) or 2)))
    for state in all_states:
        _state_article(corpus, state)
    outlets = [f"The {_name(corpus.rng, 2)} {kind}" for kind in ("Times", "Herald", "Post", "Wire", "Courier")]
    masthead = "Outlets covered in this corpus"
    _document(corpus, "outlets", masthead, ", ".join(outlets) + ".\n", dt.date(2015, 1, 1))
    for outlet in outlets:
        corpus.add(
            "organisations", {"id": _outlet_id(outlet), "type": "NewsOutlet", "label": outlet, "mentions": {"outlets": outlet}}
        )
    n = 0
    while corpus.facts < facts:
        a, b = corpus.rng.sample(all_states, 2)
        date = dt.date(2010, 1, 1) + dt.timedelta(days=corpus.rng.randrange(365 * 15))
        story = _agreement_story if n % 2 == 0 else _incident_story
        story(corpus, n, a, b, corpus.rng.choice(outlets), date)
        n += 1
    return corpus


def write_corpus(corpus: _Corpus, out: Path) -> dict[str, int]:
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "entities").mkdir(parents=True, exist_ok=True)
    header = "# Synthetic test corpus written by `cyberkg generate`: invented names, not news.\n"
    for doc, text in corpus.texts.items():
        (out / "articles" / f"{doc}.txt").write_text(text, encoding="utf-8")

    def dump(data: object) -> str:
        return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)

    (out / "documents.yaml").write_text(dump(corpus.documents), encoding="utf-8")
    for kind, records in corpus.entities.items():
        (out / "entities" / f"{kind}.yaml").write_text(dump(records), encoding="utf-8")
    return {"documents": len(corpus.documents), "facts": corpus.facts, "entities": sum(len(r) for r in corpus.entities.values())}


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
