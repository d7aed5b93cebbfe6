"""Names listed under one plural head: "the Liberal, National and Labor Parties", "the Armed Services and
Intelligence Committees". English writes several bodies of one kind with the kind once, in the plural; each
is its own organisation, named with the singular ("Liberal Party", "Intelligence Committee"), at the words
that tell it apart (the last one with the head word). Only capitalised names and a capitalised head of a
known kind are split; a span that starts inside such a list gives way to its members.
"""

from __future__ import annotations

import re

from cyberkg.graph.extract_types import Span, slug

SINGULAR = {
    "parties": "Party",
    "ministries": "Ministry",
    "committees": "Committee",
    "departments": "Department",
    "agencies": "Agency",
    "councils": "Council",
    "commissions": "Commission",
    "universities": "University",
    "banks": "Bank",
}
CLASSES = {
    "Party": "PoliticalParty",
    "Ministry": "GovernmentAgency",
    "Department": "GovernmentAgency",
    "Agency": "GovernmentAgency",
}
NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}"
HEADS = "|".join(w.capitalize() for w in SINGULAR)
LISTED = re.compile(rf"\b({NAME}(?:, {NAME})*,? and {NAME}) ({HEADS})\b")


def split_listed(text: str, spans: list[Span]) -> list[Span]:
    """The spans with each list of organisations under one plural head split into its members (the spans
    inside the list, a name for one word of it, give way)."""
    lists = [m for m in LISTED.finditer(text) if not any(s.start < m.start(1) < s.end for s in spans)]
    out = [s for s in spans if not any(m.start(1) <= s.start < m.end() for m in lists)]
    for found in lists:
        kind = SINGULAR[found.group(2).lower()]
        cls = next((s.cls for s in spans if s.kind == "Organisation" and found.start(1) <= s.start < found.end()), "")
        names = list(re.finditer(NAME, found.group(1)))
        for name in names:
            label = f"{name.group(0)} {kind}"
            at = found.start(1) + name.start()
            end = found.end() if name is names[-1] else at + len(name.group(0))  # the last one holds the head word
            out.append(Span(at, end, "Organisation", slug(label), label, cls or CLASSES.get(kind, "")))
    return sorted(out)
