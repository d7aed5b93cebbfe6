"""Entity spans corrected by constructions of news writing (issue 13, round 4), after the name shapes, the
gazetteers and the model have found them (graph.extract's span pass):

- a long official name whose parts are joined by "of (the)", "for", "on" ("Central Bureau of the General
  Staff of the Armed Forces of …", "Committee on Intelligence") is one body, not the pieces the shapes cut;
  "X - better known as the Y" / "X, also known as Y" are one body;
- coordinated modifiers before a plural head name one body each: "the Vela, Norvik and Kord parties" are the
  Vela Party, the Norvik Party and the Kord Party; "Norway's health and defence ministries" are
  "Norway's health ministry" and "Norway's defence ministry";
- a name that heads or modifies a thing noun ("X ransomware", "the X pandemic") or that the article calls an
  attack or piece of malware ("attacks known as X and Y") is no organisation or person; one introduced as a
  "threat group"/"hacking group" is a threat actor;
- "Unit 12345" and "the 31st squadron" are bodies; "Norway's mission to the United Nations" is a body;
  a state's own name ("Russian Federation") is no organisation; "the government" in a story about one state
  (named far more often than any other) is that state's government;
- a name that is a whole quotation ('"Mr. Lund,"') is a work's title, no person; "Vela Home" before "Minister"
  is part of the title;
- an unnamed person's description ends before a time phrase ("the Norwegian ambassador on Monday").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from cyberkg.graph.extract_entity_names import lowercase_affairs, lowercase_openers, overlapping_bodies
from cyberkg.graph.extract_lexicon import ORG_WORDS, TITLE_WORDS
from cyberkg.graph.extract_orgnames import coordinated_names, no_bodies, possessor_cut
from cyberkg.graph.extract_types import Span, Title, overlaps, slug

_CAP = r"[A-Z][\w&'’-]*"
_WORDS = rf"{_CAP}(?: {_CAP})*"  # spaces, never a line break: a headline or credit line is not the next name
_TIME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b"
)
# A name in parts: capitalised runs joined by "of (the)", "for (the)", "on"; "and" only between words that
# are not a whole name each ("Foreign and Trade Office", not "Acme and Vela").
_CHAIN = re.compile(rf"{_WORDS}(?: (?:(?:of|for) (?:the )?|on |and (?!the\b))(?!{_TIME}){_WORDS})+")
_OPENERS = {"the", "in", "on", "at", "a", "an", "but", "and", "for", "of", "as", "after", "before", "while", "when", "with"}
_TITLE_HEADS = (TITLE_WORDS - {"foreign", "prime", "general"}) | {"counsel", "officer", "executive"}  # a post's head
_ORG_HEADS = {*ORG_WORDS, "staff", "forces", "assembly", "parliament", "congress", "senate", "house", "court", "army", "navy"}


def long_names(text: str, spans: list[Span]) -> list[Span]:
    """One organisation for a long official name the shapes cut in pieces (see the module's docstring)."""
    out = list(spans)
    for m in _CHAIN.finditer(text):
        start, label = m.start(), m.group(0)
        while label.split(" ", 1)[0].lower() in _OPENERS and " " in label:  # "The", "In" opening a sentence
            opener = label.split(" ", 1)[0]
            label = label[len(opener) :].lstrip()
            start = m.end() - len(label)
        end = m.end()
        joins = re.findall(r" (of|for|on|and) ", label)
        words = {w.lower().strip("'’") for w in label.split()}
        first = re.split(r" (?:of|for|on|and) ", label, maxsplit=1)[0]
        head = first.lower().split()[-1]
        if not joins or not words & _ORG_HEADS or not label[:1].isupper() or head in _TITLE_HEADS:
            continue  # "General Counsel of the Office of …": a title, then the body
        if (
            joins[0] != "and"
            and not {w.lower() for w in first.split()} & _ORG_HEADS
            and not any(s.kind == "Organisation" and s.start < start + len(first) and start < s.end for s in out)
        ):
            continue  # "Members of the X Forum": the name starts after "of the"
        inside = [s for s in out if s.start < end and start < s.end]
        orgs = [s for s in inside if s.kind == "Organisation"]
        if any(s.kind in ("Person", "Collective") for s in inside) or not orgs:
            continue
        if any(s.start < start or s.end > end for s in inside):
            continue  # a name that runs on beyond the chain: not ours to cut
        if len(orgs) == 1 and (orgs[0].start, orgs[0].end) == (start, end):
            continue  # already whole
        if "and" in joins and not _and_inside_a_name(label, text, start, orgs):
            continue
        first_org = max(orgs, key=lambda s: s.end - s.start)
        merged = Span(start, end, "Organisation", slug(label), label, first_org.cls)
        out = [s for s in out if not (s.kind == "Organisation" and start <= s.start and s.end <= end)] + [merged]
    return _also_known_as(text, owned_names(text, out))


_RUN = re.compile(rf"\b[A-Z]{{2,6}}(?: {_CAP})+")


def owned_names(text: str, spans: list[Span]) -> list[Span]:
    """'the NATO Cyber Defence Centre', 'the ASEAN Regional Forum': a body's acronym opening a capitalised name
    that ends in a body's head is part of that name, not a second body beside a cut one."""
    out = list(spans)
    for m in _RUN.finditer(text):
        start, end, label = m.start(), m.end(), m.group(0)
        owner = next(
            (s for s in out if s.kind == "Organisation" and (s.start, s.end) == (start, start + len(label.split()[0]))), None
        )
        if owner is None or label.split()[-1].lower() not in _ORG_HEADS:
            continue
        inside = [s for s in out if s.start < end and start < s.end]
        if any(s.kind != "Organisation" or s.start < start or s.end > end for s in inside):
            continue
        merged = Span(start, end, "Organisation", slug(label), label, owner.cls)
        out = [s for s in out if s not in inside] + [merged]
    return out


def _and_inside_a_name(label: str, text: str, start: int, orgs: list[Span]) -> bool:
    """'Foreign and Trade Office': the words before 'and' end no name found on their own."""
    for m in re.finditer(r"\sand\s", label):
        at = start + m.start()
        if any(o.end == at for o in orgs):
            return False
    return True


_KNOWN_AS = re.compile(r"\s*(?:,|-|–|—)\s*(?:(?:better|also|commonly|widely)\s+)?known\s+as\s+(?:the\s+)?$")


def _also_known_as(text: str, spans: list[Span]) -> list[Span]:
    """'X - better known as the Vela Bureau': the long name is the known body's (its id, so one node)."""
    orgs = sorted((s for s in spans if s.kind == "Organisation"), key=lambda s: s.start)
    same: dict[Span, Span] = {}
    for a, b in zip(orgs, orgs[1:], strict=False):
        if a.entity != b.entity and _KNOWN_AS.fullmatch(text[a.end : b.start]):
            same[a] = b
    renamed = {a.entity: b for a, b in same.items()}
    return [
        Span(s.start, s.end, s.kind, renamed[s.entity].entity, s.label, renamed[s.entity].cls) if s.entity in renamed else s
        for s in spans
    ]


_PLURAL_HEADS = {
    "parties": "party",
    "ministries": "ministry",
    "departments": "department",
    "agencies": "agency",
    "committees": "committee",
    "commissions": "commission",
    "councils": "council",
    "services": "service",
    "offices": "office",
    "universities": "university",
    "banks": "bank",
}
_HEAD_CLASSES = {
    "party": "PoliticalParty",
    "ministry": "GovernmentAgency",
    "department": "GovernmentAgency",
    "agency": "GovernmentAgency",
}
_MOD = r"(?:[A-Z][\w-]*(?: [A-Z][\w-]*){0,3}|[a-z]+)"  # "Armed Services", "health"
_COORDINATED = re.compile(
    rf"\b(?:({_CAP}(?: {_CAP})?)(?:'s|’s) )?({_MOD}(?:, {_MOD}){{0,4}},? (?:and|or) {_MOD}) "
    rf"({'|'.join(_PLURAL_HEADS)}|{'|'.join(h.title() for h in _PLURAL_HEADS)})\b"
)
_NOT_MODIFIERS = {"the", "all", "both", "other", "major", "main", "several", "many", "some", "two", "three", "four", "its"}


def coordinated_bodies(text: str, spans: list[Span]) -> list[Span]:
    """One body per coordinated modifier before a plural head (see the module's docstring)."""
    out = list(spans)
    for m in _COORDINATED.finditer(text):
        owner, head = m.group(1), _PLURAL_HEADS[m.group(3).lower()]
        mods, at = [], m.start(2)
        for part in re.split(r"(,? (?:and|or) |, )", m.group(2)):  # the separators kept, to count offsets
            if part and not re.fullmatch(r",? (?:and|or) |, ", part):
                mods.append((at, part))
            at += len(part)
        while mods and mods[0][1].split(" ", 1)[0].lower() in _OPENERS:  # "The Vela, …" opening a sentence
            at, word = mods[0]
            rest = word.split(" ", 1)[1] if " " in word else ""
            mods[0] = (at + len(word) - len(rest), rest)
            if not rest:
                mods.pop(0)
        proper = all(w[:1].isupper() for _, w in mods)
        state = next((s for s in out if s.kind == "State" and owner and s.start == m.start(1) and s.end == m.end(1)), None)
        if len(mods) < 2 or any(w.lower() in _NOT_MODIFIERS for _, w in mods) or not (proper or state):
            continue
        if any(s.kind in ("State", "Person") and s.start < m.end(2) and m.start(2) < s.end for s in out):
            continue  # "the Chinese and Russian governments": states, read by the government rule
        found = []
        known = next((s.cls for s in out if s.kind == "Organisation" and m.start(2) <= s.start < m.end()), "")
        for at, word in mods:
            label = f"{word} {head.title()}" if proper and not state else f"{owner}{text[m.end(1) : m.end(1) + 2]} {word} {head}"
            last = proper and not state and (at, word) == mods[-1]
            end = m.end() if last else at + len(word)  # "the A and B Parties": the last one holds the head word
            found.append(Span(at, end, "Organisation", slug(label), label, known or _HEAD_CLASSES.get(head, "")))
        out = [s for s in out if not (s.kind == "Organisation" and s.start < m.end() and m.start(2) < s.end)] + found
    return out


THING_NOUNS = (
    r"(?:ransomware|malware|virus|worm|trojan|pandemic|epidemic|outbreak|vaccine|spyware|exploit|botnet|backdoor|"
    r"wiper|variant|strain)"
)
_RANSOMWARE = re.compile(r"\s+ransomware\b|\bransomware$", re.I)
_THING_AFTER = re.compile(rf"\s+{THING_NOUNS}\b", re.I)
_THING_LABEL = re.compile(rf"\b{THING_NOUNS}$", re.I)
_CALLED_THING = re.compile(
    r"\b(?:attacks?|malware|viruse?s?|worms?|campaigns?|operations?|ransomware|exploits?|tools?)\s+"
    r"(?:(?:known|dubbed|called|named|codenamed)\s+(?:as\s+)?)(?:[A-Z][\w-]*\s*(?:,|and|or)\s*)*$"
)
_THREAT_GROUP = re.compile(
    r"\b(?:threat|hacking|hacker|hackers|espionage|criminal|cybercriminal|cyber-criminal|ransomware|APT)\s+"
    r"(?:activity\s+)?(?:group|gang|actor|crew|outfit)\s+$"
)


def things_and_groups(text: str, spans: list[Span]) -> list[Span]:
    """No organisation or person for a thing's name; a threat group named so is a threat actor, and so is the
    gang behind a ransomware of the same name ("Kord ransomware … Kord demanded")."""
    actors = ("Organisation", "Person")
    threat = {s.entity for s in spans if s.kind in actors and _THREAT_GROUP.search(text, max(0, s.start - 40), s.start)}
    things = {
        s.entity: bool(_RANSOMWARE.search(s.label) or _RANSOMWARE.match(text, s.end))
        for s in spans
        if s.kind in actors and (_THING_LABEL.search(s.label) or _THING_AFTER.match(text, s.end))
    }
    out = []
    for s in spans:
        is_thing = _THING_LABEL.search(s.label) or _THING_AFTER.match(text, s.end)
        if s.kind in actors and s.entity in things and not is_thing and things[s.entity]:
            s = Span(s.start, s.end, "Collective", slug(s.label), s.label, "ThreatActor")  # the ransomware's gang
        if s.kind in actors and (s.entity in things or _CALLED_THING.search(text, max(0, s.start - 80), s.start)):
            continue
        if s.entity in threat:
            s = Span(s.start, s.end, "Collective", s.entity, s.label, "ThreatActor")
        out.append(s)
    return out


def state_names(spans: list[Span]) -> list[Span]:
    """No organisation for a state's own name ('Russian Federation' is the state, not a body of that name)."""
    states = {(s.start, s.end) for s in spans if s.kind == "State"}
    return [s for s in spans if not (s.kind == "Organisation" and s.cls != "Government" and (s.start, s.end) in states)]


_THE_GOVERNMENT = re.compile(r"\b[Tt]he government(?:['’]s)?\b(?!\s+of\b)")


def story_government(text: str, spans: list[Span], government: Callable[[str], tuple[str, str]]) -> list[Span]:
    """'the government said' in a story about one state, no government named: that state's government (the
    state named at least twice as often as any other and at least three times, or the only state named).
    `government`: state -> (id, name)."""
    if any(s.cls == "Government" for s in spans):
        return []  # a government named: graph.extract_name_passes.bare_governments reads "the government"
    counts = Counter(s.entity for s in spans if s.kind == "State")
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and (ranked[0][1] < 3 or ranked[0][1] < 2 * ranked[1][1])):
        return []  # the one state named at all, or named three times and twice as often as any other
    gid, name = government(ranked[0][0])
    found = []
    for m in _THE_GOVERNMENT.finditer(text):
        span = Span(m.start() + 4, m.start() + 14, "Organisation", gid, name, "Government")
        if not overlaps(span, spans):
            found.append(span)
    return found


