"""Coordinated arguments (rule coord.conj): a rule that found one party of a role often misses the others listed
with it — "according to A, B and C" (speakers), "A, the EU, B and C blamed X" (claimants), "accused A and B"
(blamed), "attacks on A as well as B" (victims), "sanctions against A and B" (targets), "A and B signed" (parties).
Run once after every other rule of the article: for each relation a rule made whose objects fill an entity role,
each object's mention in the relation's sentence is found, the token heading it in the parse, and the names
coordinated with that token in the same noun list: its `conj` links, a list the parse split as an apposition
("the US, the EU, NATO and Japan": the EU an apposition of the US, the rest its conjuncts), and "as well as",
"along with", "together with". Those of a kind the role admits are added as a new relation with the same subject
and predicate, a little less confident than the original.

Never added: a name excluded from the list ("A but not B", "A, not B", "all except B", "A rather than B", "A or
B"), a list with no "and" (commas alone are often a misparse), an object the sentence names twice (which mention
the rule read is not known), a name across a clause (a verb, a semicolon, a bracket or a quotation mark between
the two), a name inside a quotation the original is not in, and a name that already holds another role of the
same fact (the claimant coordinated with the blamed, a victim of the incident the claim blames someone for).
Only the parse spaCy already made is read; each relation costs a look at its own sentence's tokens.

The walk over a noun list's members (`coordination`) is the one the rules that read a list themselves use too: the
co-speakers of a statement ("A, B and C said", graph.extract_reported) and the accusers coordinated with a
claimant ("The US and Britain accused X", graph.extract_claim_forms)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from cyberkg.graph.extract_rules import check
from cyberkg.graph.extract_types import Mention, Relation, doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from cyberkg.graph.extract_discourse import Discourse

RULE = "coord.conj"
NAMED = ("State", "Organisation", "Person")
# predicate -> (the kinds of fact it is written on, the kinds of name it may take)
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "claimant": (("AttributionClaim", "Denial"), NAMED),
    "attributedTo": (("AttributionClaim",), (*NAMED, "Collective")),
    "speaker": (("Statement",), NAMED),
    "participant": (("Event",), NAMED),
    "victim": (("Incident",), (*NAMED, "Collective")),
    "targets": (("Event",), (*NAMED, "Collective")),
    "hasParty": (("Agreement",), ("State", "Organisation")),
    "publishedIn": (("Statement",), ("Organisation",)),
}
# roles of another fact that exclude one another: the blamed of a claim is no victim of its incident
CROSS = {"victim": "attributedTo", "attributedTo": "victim"}
# words that take a name out of a list or join a clause, not a name, to it
EXCLUDING = {
    "not",
    "n't",
    "never",
    "no",
    "nor",
    "neither",
    "either",
    "or",
    "but",
    "except",
    "excluding",
    "rather",
    "instead",
    "unlike",
    "versus",
    "vs",
    "vs.",
    "without",
    "than",
    "whereas",
    "while",
    "against",
    "besides",
}
JOINS = {"and", "&", "plus", "both", "as"}  # "as" of "as well as", which the parse takes for a conjunction
BREAKS = set(';:()[]"“”‘’—–\n')  # noqa: RUF001 - typographic quotes and dashes are the point
LINKED = re.compile(r"\s*,?\s*(?:as well as|along with|together with)\s+", re.I)
LINKED_BEFORE = re.compile(r"(?<![\w-])(?:as well as|along with|together with)\s+(?:the\s+)?\Z", re.I)
MAX_GAP = 200  # characters between two names of one list


def _unlisted(token: Token) -> bool:
    return False


def coordination(token: Token, apposed: Callable[[Token], bool] = _unlisted) -> tuple[Token, list[Token]]:
    """The noun list a token is a member of ("A, B and C"): its first member, reached up the `conj` links (and
    up the appositions `apposed` accepts: a list the parse split as an apposition, "Norway, the EU, NATO"), and
    every member down the same links from there, the first included, in the text's order."""
    top = token
    while top.dep_ in ("conj", "appos") and top.head.i != top.i and (top.dep_ == "conj" or apposed(top)):
        top = top.head
    members, todo = [], [top]
    while todo:
        t = todo.pop()
        members.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" or (c.dep_ == "appos" and apposed(c)))
    return top, sorted(members, key=lambda t: t.i)


