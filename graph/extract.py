"""Rule-based extraction of candidate facts from an article, with spaCy's tokenizer, sentencizer,
EntityRuler and Matcher (no statistical model, nothing downloaded). No rule names a seed sentence:
the rules are lexicons (the gazetteer, the graph's own labels and aliases, titles, cue words) and
sentence-level patterns that any article can trigger.

Entities: states (names, short names, demonyms, capital metonyms) from the shipped gazetteer and the
graph; every entity already in the graph by label and alias (so no second node is made for it); people
introduced by a title ("Prime Minister Justin Trudeau", "official Wang Yongqing") and later mentions
of their surname; organisations by shape ("… News Agency", "Embassy of …", "Ministry of …").
Relations, per sentence: agreements (a pact/deal/accord/agreement cue with two or more states: parties;
"the pact", "the deal" later in the article are the same agreement), representatives ("represented by"),
statements (a speaker and a say-verb; quoted words), incidents (an attack cue and a victim), attribution
claims and denials, and dates (graph.timex) for the agreement or incident of the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language

from cyberkg.graph.reader import Article
from cyberkg.graph.timex import find_dates

TITLES = ("prime minister", "premier", "president", "minister", "foreign minister", "secretary", "ambassador",
          "adviser", "advisor", "official", "spokesperson", "spokesman", "spokeswoman", "chancellor", "director",
          "chief", "general", "senator", "envoy", "commissioner", "head", "leader", "chairman", "chairwoman")
AGREEMENT_CUES = re.compile(r"\b(agreement|agreed|pact|deal|accord|understanding|treaty|memorandum|signed)\b", re.I)
AGREEMENT_REFS = re.compile(r"\b(the|this|that|new|bilateral|recent) (new |bilateral |recent )?(agreement|pact|deal|accord|understanding)\b", re.I)
ATTACK_CUES = re.compile(r"\b(hack(?:ed|ing|s)?|intrusion|breach(?:ed|es)?|cyber-?attacks?|attack(?:ed|s)?|compromised|infiltrat\w+)\b", re.I)
SAY_CUES = re.compile(r"\b(said|says|told|stated|added|announced|noted|warned|according to)\b", re.I)
BLAME_CUES = re.compile(r"\b(blamed|attributed|accused|linked|pinned)\b", re.I)
DENY_CUES = re.compile(r"\b(denied|denies|rejected|dismissed)\b", re.I)
QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
OUTLETS = ["herald", "courier", "gazette", "times", "post", "wire", "journal", "tribune", "telegraph", "chronicle",
           "globe", "mail", "magazine", "news"]
NAME = {"TEXT": {"REGEX": r"^([A-Z][\w\-]*|'s|’s)$"}}  # a capitalised word, or the possessive inside a name
ORG_WORDS = ["agency", "council", "commission", "institute", "bureau", "corporation", "inc", "ltd", "group", "party",
             "authority", "service", "command", "centre", "center", "police", "ministry", "office", "university", "bank"]
ORG_SHAPES = [
    [NAME, {**NAME, "OP": "*"}, {"LOWER": {"IN": ORG_WORDS}}, {"LOWER": "of"}, NAME, {**NAME, "OP": "*"}],
    [{"LOWER": {"IN": ["embassy", "ministry", "department", "office"]}}, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"},
     NAME, {"TEXT": {"REGEX": r"^([A-Z][\w\-]*|'s|’s|of)$"}, "OP": "*"}, {"LOWER": "in"}, NAME],
    [{"LOWER": "the", "OP": "?"}, {"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": OUTLETS}, "IS_TITLE": True}],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["agency", "office", "centre", "center"]}}, {"LOWER": "for"},
     {"IS_TITLE": True, "OP": "+"}],
    [{"LOWER": {"IN": ["national", "federal"]}}, {"LOWER": {"IN": ["congress", "parliament", "assembly"]}}],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["news", "press"]}}, {"LOWER": "agency"}],
    [{"LOWER": {"IN": ["embassy", "ministry", "department", "office"]}}, {"LOWER": "of"},
     {"LOWER": "the", "OP": "?"}, {"IS_TITLE": True, "OP": "+"}],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["agency", "council", "commission", "institute", "bureau",
                                                      "corporation", "inc", "ltd", "group", "party", "authority",
                                                      "service", "command", "centre", "center", "police",
                                                      "ministry", "office", "university", "bank"]}}],
]


@dataclass
class Mention:
    entity: str  # an id: known, from the gazetteer, or minted here
    kind: str  # State, Person, Organisation, …
    label: str
    sentence: str
    start: int
    end: int
    confidence: float
    known: bool = False


@dataclass
class Relation:
    subject: str
    predicate: str
    objects: list[str]
    sentence: str
    confidence: float


@dataclass
class Extraction:
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    new_entities: dict[str, dict] = field(default_factory=dict)  # id -> {type, label}
    relations: list[Relation] = field(default_factory=list)
    dates: dict[str, tuple[dict, str]] = field(default_factory=dict)  # entity -> (seed date, sentence)


@Language.component("cyberkg_paragraphs")
def paragraphs(doc):
    """A blank line (a heading, a new paragraph) always starts a sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict, ...]:
    path = resources.files("cyberkg.seeds") / "gazetteer" / "states.yaml"
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entity"