_MISSION = re.compile(r"(?:'s|’s) (?:permanent )?(?:mission|delegation|representation) (?:to|at) (?:the )?")


def state_missions(text: str, spans: list[Span]) -> list[Span]:
    """ "Norway's mission to the United Nations": a state's mission to a body is a body of its own (its
    spokesman's post is in it), beside the state and the body it is accredited to."""
    found = []
    for state in (s for s in spans if s.kind == "State"):
        m = _MISSION.match(text, state.end)
        host = next((s for s in spans if m and s.kind in ("Organisation", "State") and s.start == m.end()), None)
        if m and host:
            label = text[state.start : host.end]
            found.append(Span(state.start, host.end, "Organisation", slug(label), label, "GovernmentAgency"))
    return found


# Military units named by number: "Unit 12345", "the 31st squadron", "the 7th Signal Brigade".
_NUMBERED_UNIT = re.compile(
    r"\b(?:[Mm]ilitary )?[Uu]nit \d{3,6}\b|\b\d{1,4}(?:st|nd|rd|th) (?:[A-Z][a-z]+ ){0,2}"
    r"(?:[Ss]quadron|[Ww]ing|[Bb]rigade|[Bb]attalion|[Rr]egiment|[Dd]ivision|[Ff]leet)\b"
)


