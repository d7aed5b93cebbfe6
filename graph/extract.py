"""Rule-based extraction of candidate facts from an article, with spaCy's tokenizer, sentencizer,
EntityRuler and Matcher (no statistical model, nothing downloaded). No rule names a seed sentence:
the rules are lexicons (graph.extract_lexicon: the gazetteers, titles, cue words) and phrase shapes
that any article can trigger.

Mentions (this module): states (names, short names, demonyms, capital metonyms) and well-known
organisations from the shipped gazetteers and the graph's own labels and aliases, so no second node is
made for a known entity; ambiguous organisation names ("the Communist Party") count only when the article
mentions their state. People introduced by a title ("Prime Minister Justin Trudeau", "official Wang
Yongqing") and later mentions of their surname; unnamed officials ("an unnamed Canadian government
official"); organisations by shape ("… News Agency", "Embassy of …", "the Obama administration");
governments ("the Canadian government", "the Chinese and Canadian governments"); collectives ("Chinese
individuals and companies", "China-based groups"). Relations: graph.extract_relations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.graph.extract_entities import refine_spans, retarget_titles, timeless
from cyberkg.graph.extract_entity_names import abbreviated_owner, bare_bodies, bylines, kin_names, possessed_labels
from cyberkg.graph.extract_holders import envoy_titles
from cyberkg.graph.extract_lexicon import DESCRIBED_ORG, INSTITUTION_CLASSES, ORG_WORDS, OUTLETS, THREAT_HEADS, TITLE_WORDS
from cyberkg.graph.extract_name_passes import bare_governments, best_labels, possessed_bodies, surname_mentions, told_outlets
from cyberkg.graph.extract_names import model_spans
from cyberkg.graph.extract_orgdesc import (
    described_after_state,
    described_by_state,
    portfolio_references,
    same_offices,
    wire_credits,
)
from cyberkg.graph.extract_parse import description, head_words
from cyberkg.graph.extract_people import appositive_parse, title_before, titled_person, unnamed_person
from cyberkg.graph.extract_posts import copula_titles, countries_named, owner_labels
from cyberkg.graph.extract_ruler import name_tables, shape_matchers
from cyberkg.graph.extract_speech_states import states_after_names
from cyberkg.graph.extract_types import (  # noqa: F401 (re-exported)
    ACTOR_KINDS,
    Extraction,
    Mention,
    Relation,
    RunMemory,
    Span,
    Title,
    doc_text,
    overlaps,
    slug,
)
from cyberkg.graph.reader import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan


# Capitalised nouns that make a capital's name a document's ("the Budapest Convention").
_DOCUMENT_NAMES = frozenset(
    "Convention Conventions Agreement Accord Accords Treaty Protocol Declaration Manual Call Principles".split()
)


_NAMED_AS = re.compile(r"\b(?:known\s+as|dubbed|called|calling\s+(?:itself|themselves)|named)\s+[\"“][^\"”\n]{0,40}\Z")
_QUOTE_CLOSES = re.compile(r"[^\"”\n]{0,40}[\"”]")


class Extractor:
    """Built once per known-entity table (the graph's entities); `extract` is then cheap per article."""

    def __init__(self, known: dict[str, tuple], agreements: dict[str, tuple[frozenset, str | None]] | None = None) -> None:
        """known: id -> (broad class, label, aliases, classes) of the entities already in the graph;
        agreements: id -> (parties, year) of the agreements in it, so a later article's "China–Canada pact"
        of the same year is the same node. Agreements found in earlier articles of this run join them."""
        from cyberkg.graph.extract_model import pipeline

        self.known = known
        self.statements: dict[tuple[str, str], tuple[str, dict]] = {}  # (speaker, date or quote) -> (id, record)
        self.agreement_dates: dict[str, dict] = {}  # agreement -> its seed date, for "four days after …"
        self.learned = True  # add the roles the learned models are sure of (graph.extract_learned); off to train them
        self.roles_model: Path | None = None  # those models' file, when not the shipped one
        self.run = RunMemory()  # quotations and talks of earlier articles of the run (graph.extract_timeline)
        self.agreements: dict[str, tuple[frozenset, str | None, dict]] = {
            a: (parties, year, {"type": known[a][3][0] if a in known else "Agreement", "label": a})
            for a, (parties, year) in (agreements or {}).items()
        }
        self.nlp = pipeline()  # shared and never changed: this extractor's names go into its own ruler
        tables = name_tables(self.nlp, known)  # graph.extract_ruler: the gazetteers' and the graph's names
        self.ruler, self.kinds, self.names, self.context = tables.ruler, tables.kinds, tables.names, tables.context
        self.state_context, self.capitals, self.state_ids = tables.state_context, tables.capitals, tables.state_ids
        shapes = shape_matchers(self.nlp)
        self.matcher, self.topic_matcher, self.topic_gapped = shapes.matcher, shapes.topic_matcher, shapes.topic_gapped

    def classes_of(self, entity: str, new: dict) -> set[str]:
        """The ontology classes an entity has: the graph's, or what this extraction or a gazetteer gives it."""
        if entity in self.known:
            return set(self.known[entity][3])
        return {new.get(entity, {}).get("type") or self.kinds.get(entity, "")}

    def extract(self, article: Article, published: dt.date | None) -> Extraction:
        return next(self.extract_all([(article, published)]))

    def extract_all(self, items: Iterable[tuple[Article, dt.date | None]]) -> Iterator[Extraction]:
        """(article, publication date) pairs, parsed in batches by the model and extracted in order (what
        an earlier article established — its agreements, statements — is known to the later ones)."""
        from cyberkg.graph.extract_model import parse

        items = list(items)
        for (article, published), doc in zip(items, parse((a.text for a, _ in items), self.ruler), strict=True):
            doc.user_data["cyberkg_text"] = article.text  # what doc_text gives: spaCy's tokenizer keeps the text as is
            yield self._extract(article, published, doc)

    def _extract(self, article: Article, published: dt.date | None, doc: Doc) -> Extraction:
        from cyberkg.graph.extract_relations import find_relations

        out = Extraction(article)
        spans = self._spans(doc, article.id, out.titles)
        found = sorted(
            (
                (doc[a:b].start_char, doc[a:b].end_char, self.nlp.vocab.strings[t])
                for t, a, b in [*self.topic_matcher(doc), *self.topic_gapped(doc)]
            ),
            key=lambda x: (x[0], -x[1]),
        )
        for start, end, topic in found:  # longest at each place, no overlaps
            if not out.topics or start >= out.topics[-1][1]:
                out.topics.append((start, end, topic))
        sentences = list(doc.sents)
        starts = [s.start_char for s in sentences]
        by_sentence: dict[int, list[Mention]] = {}
        index = 0
        for span in sorted(set(spans)):
            while index + 1 < len(starts) and starts[index + 1] <= span.start:
                index += 1
            sent = sentences[index]
            known = span.entity in self.known
            label = self.known[span.entity][1] if known else span.label
            mention = Mention(
                span.entity, span.kind, label, sent.text.strip(), span.start, span.end, 0.95 if known else 0.75, known
            )
            out.mentions.append(mention)
            by_sentence.setdefault(sent.start_char, []).append(mention)
            if not known and span.entity not in out.new_entities:
                out.new_entities[span.entity] = {
                    "type": span.cls or self.kinds.get(span.entity) or span.kind,
                    "label": self.names.get(span.entity, span.label),
                }
        for entity, label in best_labels(spans).items():  # the fullest name seen, not the first
            named = ("Person", "Organisation", "Company", "NewsOutlet")
            if entity in out.new_entities and out.new_entities[entity]["type"] in named:
                out.new_entities[entity]["label"] = label
        owner_labels(doc_text(doc), spans, out.new_entities)  # "Germany's Foreign Ministry", not "Foreign Ministry"
        possessed_labels(doc_text(doc), spans, out.new_entities)  # "China's military" (graph.extract_entity_names)
        abbreviated_owner(doc_text(doc), spans, out.new_entities)  # "US National Security Agency": its own name
        for span in spans:  # an unnamed person by the whole description: "spokesperson for Norway's foreign ministry"
            if span.kind == "Person" and span.entity.endswith(f"-{slug(article.id)}") and span.entity in out.new_entities:
                head = doc.char_span(span.start, span.end, alignment_mode="expand")
                start, end = description(head.root) if head is not None else (span.start, span.end)
                fuller = timeless(doc_text(doc)[start:end].split(", ")[0])  # not "…, which chairs the group", "… on Monday"
                if len(fuller) > len(out.new_entities[span.entity]["label"]) and span.label in fuller and "\n" not in fuller:
                    out.new_entities[span.entity]["label"] = fuller
        find_relations(self, out, doc, sentences, by_sentence, published)
        return out

    def _compass(self, text: str, spans: list[Span], states_here: set[str]) -> list[Span]:
        """'the North', 'the South's army': the one state named in the article whose name starts so."""
        found = []
        for m in re.finditer(r"\bthe (North|South|East|West)\b(?!\s+[A-Z])(?!-)", text):
            meant = [sid for sid in states_here if self.names.get(sid, "").startswith(f"{m.group(1)} ")]
            candidate = Span(m.start(1), m.end(1), "State", meant[0] if meant else "", m.group(1))
            if len(meant) == 1 and not overlaps(candidate, spans):
                found.append(candidate)
        return found

    def _dateline(self, e: SpacySpan) -> bool:
        """'BRUSSELS The United States …': a capital in capitals opening a line is where the story was filed,
        not the state acting."""
        text = doc_text(e.doc)
        return (
            e.label_ == "State"
            and e.text.isupper()
            and e.text.lower() in self.capitals
            and (e.start_char == 0 or text[e.start_char - 1] in "\n/")
        )  # "NEW YORK/DHAKA"

    def _no_state_here(self, e: SpacySpan) -> bool:
        """'Latin America', 'South America': a region, no state; 'the Budapest Convention', 'the Paris
        Agreement': a capital naming a document, not the state acting."""
        if e.label_ != "State":
            return False
        before = e.doc[e.start - 1] if e.start else None
        after = e.doc[e.end] if e.end < len(e.doc) else None
        if e.text == "America" and before is not None and before.text in ("Latin", "South", "North", "Central"):
            return True
        if _NAMED_AS.search(doc_text(e.doc), max(0, e.start_char - 60), e.start_char) and _QUOTE_CLOSES.match(
            doc_text(e.doc), e.end_char
        ):
            return True  # 'hackers known as "Anonymous Vela"': a group's name, not the state
        return e.text.lower() in self.capitals and after is not None and after.text in _DOCUMENT_NAMES

    def _spans(self, doc: Doc, doc_id: str, titles: list[Title]) -> list[Span]:  # noqa: C901 - one pass, case by case
        text = doc_text(doc)
        spans: list[Span] = []
        states_here = set()
        for e in doc.ents:
            if e.ent_id_ and e.label_ == "State":
                states_here.add(e.ent_id_)
        states_here |= countries_named(text, doc.ents, self.state_context)  # "the country of Georgia"
        ruled = [e for e in doc.ents if e.ent_id_]  # the model's own entities have no id: see _model_names
        for e in ruled:
            if e.label_ == "Context":  # "the Communist Party": of China only if China is in the article
                entity = next((oid for oid, state in self.context[e.ent_id_] if state in states_here), None)
                if entity:
                    spans.append(Span(e.start_char, e.end_char, "Organisation", entity, e.text))
            elif e.label_ == "StateContext":  # "Georgia", "Congo": only with the state named another way too
                meant = [sid for sid in self.state_context[e.ent_id_] if sid in states_here]
                if len(meant) == 1:
                    spans.append(Span(e.start_char, e.end_char, "State", meant[0], e.text))
            elif not self._dateline(e) and not self._no_state_here(e):
                spans.append(Span(e.start_char, e.end_char, e.label_, e.ent_id_, e.text))
        spans.extend(self._compass(text, spans, states_here))
        matches = [(self.nlp.vocab.strings[m], doc[s:e]) for m, s, e in self.matcher(doc)]
        matches.sort(key=lambda m: (-len(m[1]), m[1].start))  # longest first
        surnames: dict[str, set[str]] = {}  # a name word -> the people it may stand for
        order = {"Organisation": 0, "Institution": 1, "Unnamed": 2, "Person": 3, "Collective": 4}
        span: SpacySpan | Span  # a matcher's span of the parse, then the name spans found
        for kind, span in sorted(matches, key=lambda m: order[m[0]]):
            if kind == "Person":
                titled_person(self.known, doc, span, spans, surnames, titles)
            elif kind == "Unnamed":
                unnamed_person(self.known, self.names, doc, span, spans, doc_id)
            elif kind == "Organisation":
                self._organisation(span, spans)
            elif kind == "Institution":
                self._institution(span, spans)
            elif kind == "Collective":
                candidate = Span(span.start_char, span.end_char, "Collective", "", "")
                if overlaps(candidate, spans, ("Person", "Organisation", "Collective")):
                    continue
                head = span[-1].lower_
                spans.append(
                    Span(
                        span.start_char,
                        span.end_char,
                        "Collective",
                        slug(span.text),
                        span.text,
                        "ThreatActor" if head in THREAT_HEADS else "Collective",
                    )
                )
        spans.extend(self._described_organisations(text, spans))
        spans.extend(described_after_state(doc, spans))  # "Finland's security service SUPO"
        spans.extend(self._governments(text, spans))
        spans.extend(bare_governments(text, spans))  # "the government said"
        for span in model_spans(doc, spans, surnames):  # untitled people, organisations without a telltale word
            spans.append(span)
            if span.kind == "Person":
                title = title_before(doc, doc.char_span(span.start, span.end, alignment_mode="expand").start, spans, span.entity)  # type: ignore[union-attr]  # a model span is whole tokens: "expand" finds them
                if title:
                    titles.append(title)
        spans.extend(surname_mentions(doc, spans, surnames))  # "Trudeau", "Lim": a person named in full before
        titled = {t.person for t in titles}
        for span in [s for s in spans if s.kind == "Person" and s.cls == "Person"]:  # "X, the country's foreign minister"
            if span.entity not in titled:
                title = appositive_parse(doc, span, spans)
                if title:
                    titles.append(title)
                    titled.add(span.entity)
        titles.extend(copula_titles(doc, spans, titled))  # "X, who is the agency's director"
        spans[:] = envoy_titles(doc, spans, titles, f"-{slug(doc_id)}")  # "its ambassador to Russia, Karl Berg"
        spans[:] = states_after_names(doc, spans, titles)  # "President Karl Berg of Norway", "Presidents A of X and B of Y"
        spans[:] = [
            s
            for s in spans
            if not (
                s.kind == "Person"
                and any(  # "Commissioner for … Gender Equality"
                    t.start <= s.start and s.end <= t.end and t.person != s.entity for t in titles
                )
            )
        ]  # words of a title
        spans.extend(told_outlets(text, spans))
        spans.extend(wire_credits(text, spans))  # "MOSCOW, July 20. /TASS/."
        spans.extend(bylines(text, spans) + kin_names(text, spans))  # "By Ana Ruiz", "his daughter Yulia"
        spans.extend(self._definite_references(text, spans))
        spans = portfolio_references(same_offices(text, possessed_bodies(text, spans)))  # "the Vela Commission office"
        spans = bare_bodies(doc, spans)  # "its military action": an adjective, no body (graph.extract_entity_names)
        refined = refine_spans(text, spans, self.government)  # graph.extract_entities
        titles[:] = retarget_titles(titles, spans, refined)  # a title's body merged into a longer name
        return refined

    def _institution(self, span: SpacySpan, spans: list[Span]) -> None:
        """'the Norwegian parliament', "Russia's foreign ministry" (named without the state), 'the Russian
        embassy in Oslo'."""
        start = span[1].idx if span[0].lower_ == "the" else span.start_char
        possessive = next((t for t in span if t.text in ("'s", "’s")), None)
        if possessive is not None:
            start = possessive.idx + len(possessive) + 1
        end = span[-2].idx + len(span[-2]) if span[-1].lower_ in TITLE_WORDS else span.end_char  # not the title
        candidate = Span(start, end, "Organisation", "", "")
        if overlaps(candidate, spans, ("Person", "Organisation", "Collective")) or described_by_state(
            doc_text(span.doc), span.start_char, end, spans
        ):
            return  # "Finland's security service SUPO": the description of the name after it
        label = doc_text(span.doc)[start:end]
        head = next((w for w in label.lower().split() if w in INSTITUTION_CLASSES), label.split()[-1].lower())  # "… in Oslo"
        spans.append(Span(start, end, "Organisation", slug(label), label, INSTITUTION_CLASSES.get(head, "GovernmentAgency")))

    def _described_organisations(self, text: str, spans: list[Span]) -> list[Span]:
        found: list[Span] = []
        for described in DESCRIBED_ORG.finditer(text):
            candidate = Span(described.start(2), described.end(2), "Organisation", "", "")
            if not overlaps(candidate, spans + found):
                kind = (
                    "NewsOutlet"
                    if described.group(1) in ("newspaper", "broadcaster")
                    else "GovernmentAgency"
                    if described.group(1) == "agency"
                    else "Company"
                )
                found.append(
                    Span(candidate.start, candidate.end, "Organisation", slug(described.group(2)), described.group(2), kind)
                )
        return found

    def _definite_references(self, text: str, spans: list[Span]) -> list[Span]:
        """'the bank said', 'the Oslo-based bank said', 'sanctions against the group': the nearest organisation or
        group before it whose name ends in that noun."""
        found = []
        named = sorted((s for s in spans if s.kind in ("Organisation", "Collective")), key=lambda s: s.start)
        for ref in re.finditer(
            r"\b[Tt]he (?:[A-Z][\w.]*-based )?((?i:bank|agency|ministry|council|company|firm|group|gang|embassy|institute|"
            r"authority|office|centre|center|commission|department|party|network|unit|directorate|"
            r"service|embassy|committee))\b",
            text,
        ):
            if any(s.start <= ref.start(1) < s.end for s in spans):
                continue
            if ref.group(1)[0].isupper() and re.match(r"\s+(?:of|for|on|[A-Z])", text[ref.end() :]):
                continue  # "The Group of Seven", "the Agency Vela": a name, not a reference back ("The Department said")
            earlier = [s for s in named if s.end <= ref.start() and ref.group(1).lower() in head_words(s.label)]
            if earlier:
                target = earlier[-1]
                found.append(Span(ref.start(1), ref.end(1), target.kind, target.entity, target.label, target.cls))
        return found

    def government(self, state: str) -> tuple[str, str]:
        """The id and name of a state's government: the graph's own node if it has one."""
        state_name = self.names.get(state) or self.known.get(state, ("", state))[1]
        the = (
            "the "
            if re.match(
                r"(United|Republic|Kingdom|Federated|State) |.*(Islands|lands|ines|Emirates|Bahamas|Maldives)$", state_name
            )
            else ""
        )
        name = f"Government of {the}{state_name}"
        gid = next((i for i, (k, label, *_) in self.known.items() if label in (name, name.replace(" the ", " "))), "gov-" + state)
        self.names.setdefault(gid, name)
        return gid, name

    def _organisation(self, span: SpacySpan, spans: list[Span]) -> None:
        words = span.text.split()
        if span.text.lower().startswith(("the ", "'s ", "’s ")):  # not "the country's" possessive
            words = words[1:]
        if len(words) == 1 and words[0].lower() in ORG_WORDS:
            return  # "The Department said": a body named before (`_definite_references`), no body of its own
        label = " ".join(words)
        start = span.end_char - len(label)
        candidate = Span(start, span.end_char, "Organisation", "", "")
        inside = [
            s
            for s in spans
            if s.kind == "Organisation"
            and start <= s.start
            and s.end <= span.end_char
            and (s.start, s.end) != (start, span.end_char)
        ]
        if overlaps(candidate, [s for s in spans if s not in inside], ("Person", "Organisation", "Collective")):
            return  # but "Council of the European Union" may hold "European Union"
        states = [s for s in spans if s.kind == "State" and start <= s.start and s.end <= span.end_char]
        if (
            len(words) <= 2
            and states
            and words[-1].lower() in ORG_WORDS
            and words[0] in {doc_text(span.doc)[s.start : s.end] for s in states if self.names.get(s.entity) != words[0]}
        ):
            return  # "Dutch Agency" in a headline: a description, not a name ("Bangladesh Bank" is one)
        if len(words) == 1 and words[0].lower() in OUTLETS:  # "The Post" after "The Washington Post": that paper
            full = next(
                (
                    s
                    for s in sorted(spans, key=lambda s: -s.start)
                    if s.kind == "Organisation"
                    and s.start < start
                    and s.label.split()[-1] == words[0]
                    and len(s.label.split()) > 1
                ),
                None,
            )
            if full:
                spans.append(Span(start, span.end_char, "Organisation", full.entity, label, full.cls))
            return
        cls = "Government" if words[-1].lower() == "administration" else ""
        spans.append(Span(start, span.end_char, "Organisation", slug(label), label, cls))

    def _governments(self, text: str, spans: list[Span]) -> list[Span]:
        """'the Canadian government', 'Government of Canada', 'the Chinese and Canadian governments'."""
        found = []
        states = sorted((s for s in spans if s.kind == "State"), key=lambda s: s.start)
        for i, state in enumerate(states):
            after, before = text[state.end : state.end + 13].lower(), text[max(0, state.start - 14) : state.start].lower()
            coordinated = (
                i + 1 < len(states)
                and re.fullmatch(r",? (and|or) (the )?", text[state.end : states[i + 1].start])
                and text[states[i + 1].end : states[i + 1].end + 13].lower().startswith(" governments")
            )
            if after.startswith(" government") or coordinated:
                start, end = (
                    state.start,
                    state.end
                    + (
                        len(" governments")
                        if after.startswith(" governments")
                        else len(" government")
                        if after.startswith(" government")
                        else 0
                    ),
                )
            elif before.endswith("government of "):
                start, end = state.start - 14, state.end
            else:
                continue
            candidate = Span(start, end, "Organisation", "", "")
            if overlaps(candidate, spans, ("Organisation", "Collective")):  # "a Finnish government spokesperson" holds one
                continue
            gid, name = self.government(state.entity)
            found.append(Span(start, end, "Organisation", gid, name, "Government"))
        return found