def conjoined(token: Token) -> list[Token]:
    """The other members of the token's list by the `conj` links alone (what spaCy's Token.conjuncts gives)."""
    return [t for t in coordination(token)[1] if t.i != token.i]


def coordinate(talk: Discourse, sentences: Sequence[SpacySpan]) -> None:
    """Add, for every role relation of the article, the names coordinated with its objects (rule coord.conj)."""
    out = talk.out
    kinds = {m.entity: m.kind for m in reversed(out.mentions)}  # the first mention's kind
    by_text: dict[str, SpacySpan] = {}
    text = doc_text(sentences[0].doc) if sentences else ""
    for sent in sentences:  # the article's text sliced: a Span's .text joins its tokens again
        by_text.setdefault(text[sent.start_char : sent.end_char].strip(), sent)
    names = _names_by_sentence(out.mentions, sentences)
    held = _roles_held(out.relations)
    added: set[tuple[str, str, str]] = set()
    for r in list(out.relations):
        role = ROLES.get(r.predicate)
        span = by_text.get(r.sentence)
        if role is None or span is None or kinds.get(r.subject) not in role[0] or not r.objects:
            continue
        found = [
            e
            for e in _coordinated(r, span, names.get(span.start_char, []), role[1], talk.quotes)
            if _free(e, r, held) and (r.subject, r.predicate, e) not in added
        ]
        if found:
            check(RULE, r.predicate)
            added.update((r.subject, r.predicate, e) for e in found)
            held[r.subject][r.predicate].update(found)  # a name added to one role is not added to another
            out.relations.append(
                Relation(r.subject, r.predicate, found, r.sentence, round(max(r.confidence - 0.05, 0.1), 2), rule=RULE)
            )


def _names_by_sentence(mentions: Iterable[Mention], sentences: Sequence[SpacySpan]) -> dict[int, list[Mention]]:
    """The mentions of names inside each sentence (not the facts, which span the whole sentence)."""
    starts = [s.start_char for s in sentences]
    ends = {s.start_char: s.end_char for s in sentences}
    found: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        at = bisect_right(starts, m.start) - 1
        if at < 0 or m.kind not in (*NAMED, "Collective"):
            continue
        start = starts[at]
        if m.end <= ends[start] and (m.start, m.end) != (start, ends[start]):
            found[start].append(m)
    return found


def _roles_held(relations: Iterable[Relation]) -> dict[str, dict[str, set[str]]]:
    """fact -> predicate -> the names in it; a claim also sees its incident's victims and the incident the
    blamed of its claims."""
    held: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    about: list[tuple[str, str]] = []
    for r in relations:
        held[r.subject][r.predicate].update(r.objects)
        if r.predicate == "subject":
            about.extend((r.subject, o) for o in r.objects)
    for claim, incident in about:
        for predicate, other in CROSS.items():
            held[claim][f"~{predicate}"].update(held[incident].get(predicate, ()))
            held[incident][f"~{other}"].update(held[claim].get(other, ()))
    return held


def _free(entity: str, r: Relation, held: dict[str, dict[str, set[str]]]) -> bool:
    """The name holds no other role of the fact (nor the crossed role of the fact it is about), and is new."""
    roles = held.get(r.subject, {})
    if entity == r.subject or entity in roles.get(r.predicate, ()):
        return False
    cross = CROSS.get(r.predicate)
    return not any(
        entity in names for p, names in roles.items() if p != r.predicate and (not p.startswith("~") or p == f"~{cross}")
    )