def numbered_units(text: str, spans: list[Span]) -> list[Span]:
    """A military unit named by its number is a body (the shapes and the model read the number as a quantity)."""
    found = []
    for m in _NUMBERED_UNIT.finditer(text):
        span = Span(m.start(), m.end(), "Organisation", slug(m.group(0)), m.group(0), "GovernmentAgency")
        if not overlaps(span, spans):
            found.append(span)
    return found


_OPENED = re.compile(r"[\"“]$")
_CLOSED = re.compile(r"[,.!?]?[\"”]")


def quoted_titles(text: str, spans: list[Span]) -> list[Span]:
    """'films titled "Fury," "Mr. Lund" and …': a name that is a whole quotation is the title of a work, no person
    or body."""
    return [
        s
        for s in spans
        if not (
            s.kind in ("Person", "Organisation")
            and _OPENED.search(text, max(0, s.start - 1), s.start)
            and _CLOSED.match(text, s.end)
        )
    ]


_PORTFOLIOS = {"home", "foreign", "interior", "defence", "defense", "finance", "justice", "health", "trade", "energy"}
_TITLE_AFTER = re.compile(r" (?:[Mm]inister|[Ss]ecretary|[Cc]ommissioner)\b")


def title_pieces(text: str, spans: list[Span]) -> list[Span]:
    """'Vela Home Minister Ana Ruiz': a 'body' ending in a portfolio word right before a minister's title is
    part of the title, no body."""
    return [
        s
        for s in spans
        if not (
            s.kind in ("Organisation", "Person")
            and s.label.split()[-1].lower() in _PORTFOLIOS
            and _TITLE_AFTER.match(text, s.end)
        )
    ]


