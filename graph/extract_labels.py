"""Readable labels for what the extractor made — "China–Canada agreement (2017)", "Intrusion into the
National Research Council (2014)", "United States accuses China over …", "Statement by James Clapper
(2016-02-09)" — written from the facts once an article is read, never an internal id or offset. The
events' ids stay as they are (unique per article and position); only the labels change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cyberkg.graph.extract_types import Extraction

PLACEHOLDER = "\x00"  # the label an event gets when made; relabel() replaces it


def relabel(out: Extraction, name: Callable[[str], str], published: dt.date | None) -> None:
    """name: entity id -> its label (the discourse's). Later kinds read earlier ones' new labels."""
    facts: dict[tuple[str, str], list[str]] = {}
    for r in out.relations:
        facts.setdefault((r.subject, r.predicate), []).extend(r.objects)

    def date(entity: str, precision: int = 4) -> str:
        value = out.dates.get(entity, ({"value": published.isoformat() if published else ""},))[0]["value"]
        return str(value)[:precision]

    def names(entity: str, predicate: str, limit: int = 2) -> str:
        found = list(dict.fromkeys(facts.get((entity, predicate), [])))[:limit]
        return " and ".join(name(e) for e in found)

    def when(entity: str, precision: int = 4, published_too: bool = True) -> str:
        d = date(entity, precision) if published_too or entity in out.dates else ""
        return f" ({d})" if d else ""

    order = ("Agreement", "Incident", "AttributionClaim", "Denial", "Statement")
    for kind in order:
        for entity, record in out.new_entities.items():
            if not entity.startswith(f"{kind.lower()}-") or PLACEHOLDER not in record["label"]:
                continue
            hint = record["label"].replace(PLACEHOLDER, "").strip()
            if kind == "Agreement":
                label = f"{hint} agreement{when(entity)}"
            elif kind == "Incident":
                victims = names(entity, "victim")
                on = {"Intrusion": "into", "Cyber attack": "on", "Attack": "on"}.get(hint, "of")
                label = f"{hint} {on + ' ' + victims if victims else 'reported'}{when(entity, 4, False)}"
            elif kind == "AttributionClaim":
                claimant, blamed = names(entity, "claimant") or "The article", names(entity, "attributedTo")
                subject = facts.get((entity, "subject"))
                label = f"{claimant} accuses {blamed}" + (f" over the {_lower(name(subject[0]))}" if subject else "")
            elif kind == "Denial":
                label = f"{names(entity, 'claimant') or 'Denial'} denies " + (
                    f"the claim: {name(facts[(entity, 'denies')][0])}" if facts.get((entity, "denies")) else "the claim"
                )
            else:
                label = f"Statement by {names(entity, 'speaker', 1) or hint}{when(entity, 10)}"
            record["label"] = label[0].upper() + label[1:]


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
