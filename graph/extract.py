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
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import (
    APPOSITIVE_TITLES,
    COLLECTIVE_SHAPES,
    DESCRIBED_ORG,
    INSTITUTION_CLASSES,
    INSTITUTION_SHAPES,
    LAW_WORDS,
    ORG_SHAPES,
    ORG_WORDS,
    OUTLETS,
    POST_MODIFIERS,
    RANKS,
    THREAT_HEADS,
    TITLE_WORDS,
    UNNAMED_SHAPE,
    UNNAMED_SHAPES,
    gazetteer,
    person_shapes,
    topic_labels,
)
from cyberkg.graph.extract_names import (
    bare_governments,
    best_labels,
    described_as_outlet,
    model_spans,
    possessed_bodies,
    surname_mentions,
    told_outlets,
)
from cyberkg.graph.extract_parse import description, head_words
from cyberkg.graph.extract_posts import copula_titles, countries_named, owner_labels
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
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

NAMED_KINDS = ("State", *ACTOR_KINDS, "Post")


class Extractor:
    """Built once per known-entity table (the graph's entities); `extract` is then cheap per article."""

    def __init__(self, known: dict[str, tuple], agreements: dict[str, tuple[frozenset, str | None]] | None = None) -> None:  # noqa: C901 - one table per name source
        """known: id -> (broad class, label, aliases, classes) of the entities already in the graph;
        agreements: id -> (parties, year) of the agreements in it, so a later article's "China–Canada pact"
        of the same year is the same node. Agreements found in earlier articles of this run join them."""
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.pipeline import EntityRuler

        from cyberkg.graph.extract_model import pipeline, tokenizer_only

        self.known = known
        self.statements: dict[tuple[str, str], tuple[str, dict]] = {}  # (speaker, date or quote) -> (id, record)
        self.agreement_dates: dict[str, dict] = {}  # agreement -> its seed date, for "four days after …"
        self.run = RunMemory()  # quotations and talks of earlier articles of the run (graph.extract_timeline)
        self.agreements: dict[str, tuple[frozenset, str | None, dict]] = {
            a: (parties, year, {"type": known[a][3][0] if a in known else "Agreement", "label": a})
            for a, (parties, year) in (agreements or {}).items()
        }
        self.nlp = pipeline()  # shared and never changed: this extractor's names go into its own ruler
        ruler = self.ruler = EntityRuler(tokenizer_only(), name="cyberkg_names", phrase_matcher_attr="LOWER", overwrite_ents=True)
        self.kinds: dict[str, str] = {}  # id -> ontology class for gazetteer entries
        self.names: dict[str, str] = {}  # id -> canonical name
        self.context: dict[str, list[tuple[str, str]]] = {}  # ambiguous name -> [(id, the state it needs)]
        patterns: list[dict] = []

        def add(kind: str, entity: str, names: list[str], label: str | None = None) -> None:
            for name in names:
                if len(name) < 2:
                    continue
                exact = name.replace(".", "").isupper() and len(name) <= 6  # "US" must not match "us"
                pattern = [{"ORTH": t.text} for t in self.nlp.make_doc(name)] if exact else name
                patterns.append({"label": label or kind, "pattern": pattern, "id": entity})

        def known_id(kinds: tuple[str, ...], names: list[str]) -> str | None:
            return next(
                (i for i, (k, label, aliases, *_) in known.items() if k in kinds and any(n in (label, *aliases) for n in names)),
                None,
            )

        ambiguous = {a for state in gazetteer("states") for a in state.get("ambiguous", [])}
        self.state_context: dict[str, list[str]] = {}  # ambiguous state name -> the states it may mean
        self.capitals = {s["capital"].lower() for s in gazetteer("states") if s.get("capital")}
        for state in gazetteer("states"):
            sid = known_id(("State",), [state["name"]]) or state["id"]
            self.kinds[sid], self.names[sid] = "State", state["name"]
            names = [
                state["name"],
                *state.get("aliases", []),
                *state.get("demonyms", []),
                *state.get("metonyms", []),
                *([state["capital"]] if state.get("capital") else []),
            ]
            add("State", sid, [n for n in names if n not in ambiguous])
            for name in state.get("ambiguous", []):  # "Georgia": the state only if the article names it otherwise
                self.state_context.setdefault(f"sctx-{slug(name)}", []).append(sid)
                add("State", f"sctx-{slug(name)}", [name], label="StateContext")
        self.state_ids = {s["id"]: known_id(("State",), [s["name"]]) or s["id"] for s in gazetteer("states")}
        for org in gazetteer("organisations"):
            oid = known_id(("Organisation", "Collective"), [org["name"], *org.get("aliases", [])]) or org["id"]
            self.kinds.setdefault(oid, org["type"])
            self.names.setdefault(oid, org["name"])
            add("Organisation", oid, [org["name"], *org.get("aliases", [])])
            for alias in org.get("context_aliases", []):
                self.context.setdefault(f"ctx-{slug(alias)}", []).append((oid, self.state_ids.get(org.get("country"), "")))
                add("Organisation", f"ctx-{slug(alias)}", [alias], label="Context")
        for entity, (kind, label, aliases, *_) in known.items():
            self.kinds.setdefault(entity, kind)
            if kind in NAMED_KINDS:  # events are found by the rules; their curated labels are descriptions
                add(kind, entity, [n for n in (label, *aliases) if kind != "State" or n not in ambiguous])
        ruler.add_patterns(patterns)
        self.matcher = Matcher(self.nlp.vocab)
        self.matcher.add("Organisation", ORG_SHAPES)
        self.matcher.add("Person", person_shapes())
        self.matcher.add("Unnamed", [UNNAMED_SHAPE, *UNNAMED_SHAPES])
        self.matcher.add("Institution", INSTITUTION_SHAPES)
        self.matcher.add("Collective", COLLECTIVE_SHAPES)
        self.topic_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.topic_gapped = Matcher(self.nlp.vocab)  # long labels with a word or two inserted: "… on the Canadian government"
        for topic, label in topic_labels():
            self.topic_matcher.add(topic, [self.nlp.make_doc(label)])
            words = [t.lower_ for t in self.nlp.make_doc(label.replace("-", " "))]
            if len(words) >= 4:
                pattern = [p for w in words for p in ({"OP": "{0,2}"}, {"LOWER": w})][1:]
                self.topic_gapped.add(topic, [pattern])

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
        for span in spans:  # an unnamed person by the whole description: "spokesperson for Norway's foreign ministry"
            if span.kind == "Person" and span.entity.endswith(f"-{slug(article.id)}") and span.entity in out.new_entities:
                head = doc.char_span(span.start, span.end, alignment_mode="expand")
                start, end = description(head.root) if head is not None else (span.start, span.end)
                fuller = doc_text(doc)[start:end].split(", ")[0]  # not "…, which chairs the group"
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
            elif not self._dateline(e):
                spans.append(Span(e.start_char, e.end_char, e.label_, e.ent_id_, e.text))
        spans.extend(self._compass(text, spans, states_here))
        matches = [(self.nlp.vocab.strings[m], doc[s:e]) for m, s, e in self.matcher(doc)]
        matches.sort(key=lambda m: (-len(m[1]), m[1].start))  # longest first
        surnames: dict[str, set[str]] = {}  # a name word -> the people it may stand for
        order = {"Organisation": 0, "Institution": 1, "Unnamed": 2, "Person": 3, "Collective": 4}
        span: SpacySpan | Span  # a matcher's span of the parse, then the name spans found
        for kind, span in sorted(matches, key=lambda m: order[m[0]]):
            if kind == "Person":
                self._person(doc, span, spans, surnames, titles)
            elif kind == "Unnamed":
                self._unnamed(doc, span, spans, doc_id)
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
        spans.extend(self._governments(text, spans))
        spans.extend(bare_governments(text, spans))  # "the government said"
        for span in model_spans(doc, spans, surnames):  # untitled people, organisations without a telltale word
            spans.append(span)
            if span.kind == "Person":
                title = self._title(doc, doc.char_span(span.start, span.end, alignment_mode="expand").start, spans, span.entity)  # type: ignore[union-attr]  # a model span is whole tokens: "expand" finds them
                if title:
                    titles.append(title)
        spans.extend(surname_mentions(doc, spans, surnames))  # "Trudeau", "Lim": a person named in full before
        titled = {t.person for t in titles}
        for span in [s for s in spans if s.kind == "Person" and s.cls == "Person"]:  # "X, the country's foreign minister"
            if span.entity not in titled:
                title = self._appositive_parse(doc, span, spans)
                if title:
                    titles.append(title)
                    titled.add(span.entity)
        titles.extend(copula_titles(doc, spans, titled))  # "X, who is the agency's director"
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
        spans.extend(self._definite_references(text, spans))
        return possessed_bodies(text, spans)

    def _institution(self, span: SpacySpan, spans: list[Span]) -> None:
        """'the Norwegian parliament', "Russia's foreign ministry" (named without the state), 'the Russian
        embassy in Oslo'."""
        start = span[1].idx if span[0].lower_ == "the" else span.start_char
        possessive = next((t for t in span if t.text in ("'s", "’s")), None)
        if possessive is not None:
            start = possessive.idx + len(possessive) + 1
        end = span[-2].idx + len(span[-2]) if span[-1].lower_ in TITLE_WORDS else span.end_char  # not the title
        candidate = Span(start, end, "Organisation", "", "")
        if overlaps(candidate, spans, ("Person", "Organisation", "Collective")):
            return
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

    def _unnamed(self, doc: Doc, span: SpacySpan, spans: list[Span], doc_id: str) -> None:
        """'an unnamed Canadian government official'; 'a spokesperson for the Federal Office …' takes the
        organisation's name into its label."""
        following = doc[span.end] if span.end < len(doc) else None
        start, end = span[1].idx, span.end_char
        label = doc_text(doc)[start:end]
        if span[0].lower_ == "the" and overlaps(Span(start, end, "", "", ""), spans, ("Person",)):
            return
        if (
            span.start >= 2
            and span[0].lower_ in ("a", "an", "another")
            and doc[span.start - 1].text == ","
            and doc[span.start - 2].pos_ == "PROPN"
            and doc[span.start - 2].ent_type_ in ("", "PERSON")
        ):
            return  # "Ana Ruiz, a spokeswoman for …": the named person's post, not another person
        link = re.match(r"\s+(for|of|at|from)\s+(the\s+)?", doc_text(doc)[end : end + 12])
        org = next(
            (
                s
                for s in spans
                if link
                and s.kind == "Organisation"
                and (
                    s.start <= end + link.end() < s.end
                    or (s.start > end + link.end() and re.fullmatch(r"[A-Z][a-z]+\s+", doc_text(doc)[end + link.end() : s.start]))
                )
            ),
            None,
        )
        if org and link:
            label = f"{label} {link.group(1)} {'the ' if link.group(2) else ''}{self.names.get(org.entity, org.label)}"
            end = org.end
        elif following is not None and following.is_title:
            return
        if overlaps(Span(start, end, "Person", "", ""), spans, ("Person",)):
            return
        words = set(label.casefold().split())  # the graph's "unnamed senior Canadian government official"
        known = next(
            (
                i
                for i, (k, known_label, *_) in self.known.items()
                if k == "Person" and words <= set(known_label.casefold().split())
            ),
            None,
        )
        spans.append(Span(start, end, "Person", known or f"{slug(label)}-{slug(doc_id)}", label, "Person"))

    def _definite_references(self, text: str, spans: list[Span]) -> list[Span]:
        """'the bank said', 'sanctions against the group': the nearest organisation or group before it whose
        name ends in that noun."""
        found = []
        named = sorted((s for s in spans if s.kind in ("Organisation", "Collective")), key=lambda s: s.start)
        for ref in re.finditer(
            r"\b[Tt]he ((?:bank|agency|ministry|council|company|firm|group|gang|embassy|institute|"
            r"authority|office|centre|center|commission|department|party|network|unit|directorate|"
            r"service|embassy|committee))\b",
            text,
        ):
            if any(s.start <= ref.start(1) < s.end for s in spans):
                continue
            earlier = [s for s in named if s.end <= ref.start() and ref.group(1).lower() in head_words(s.label)]
            if earlier:
                target = earlier[-1]
                found.append(Span(ref.start(1), ref.end(1), target.kind, target.entity, target.label, target.cls))
        return found

    def _person(self, doc: Doc, span: SpacySpan, spans: list[Span], surnames: dict[str, set[str]], titles: list[Title]) -> None:
        appositive = (
            span[0].is_title
            and span[0].lower_ not in TITLE_WORDS
            and span[0].text not in ("'s", "’s")
            and any(t.text == "," for t in span)
        )
        if appositive:  # "Fatima Al Mansoori, director of …"
            comma = next(t.i for t in span if t.text == ",")
            name_tokens = [t for t in doc[span.start : comma]]
        else:  # the name starts after the last word of the title ("Minister for Foreign Affairs Sarah Mitchell")
            cut = max(
                (
                    i
                    for i, t in enumerate(span)
                    if t.lower_ in TITLE_WORDS
                    or t.lower_ in POST_MODIFIERS
                    or t.lower_ in ("of", "for")
                    or t.text in (",", "'s", "’s")
                ),
                default=-1,
            )
            name_tokens = list(span[cut + 1 :])
        while name_tokens and (not name_tokens[0].is_title or name_tokens[0].lower_ in RANKS):  # nor a particle or rank
            name_tokens.pop(0)
        if (
            len(name_tokens) < 2
            or any(t.lower_ in ORG_WORDS or t.lower_ in LAW_WORDS for t in name_tokens)
            or described_as_outlet(name_tokens)
        ):
            return
        following = doc[span.end] if span.end < len(doc) else None
        if not appositive and following is not None and (following.is_title or following.lower_ in ORG_WORDS):
            return  # "Canada's National Research Council": the name goes on into an organisation
        first, last = name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1])
        known = next((s for s in spans if s.kind == "Person" and (s.start, s.end) == (first, last)), None)
        if known is None and overlaps(Span(first, last, "Person", "", ""), spans):
            return
        name = doc_text(doc)[first:last]
        pid = (
            known.entity
            if known
            else next(
                (i for i, (k, label, aliases, *_) in self.known.items() if k == "Person" and name in (label, *aliases)),
                slug(name),
            )
        )
        if known is None:
            spans.append(Span(first, last, "Person", pid, name, "Person"))
        title = self._appositive_title(doc, span, spans, pid) if appositive else self._title(doc, name_tokens[0].i, spans, pid)
        if title:
            titles.append(title)
        for token in name_tokens:
            if token.is_title:
                surnames.setdefault(token.text, set()).add(pid)

    def _appositive_title(self, doc: Doc, span: SpacySpan, spans: list[Span], person: str) -> Title | None:
        """', director of the national cyber security council': the title, and the body it names after 'of'."""
        comma = next(t.i for t in span if t.text == ",")
        words = [t for t in doc[comma + 1 : span.end] if t.lower_ not in ("the", "a", "an")]
        if not words:
            return None
        start, end = words[0].idx, span.end_char
        rest = doc_text(doc)[end : end + 120]
        # "director of …", "professor in security studies at …", "head of research at …"
        of = re.match(r"\s+(?:(?:in|of|for)\s+(?:[a-z][\w-]*\s+){1,3}?(?=(?:at|with)\s))?(?:of|at|with)\s+(?:the\s+)?", rest)
        organisation = None
        if of:
            at = end + of.end()
            org = next((s for s in spans if s.kind == "Organisation" and s.start == at), None)
            lower = re.match(r"((?:[a-z][\w-]*\s+){1,4}(?:" + "|".join(ORG_WORDS) + r"))\b", doc_text(doc)[at : at + 80])
            if org:
                organisation, end = org.entity, org.end
            elif lower:  # "the national cyber security council", written without capitals
                name = lower.group(1)
                spans.append(Span(at, at + len(name), "Organisation", slug(name), name, "Organisation"))
                organisation, end = slug(name), at + len(name)
        return Title(person, start, end, doc_text(doc)[start:end], organisation, None)

    def _appositive_parse(self, doc: Doc, span: Span, spans: list[Span]) -> Title | None:
        """'Mark Hale, the country's foreign minister': an appositive of the name (by the parse) holding a
        title word; the organisation or state named inside it."""
        name = doc.char_span(span.start, span.end, alignment_mode="expand")
        if name is None:
            return None
        for appos in (c for c in name.root.children if c.dep_ == "appos"):
            clauses = {t.i for c in appos.children if c.dep_ in ("relcl", "acl", "advcl") for t in c.subtree}
            words = [
                t
                for t in appos.subtree
                if t.i not in clauses and t.i > name.end - 1 and (not t.is_punct or t.text in ("'s", "’s"))
            ]  # not "who formerly worked for …"
            if not words or not any(t.lower_ in APPOSITIVE_TITLES for t in words):
                continue
            while words and (words[0].lower_ in ("the", "a", "an") or words[0].text in ("'s", "’s")):
                words.pop(0)
            if not words:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1])
            organisation = next((s.entity for s in spans if s.kind == "Organisation" and start <= s.start < end), None)
            state = next((s.entity for s in spans if s.kind == "State" and start <= s.start < end), None)
            return Title(span.entity, start, end, doc_text(doc)[start:end], organisation, state)
        return None

    def _title(self, doc: Doc, name_start: int, spans: list[Span], person: str) -> Title | None:
        """The title words right before a name, back to the first word that cannot be part of one."""
        i = name_start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        words: list[Token] = []
        while i >= 0 and len(words) < 8:
            token = doc[i]
            inside = next((s for s in spans if s.kind in ("Organisation", "Post") and s.start <= token.idx < s.end), None)
            if (
                token.lower_ in TITLE_WORDS
                or inside
                or token.lower_ in ("of", "for")
                or (token.lower_ in POST_MODIFIERS and not (token.lower_ == "and" and i > 0 and doc[i - 1].is_punct))
            ):
                words.append(token)
                i -= 1
            else:
                break
        while words and words[-1].lower_ in ("and", "of", "for"):
            words.pop()
        if not any(t.lower_ in TITLE_WORDS for t in words):
            return None
        first, last = words[-1], words[0]
        organisation = next((s.entity for s in spans if s.kind == "Organisation" and first.idx <= s.start < last.idx + 1), None)
        state = None
        j = first.i - 1
        if j >= 0 and doc[j].text in ("'s", "’s"):
            j -= 1
        if j >= 0:
            state = next((s.entity for s in spans if s.kind == "State" and s.start <= doc[j].idx < s.end), None)
        start, end = first.idx, last.idx + len(last)
        post = next((s.entity for s in spans if s.kind == "Post" and s.start <= start and end <= s.end), None)
        return Title(person, start, end, doc_text(doc)[start:end], organisation, state, post)

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
