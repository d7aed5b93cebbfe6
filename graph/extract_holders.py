"""Who holds a post named in common words before the name (issue 13, round 5).

News writing names an envoy or official by the post first, then the name, often with the post's place
between them: "the Norwegian ambassador to Portugal, Karl Berg, was summoned", "Sweden's ambassador to the
Netherlands Karl Berg said", "Denmark recalled its ambassador to Russia, Karl Berg". The title read before a
name (graph.extract_people.title_before) stops at the place and the comma; the unnamed-person shape takes
"Norwegian ambassador" as someone else. Here the named person gets the title (and the state owning it, from
the demonym or possessive before it), and the unnamed person made of the same words is dropped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_coref import described_namesakes
from cyberkg.graph.extract_lexicon import POST_MODIFIERS, TITLE_WORDS
from cyberkg.graph.extract_types import Extraction, Mention, Span, Title, doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PLACE_WORDS = 5  # "to the United Arab Emirates": the longest place phrase read between a post and a name


def _place_before(doc: Doc, i: int) -> int:
    """The index of 'to'/'in' opening a capitalised place phrase that ends at token i, else i + 1."""
    j = i
    while j >= 0 and i - j < _PLACE_WORDS and (doc[j].is_title or doc[j].lower_ == "the"):
        j -= 1
    if j < i and j >= 0 and doc[j].lower_ in ("to", "in"):
        return j
    return i + 1


def _appositive(doc: Doc, first: Token, last: Token) -> bool:
    """After a comma, a name is the post's appositive only if a comma, 'who' or the sentence's end follows it,
    or the parse attaches it as one ('China summoned the ambassador, Karl Berg said' is a speaker)."""
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if first.dep_ == "appos" or last.dep_ == "appos" or after is None:
        return True
    return after.text in (",", ".", ";") or after.lower_ == "who"


def _state_before(doc: Doc, k: int, spans: list[Span]) -> str | None:
    """The state a demonym or possessive right before the title names ('Russian', "Britain's")."""
    j = k - 1
    if j >= 0 and doc[j].text in ("'s", "’s"):
        j -= 1
    if j < 0:
        return None
    return next((s.entity for s in spans if s.kind == "State" and s.start <= doc[j].idx < s.end), None)


def envoy_titles(doc: Doc, spans: list[Span], titles: list[Title], unnamed_suffix: str) -> list[Span]:
    """Titles for names after a post and its place (see the module's docstring); the spans without the unnamed
    people those words made."""
    titled = {t.person for t in titles}
    dropped: set[Span] = set()
    for person in [s for s in spans if s.kind == "Person" and s.cls == "Person" and not s.entity.endswith(unnamed_suffix)]:
        if person.entity in titled:
            continue
        name = doc.char_span(person.start, person.end, alignment_mode="expand")
        if name is None or name.start == 0:
            continue
        i = name.start - 1
        comma = doc[i].text == ","
        if comma:
            i -= 1
        place = _place_before(doc, i)
        head = place - 1
        if head < 0 or doc[head].lower_ not in TITLE_WORDS or (place > i and not comma):
            continue  # no place and no comma: the title right before the name is read elsewhere
        if comma and not _appositive(doc, name[0], name[-1]):
            continue
        k = head
        while k > 0 and (doc[k - 1].lower_ in TITLE_WORDS or doc[k - 1].lower_ in POST_MODIFIERS) and doc[k - 1].lower_ != "and":
            k -= 1
        start, end = doc[k].idx, doc[i].idx + len(doc[i])
        titles.append(Title(person.entity, start, end, doc_text(doc)[start:end], None, _state_before(doc, k, spans)))
        titled.add(person.entity)
        dropped |= {
            s for s in spans if s.kind == "Person" and s.entity.endswith(unnamed_suffix) and s.start < end and start < s.end
        }
    kept = [s for s in spans if s not in dropped]
    gone = {s.entity for s in dropped} - {s.entity for s in kept}
    titles[:] = [t for t in titles if t.person not in gone]
    return kept


# After an appositive title, the body it is in: "X, Deputy Director for Cyber Policy, in the Vela Ministry",
# "X, Ambassador in charge of Cyber Policy, Ministry of Foreign Affairs", "X, Director (Cyber Division) at the
# Vela Office": the title's capitalised field ('for/of/in charge of …', a parenthesis) is skipped, then a comma
# and/or 'in/at/of/with (the)' must lead straight to an organisation the article names.
_FIELD = r"(?:\s+(?:in[ -]charge\s+of|for|of)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|&))*)?"
_BODY_AFTER = re.compile(_FIELD + r"(?:\s*\([^()\n]{1,60}\))?(?:\s*,)?\s*(?:(?:in|at|of|with)\s+)?(?:the\s+)?")


def body_after(text: str, title: Title, mentions: list[Mention]) -> Title:
    """The title with the organisation named right after it (see _BODY_AFTER), if it names none yet and
    follows its holder's name."""
    if title.organisation is not None or title.state is not None or title.post is not None:
        return title
    if not any(m.entity == title.person and m.kind == "Person" and m.end <= title.start for m in mentions):
        return title  # a title before the name: what follows it is the name
    lead = _BODY_AFTER.match(text, title.end)
    if lead is None or lead.end() == title.end or "\n" in lead.group(0):
        return title
    org = next((m for m in mentions if m.kind == "Organisation" and m.start == lead.end()), None)
    if org is None:
        return title
    return Title(title.person, title.start, title.end, title.words, org.entity, None)


def namesakes(out: Extraction, unnamed_suffix: str) -> None:
    """'the Dutch defence minister said' in an article that names 'Dutch Defence Minister Ana Ruiz': an unnamed
    person holding the same post as exactly one named person is that person (their post, tenure and every
    other role move to the name; the unnamed person's own tenure goes)."""
    holders: dict[str, set[str]] = {}
    for r in out.relations:
        if r.predicate == "holdsPost":
            for post in r.objects:
                holders.setdefault(post, set()).add(r.subject)
    same: dict[str, str] = described_namesakes(out, unnamed_suffix)  # "the Vela telecommunications minister"
    for people in holders.values():
        named = [p for p in people if not p.endswith(unnamed_suffix)]
        if len(named) == 1:
            same.update({p: named[0] for p in people if p.endswith(unnamed_suffix)})
    if not same:
        return
    tenures = {r.subject for r in out.relations if r.predicate == "holder" and set(r.objects) & same.keys()}
    labels = {m.entity: m.label for m in out.mentions if m.kind == "Person" and m.entity in same.values()}
    out.relations[:] = [
        r for r in out.relations if r.subject not in tenures and not (r.predicate == "holdsPost" and r.subject in same)
    ]
    for r in out.relations:
        r.subject = same.get(r.subject, r.subject)
        r.objects = list(dict.fromkeys(same.get(o, o) for o in r.objects))
    out.mentions[:] = [m for m in out.mentions if m.entity not in tenures]
    for m in out.mentions:
        if m.entity in same:
            m.entity, m.label = same[m.entity], labels.get(same[m.entity], m.label)
    for gone in (*same, *tenures):
        out.new_entities.pop(gone, None)
    out.titles[:] = [t for t in out.titles if t.person not in same]