def _coordinated(
    r: Relation, sent: SpacySpan, names: list[Mention], kinds: tuple[str, ...], quotes: Sequence[tuple[int, int]]
) -> list[str]:
    found: list[str] = []
    text = doc_text(sent.doc)
    for obj in r.objects:
        seen = [m for m in names if m.entity == obj]
        if len({(m.start, m.end) for m in seen}) != 1:  # named twice: which one the rule read is not known
            continue
        for m in seen[:1]:
            quote = _quote(m.start, quotes)
            for token in _items(sent.doc, text, m):
                other = _name_at(names, token, kinds)
                if other is None or other.entity in r.objects or other.entity in found or other.entity == obj:
                    continue
                if _quote(other.start, quotes) == quote and _joined(sent.doc, text, m, other):
                    found.append(other.entity)
    return found


def _items(doc: Doc, text: str, m: Mention) -> list[Token]:
    """The heads of the other members of the noun list the mention heads, if it heads one."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    head = span.root
    seen, todo, items = {head.i}, [head], []
    while todo:
        t = todo.pop()
        bounds = (m.start, m.end) if t.i == head.i else (t.left_edge.idx, t.idx + len(t))
        for c in _neighbours(doc, text, t, bounds):
            if c.i not in seen and c.pos_ in ("PROPN", "NOUN"):
                seen.add(c.i)
                items.append(c)
                todo.append(c)
    return items


def _listed(t: Token) -> bool:
    """The token is in a list joined by 'and' (commas alone are a misparse: 'In a letter to X, Y says'); a member
    set off by 'but not' or 'or' is left out by _joined."""
    group = [t, *conjoined(t)]
    return any(c.dep_ in ("cc", "preconj") and c.lower_ in JOINS for g in group for c in g.children)


def _neighbours(doc: Doc, text: str, t: Token, bounds: tuple[int, int]) -> list[Token]:
    """The list members next to t: conjuncts, a list split as an apposition, the name after or before 'as well as'."""
    found = [c for c in conjoined(t) if c.pos_ in ("PROPN", "NOUN")] if _listed(t) else []
    if t.pos_ == "PROPN":  # "The US, the EU, NATO and Japan": the parse took "the EU" for an apposition
        found += [c for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.conjuncts and _listed(c)]
        if t.dep_ == "appos" and t.head.pos_ == "PROPN" and t.conjuncts and _listed(t):
            found.append(t.head)
    start, end = bounds
    linked = LINKED.match(text, end)
    if linked:  # "A as well as B", "A, along with B": B's head
        after = next((w for w in doc[t.i + 1 :] if w.idx >= linked.end()), None)
        while after is not None and after.dep_ in ("det", "compound", "amod", "nummod", "poss") and after.head.i > after.i:
            after = after.head
        if after is not None:
            found.append(after)
    linking = LINKED_BEFORE.search(text, max(0, start - 30), start)
    if linking:  # "A as well as B", read from B: the word that ends A
        before = next((w for w in reversed(doc[: t.i]) if w.idx + len(w) <= linking.start() and not w.is_punct), None)
        if before is not None:
            found.append(before)
    return found


def _name_at(names: list[Mention], token: Token, kinds: tuple[str, ...]) -> Mention | None:
    """The longest name covering the token (a name, not a state inside a longer name)."""
    at = [m for m in names if m.start <= token.idx < m.end and m.kind in kinds]
    covering = [m for m in names if m.start <= token.idx < m.end]
    if not at or max(covering, key=lambda m: m.end - m.start) not in at:
        return None
    return max(at, key=lambda m: m.end - m.start)


def _joined(doc: Doc, text: str, a: Mention, b: Mention) -> bool:
    """Nothing between the two names takes one out of the list or starts a clause."""
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    if hi - lo > MAX_GAP or hi < lo:
        return False
    if any(ch in BREAKS for ch in text[lo:hi]):
        return False
    span = doc.char_span(lo, hi, alignment_mode="contract")
    for t in span if span is not None else ():
        if t.lower_ in EXCLUDING or t.dep_ == "neg":
            return False
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            return False
    return True


def _quote(at: int, quotes: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((s, e) for s, e in quotes if s <= at < e), None)