class Extractor:
    """Built once per known-entity table (the graph's entities); `extract` is then cheap per article."""

    def __init__(self, known: dict[str, tuple]) -> None:
        """known: id -> (broad class, label, aliases, …) of the entities already in the graph."""
        import spacy
        from spacy.matcher import Matcher

        self.known = known
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("cyberkg_paragraphs")
        self.nlp.add_pipe("sentencizer")
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        patterns, self.kinds, self.names = [], {}, {}
        for state in gazetteer():
            sid = next((i for i, (k, label, aliases, *_) in known.items()
                        if k == "State" and state["name"] in (label, *aliases)), state["id"])
            self.kinds[sid], self.names[sid] = "State", state["name"]
            for name in [state["name"], *state.get("aliases", []), *state.get("demonyms", [])]:
                patterns.append({"label": "State", "pattern": name, "id": sid})
            if state.get("capital"):
                patterns.append({"label": "State", "pattern": state["capital"], "id": sid})
        for entity, (kind, label, aliases, *_) in known.items():
            self.kinds[entity] = kind
            for name in [label, *aliases]:
                if len(name) > 2:
                    patterns.append({"label": kind, "pattern": name, "id": entity})
        ruler.add_patterns(patterns)
        self.matcher = Matcher(self.nlp.vocab)
        self.matcher.add("ORG", ORG_SHAPES)
        title_tokens = [{"LOWER": {"IN": sorted({w for t in TITLES for w in t.split()})}}]
        name = {"IS_TITLE": True, "IS_STOP": False}
        self.matcher.add("PERSON", [title_tokens + comma + [name] * n for n in (2, 3)
                                    for comma in ([], [{"ORTH": ","}])]
                         + [[{"ORTH": {"IN": ["'s", "’s"]}}] + [name] * n for n in (2, 3)])

    def extract(self, article: Article, published: dt.date | None) -> Extraction:
        doc = self.nlp(article.text)
        out = Extraction(article)
        surnames: dict[str, str] = {}
        spans = [(e.start_char, e.end_char, e.label_, e.ent_id_, e.text) for e in doc.ents]
        title_words = {w for t in TITLES for w in t.split()}
        matches = [(m, doc[start:end]) for m, start, end in self.matcher(doc)]
        for match_id, span in sorted(matches, key=lambda m: -len(m[1])):  # longest first
            kind = self.nlp.vocab.strings[match_id]
            if kind == "PERSON":
                name_tokens = [t for t in span if t.is_title and t.lower_ not in title_words]
                if len(name_tokens) < 2 or any(t.lower_ in ORG_WORDS for t in name_tokens):
                    continue
                first, last = name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1])
                if any(first < e and s < last for s, e, *_ in spans):
                    continue
                name = doc.text[first:last]
                pid = next((i for i, (k, label, aliases, *_) in self.known.items()
                            if k == "Person" and name in (label, *aliases)), slug(name))
                spans.append((first, last, "Person", pid, name))
                surnames[name.split()[-1]] = pid
            elif not any(span.start_char < e and s < span.end_char for s, e, kind2, *_ in spans if kind2 != "State"):
                text = span.text[4:] if span.text.lower().startswith("the ") else span.text
                start_char = span.end_char - len(text)
                spans.append((start_char, span.end_char, "Organisation", slug(text), text))
        for start, end, kind, entity, text in list(spans):  # "the Canadian government", "Government of Canada"
            if kind != "State":
                continue
            after = doc.text[end:end + 12].lower()
            before = doc.text[max(0, start - 14):start].lower()
            if after.startswith(" government") or before.endswith("government of "):
                g_start = start if after.startswith(" government") else start - 14
                g_end = end + 11 if after.startswith(" government") else end
                name = f"Government of {self.names.get(entity) or self.known.get(entity, ('', text))[1]}"
                gid = next((i for i, (k, label, *_) in self.known.items() if label == name), "gov-" + entity)
                spans.append((g_start, g_end, "Organisation", gid, name))
                self.kinds.setdefault(gid, "Government")
        for token in doc:  # later mentions of a person by surname
            if token.text in surnames and not any(s <= token.idx < e for s, e, *_ in spans):
                spans.append((token.idx, token.idx + len(token), "Person", surnames[token.text], token.text))
        sentences = list(doc.sents)
        by_sentence: dict[int, list[Mention]] = {}
        for start, end, kind, entity, text in sorted(set(spans)):
            sent = next(s for s in sentences if s.start_char <= start < s.end_char)
            known = entity in self.known
            label = self.known[entity][1] if known else text  # "the Canadian government" is Government of Canada
            mention = Mention(entity, self.known[entity][0] if known else kind, label, sent.text.strip(), start, end,
                              0.95 if known else 0.75, known)
            out.mentions.append(mention)
            by_sentence.setdefault(sent.start_char, []).append(mention)
            if not known and entity not in out.new_entities:
                out.new_entities[entity] = {"type": self.kinds.get(entity, kind), "label": self.names.get(entity, text)}
        self._relations(out, sentences, by_sentence, published)
        return out

    def _relations(self, out: Extraction, sentences, by_sentence, published) -> None:
        agreement = None
        dates = find_dates(out.article.text, published)
        for sent in sentences:
            text, mentions = sent.text.strip(), by_sentence.get(sent.start_char, [])
            states = sorted({m.entity for m in mentions if self.kinds.get(m.entity, m.kind) == "State"})
            people = [m for m in mentions if m.kind == "Person"]
            actors = [m for m in mentions if m.kind in ("Person", "Organisation", "Government", "NewsAgency")]
            sent_dates = [d for d in dates if sent.start_char <= d.start < sent.end_char]
            creates = AGREEMENT_CUES.search(text) and len(states) >= 2 and agreement is None
            if creates:
                agreement = f"agreement-{out.article.id}"
                names = "–".join(self.known.get(s, ("", s.replace("-", " ").title(), []))[1] or s for s in states[:3])
                out.new_entities[agreement] = {"type": "Agreement", "label": f"{names} agreement ({out.article.id})"}
                out.relations.append(Relation(agreement, "hasParty", states, text, 0.7))
                out.mentions.append(Mention(agreement, "Agreement", text, text, sent.start_char, sent.end_char, 0.7))
            elif agreement and AGREEMENT_REFS.search(text) and re.search(r"\b(signed|agreed|sign|agree)\b", text) \
                    and len(states) >= 2:
                out.relations.append(Relation(agreement, "hasParty", states, text, 0.6))
            if agreement and ("represented by" in text or " represented " in text) and people:
                out.relations.append(Relation(agreement, "hasRepresentative", sorted({p.entity for p in people}), text, 0.6))
            if agreement and sent_dates and (AGREEMENT_CUES.search(text)) and agreement not in out.dates:
                out.dates[agreement] = (sent_dates[0].as_seed(), text)
            if SAY_CUES.search(text) and actors:
                speaker = actors[0].entity
                statement = f"statement-{out.article.id}-{sent.start_char}"
                out.new_entities[statement] = {"type": "Statement", "label": f"{actors[0].label}: statement in {out.article.id}"}
                out.mentions.append(Mention(statement, "Statement", text, text, sent.start_char, sent.end_char, 0.6))
                out.relations.append(Relation(statement, "speaker", [speaker], text, 0.6))
            incident = None
            victims = [m.entity for m in mentions if self.kinds.get(m.entity, m.kind) in ("Organisation", "Government")]
            target_states = [m.entity for m in mentions if self.kinds.get(m.entity, m.kind) == "State"
                             and re.search(rf"\b(into|against|targeting|on) (the )?{re.escape(out.article.text[m.start:m.end])}\b",
                                           text)]
            if ATTACK_CUES.search(text) and (victims or target_states) and not creates:
                incident = f"incident-{out.article.id}-{sent.start_char}"
                out.new_entities[incident] = {"type": "Incident", "label": f"Cyber incident reported in {out.article.id}"}
                out.mentions.append(Mention(incident, "Incident", text, text, sent.start_char, sent.end_char, 0.55))
                out.relations.append(Relation(incident, "victim", [(victims or target_states)[0]], text, 0.55))
                if sent_dates:
                    out.dates[incident] = (sent_dates[0].as_seed(), text)
            blamed = [m.entity for m in mentions if self.kinds.get(m.entity, m.kind) in ("State", "Organisation", "Collective")
                      and re.search(rf"\b(on|to) (the )?{re.escape(out.article.text[m.start:m.end])}\b", text)]
            if BLAME_CUES.search(text) and blamed:
                claim = f"claim-{out.article.id}-{sent.start_char}"
                out.new_entities[claim] = {"type": "AttributionClaim", "label": f"Attribution claim in {out.article.id}"}
                out.mentions.append(Mention(claim, "AttributionClaim", text, text, sent.start_char, sent.end_char, 0.5))
                out.relations.append(Relation(claim, "attributedTo", [blamed[0]], text, 0.5))
                claimants = [s for s in states if s not in blamed]
                if claimants:
                    out.relations.append(Relation(claim, "claimant", [claimants[0]], text, 0.45))
                if incident:
                    out.relations.append(Relation(claim, "subject", [incident], text, 0.5))
            if DENY_CUES.search(text) and states:
                denial = f"denial-{out.article.id}-{sent.start_char}"
                out.new_entities[denial] = {"type": "Denial", "label": f"Denial in {out.article.id}"}
                out.mentions.append(Mention(denial, "Denial", text, text, sent.start_char, sent.end_char, 0.5))
                out.relations.append(Relation(denial, "claimant", [states[0]], text, 0.5))