def refine_spans(text: str, spans: list[Span], government: Callable[[str], tuple[str, str]]) -> list[Span]:
    spans = title_pieces(text, spans)
    spans = no_bodies(possessor_cut(text, long_names(text, coordinated_names(text, spans))))  # graph.extract_orgnames
    spans = quoted_titles(text, state_names(things_and_groups(text, coordinated_bodies(text, spans))))
    spans += numbered_units(text, spans)
    spans = overlapping_bodies(lowercase_affairs(text, lowercase_openers(text, spans)))  # graph.extract_entity_names
    return spans + story_government(text, spans, government) + state_missions(text, spans)


_TIME_WORDS = re.compile(
    r"\s+(?:on|in|at|during|since|last|this|next|earlier|later)\s+(?:the\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\d{4}|week|month|year|weekend|morning|afternoon|evening|night|day)\b.*$",
    re.S,
)


def timeless(label: str) -> str:
    """'Norwegian ambassador on Monday' -> 'Norwegian ambassador': a description ends before a time phrase."""
    return _TIME_WORDS.sub("", label)


def retarget_titles(titles: list[Title], before: list[Span], after: list[Span]) -> list[Title]:
    """A title whose body was a piece of a longer name (`long_names`) names the whole body now."""
    kept = {s.entity for s in after}
    out = []
    for t in titles:
        if t.organisation is not None and t.organisation not in kept:
            piece = next((s for s in before if s.entity == t.organisation), None)
            whole = next(
                (s for s in after if piece and s.kind == "Organisation" and s.start <= piece.start and piece.end <= s.end),
                None,
            )
            t = Title(t.person, t.start, t.end, t.words, whole.entity if whole else None, t.state, t.post)
        out.append(t)
    return out
