"""Laws (named, or taking effect), policy deliberations ("mulled sanctions against …"), what an agreement
covers and excludes (topics of the SKOS scheme in ontology/topics.ttl), and the posts people are named
with ("Canadian Prime Minister Justin Trudeau"), each with its date where the text gives one."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_discourse import BLAMEABLE, Discourse, Sentence
from cyberkg.graph.extract_lexicon import (
    DELIBERATION,
    LAW_BY,
    LAW_EFFECT,
    LAW_NAME,
    LAW_PHRASE,
    LAW_REFS,
    PROPOSED,
    SCOPE_EXCLUDED_AFTER,
    SCOPE_EXCLUDED_BEFORE,
    SUCH_AS,
    one_spelling,
    topic_broader,
)
from cyberkg.graph.extract_posts import body_before
from cyberkg.graph.extract_syntax import SAY_LEMMAS
from cyberkg.graph.extract_types import Mention, slug
from cyberkg.graph.timex import Timex

if TYPE_CHECKING:
    from spacy.tokens import Token


def find_law(talk: Discourse, s: Sentence, sent_dates: list[Timex]) -> str | None:
    """Laws by name ("South Africa's Cybercrimes Act") or by what takes effect ("China this month put into
    effect a new cyber security law"), with the state whose law it is; "the law" later refers back."""
    text = talk.out.article.text
    laws: list[tuple[str, int, Mention | None]] = []  # (id, where it is named, its state)
    for named in LAW_NAME.finditer(s.doc_text, s.start, s.end):
        words = named.group(1).split()
        while words and words[0].lower() in ("the", "new", "its", "their"):
            words.pop(0)
        if len(words) < 2:
            continue
        possessive = re.search(r"(?:'s|’s)\s+(?:new\s+)?$", text[s.start : named.start()])
        state = s.before(named.start(), ("State",)) if possessive else None
        laws.append((_new_law(talk, s, " ".join(words), state, named.start()), named.start(), state))
    effect = next(iter(s.cues(LAW_EFFECT, talk.quotes)), None)
    by = LAW_BY.search(s.text)
    if effect:
        before = [law for law in laws if law[1] < effect.start()]
        if before:
            law, _, state = before[-1]
        else:
            phrase = LAW_PHRASE.search(s.text)
            if phrase is None:
                return laws[-1][0] if laws else None
            at = s.start + phrase.start(1)
            state = s.before(at, ("State",)) or s.after(effect.end(), ("State",))
            words = phrase.group(1).removeprefix("new ")
            label = f"{talk.name(state.entity)}'s {words}" if state else words[0].upper() + words[1:]
            law = _new_law(talk, s, label, state, at, enacted=not by)
        event = talk.new("Event", "LawTakingEffect", f"{talk.name(law)} takes effect", s, 0.5, at=effect.start())
        talk.relate(event, "concernsLaw", law, s, 0.5, rule="law")
        if state:
            talk.relate(event, "participant", state.entity, s, 0.5, rule="law")
        if sent_dates:
            talk.out.dates[event] = (sent_dates[0].as_seed(), s.text)
            talk.out.dates.setdefault(law, (sent_dates[0].as_seed(), s.text))
        laws.append((law, effect.start(), state))
    if laws:
        talk.law = laws[-1][0]
    elif talk.law and LAW_REFS.search(s.text):
        laws.append((talk.law, s.start, None))
    else:
        return None
    enacted_by = s.after(s.start + by.end(), BLAMEABLE) if by else None  # "The law was enacted by the National Congress"
    if enacted_by:
        talk.relate(laws[-1][0], "enactedBy", enacted_by.entity, s, 0.5, rule="law")
    return laws[-1][0]


def _new_law(talk: Discourse, s: Sentence, label: str, state: Mention | None, at: int, enacted: bool = True) -> str:
    law = talk.new("Law", "Law", label, s, 0.5, at=at)
    if state and enacted:
        talk.relate(law, "enactedBy", state.entity, s, 0.5, rule="law")
    return law


def find_deliberation(talk: Discourse, s: Sentence) -> None:
    """'the Obama administration had mulled targeted sanctions against Chinese individuals and companies'."""
    cue = next(iter(s.cues(DELIBERATION, talk.quotes)), None)
    if cue is None:
        return
    actor = s.before(cue.start(), ("State", "Organisation", "Person"))
    target = s.after(cue.end(), BLAMEABLE, within=5)
    if actor is None or target is None:
        return
    label = f"{talk.name(actor.entity)} {cue.group(1).lower()} {cue.group(2).lower()} against {talk.name(target.entity)}"
    event = talk.new("Event", "PolicyDeliberation", label, s, 0.5, at=cue.start())
    talk.relate(event, "participant", actor.entity, s, 0.5, rule="deliberation")
    talk.relate(event, "targets", target.entity, s, 0.5, rule="deliberation")


def find_posts(talk: Discourse, published: dt.date | None) -> None:
    """'Canadian Prime Minister Justin Trudeau': the post Prime Minister of Canada in the Government of Canada,
    held by Trudeau, attested (a PostTenure) on the article's date."""
    text = talk.out.article.text
    for title in talk.out.titles:
        if re.search(r"\b(former|ex|late|then)\b", title.words, re.I):
            continue  # not in post when the article speaks
        sentence = next((m.sentence for m in talk.out.mentions if m.start <= title.start < m.end), title.words)
        org = title.organisation or body_before(text, title.start, talk.out.mentions)  # "Acme's CEO Ana Ruiz"
        label = title.words if org is None or org == title.organisation else f"{talk.name(org)} {title.words}"
        state = title.state or next(
            (
                r.objects[0]
                for r in talk.out.relations  # "Canada was represented by adviser X"
                if r.subject == title.person and r.predicate == "represents"
            ),
            talk.led_for.get(title.person),  # "the Kenyan delegation was led by X"
        )
        government = talk.extractor.government(state)[0] if state else None
        if org is None and state and government not in {m.entity for m in talk.out.mentions}:
            org = state  # the article names no government of that state: the post is the state's
            label = f"{title.words} of {talk.name(state)}"
        elif org is None and state:
            org, name = talk.extractor.government(state)
            if org not in talk.extractor.known and org not in talk.out.new_entities:
                talk.out.new_entities[org] = {"type": "Government", "label": name}
            talk.out.mentions.append(Mention(org, "Organisation", name, sentence, title.start, title.end, 0.5))
            label = f"{title.words} of {talk.name(state)}"
        fake = Sentence(title.start, title.end, sentence, [], [], text)
        if title.post:  # a post the graph already has ("Canadian Prime Minister"): this article corroborates it
            post = title.post
            label = talk.name(post)
            if org:
                talk.relate(post, "postIn", org, fake, 0.6, rule="post.title")
        else:
            post = slug(one_spelling(label)) if org else f"post-{slug(one_spelling(label))}-{title.person}"
            post = f"post-{post}" if not post.startswith("post-") else post
            talk.out.new_entities.setdefault(post, {"type": "Post", "label": label})
            talk.out.mentions.append(Mention(post, "Post", label, sentence, title.start, title.end, 0.6))
            if org:
                talk.relate(post, "postIn", org, fake, 0.6, rule="post.title")
        talk.relate(title.person, "holdsPost", post, fake, 0.6, rule="post.title")
        # in post when the article speaks, dated or not: an undated article still attests the tenure
        tenure = f"tenure-{slug(title.person)}-{post}"
        when = f" ({published:%B %Y})" if published else ""
        talk.out.new_entities.setdefault(tenure, {"type": "PostTenure", "label": f"{talk.name(title.person)} as {label}{when}"})
        talk.out.mentions.append(Mention(tenure, "PostTenure", label, sentence, title.start, title.end, 0.5))
        talk.relate(tenure, "holder", title.person, fake, 0.6, rule="post.title")
        talk.relate(tenure, "tenurePost", post, fake, 0.6, rule="post.title")
        if published:
            talk.out.dates.setdefault(
                tenure,
                (
                    {
                        "value": published.isoformat(),
                        "derived": True,
                        "derivation": f"In post when the article appeared ({published.isoformat()}).",
                    },
                    sentence,
                ),
            )


def find_scope(talk: Discourse, s: Sentence, agreement: str | None) -> None:
    """'The new agreement only covers economic cyber espionage, … but does not deal with … intelligence
    gathering': each topic named in a sentence about the agreement, covered or excluded by its clause; 'It focuses
    on exchange of information; training; …' right after a sentence about the agreement is about it too."""
    text = talk.out.article.text
    agreement = agreement or _continued(talk, s, text)
    if agreement is None:
        return
    talk.scoped = (agreement, s.end)
    for start, end, topic in talk.out.topics:
        if not s.start <= start < s.end or (start != s.start and _titled(text, start, end)):
            continue  # "Data Protection Regulations" names a law, not a topic
        if (
            not agreement.startswith(f"agreement-{talk.out.article.id}-{s.start}")
            and re.search(
                r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:agreement|treaty|pact|accord|deal)\s+(?:on|about|for)\s+$",
                text[max(s.start, start - 60) : start],
            )
            or (
                re.match(r"\s+(?:treaty|agreement|pact|accord)\b", text[end : end + 12])
                and re.search(r"\b(?:a|an)\s+$", text[max(s.start, start - 4) : start])
            )
        ):
            continue  # "an agreement on sharing …", "an extradition treaty": another agreement's topic
        if re.match(r"\s+(?:attacks?|incidents?|intrusions?|breach(?:es)?)\b", text[end : end + 14]):
            continue  # "a ransomware attack on …" is an incident, not the agreement's scope
        # the clause the topic is in: after the last ";" or "but" before it
        clause = max([s.start] + [s.start + m.end() for m in re.finditer(r";|\bbut\b", text[s.start : start])])
        excluded = SCOPE_EXCLUDED_BEFORE.search(text, clause, start) or SCOPE_EXCLUDED_AFTER.match(text[end : s.end])
        talk.relate(agreement, "excludes" if excluded else "covers", topic, s, 0.5, rule="agreement.scope")


def _continued(talk: Discourse, s: Sentence, text: str) -> str | None:
    """The agreement of the sentence just before, when this one's subject is 'it', 'they' or its parties ('It
    focuses on …', 'The two countries will also cooperate on …'), not a reporting 'it said'."""
    if talk.scoped is None or text[talk.scoped[1] : s.start].strip() or s.span is None:
        return None
    root = next((t for t in s.tokens() if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ in SAY_LEMMAS:
        return None
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return talk.scoped[0] if any(c.lower_ in ("it", "they") or _the_parties(c) for c in subjects) else None


def _the_parties(token: Token) -> bool:
    """'the two countries', 'both sides', 'the parties': the agreement's parties as a subject."""
    return token.lemma_ in ("country", "side", "party", "nation") and any(
        c.lower_ in ("the", "both", "two") for c in token.children if c.dep_ in ("det", "nummod", "predet")
    )


def _titled(text: str, start: int, end: int) -> bool:
    """A topic's words written as a name ('Data Protection Regulations', 'Training Centre'), not a list item
    ('Exchange of information; Training; …')."""
    if not text[start].isupper():
        return False
    words = text[start:end].split()
    following = re.match(r"\s+(\S)", text[end : end + 3])
    return (len(words) > 1 and all(w[0].isupper() for w in words)) or bool(following and following.group(1).isupper())


def find_proposed(talk: Discourse, s: Sentence) -> None:
    """Agreements the parties plan rather than make ("finalizing an agreement on sharing and returning
    recovered assets", "their future cooperation framework"), between the parties of the agreement under
    discussion, with the topics they name; "goals under the framework, such as A and B" puts the topic A and B
    share (their SKOS broader topic) in the framework's scope."""
    if not talk.agreements:
        return
    parties = sorted(talk.agreements[-1][1])
    text = talk.out.article.text
    planned = []
    for match in PROPOSED.finditer(text, s.start, s.end):
        noun, phrase = match.group(2).lower(), match.group(1)
        cls = "CooperationFramework" if noun == "framework" else "ProposedAgreement"
        names = "–".join(talk.name(p) for p in parties)
        agreement = talk.new("Agreement", cls, f"{names} {phrase} (planned; {talk.out.article.id})", s, 0.5, at=match.start(1))
        talk.relate(agreement, "hasParty", parties, s, 0.5, rule="agreement.proposed")
        topics = [t for a, b, t in talk.out.topics if match.start(1) <= a < match.end(1)]
        for topic in topics:
            talk.relate(agreement, "covers", topic, s, 0.5, rule="agreement.proposed")
        planned.append((match.start(), topics))
        if cls == "CooperationFramework":
            talk.framework = agreement
    such = SUCH_AS.search(text, s.start, s.end)
    if such and talk.framework:
        listed = [topic for at, topics in planned if at >= such.end() for topic in topics]
        broader = {topic_broader().get(t) for t in listed}
        common = broader.pop() if len(broader) == 1 else None  # the one broader topic they all share, if any
        if len(listed) >= 2 and common is not None:
            talk.relate(talk.framework, "covers", common, s, 0.45, rule="agreement.proposed")
