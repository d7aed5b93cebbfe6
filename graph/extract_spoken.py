"""Reported speech the statement rules leave out (issue 13, round 5).

A denial is reported speech: "China dismissed the report as groundless", "the embassy rejected the
allegations", "North Korea denied it was behind the attack" — whoever denies says so, so they are also the
speaker of a statement (rule statement.denial), unless the article already has them speak. Only a denial
reported with its words is taken as speech: a quotation in its sentence ("dismissed the report as a 'groundless
allegation'") or a participle of saying ("denied the charges, saying …"); "a charge Pyongyang has rejected" is
a stance, not something said.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_discourse import Sentence
from cyberkg.graph.extract_labels import PLACEHOLDER

if TYPE_CHECKING:
    from cyberkg.graph.extract_discourse import Discourse


# Words in quotation marks (straight, curly, or single quotes not inside a word) or a participle of saying.
_WORDED = re.compile(r"[\"“][^\"“”\n]+[\"”]|(?<!\w)['‘][^'‘’\n]+['’](?!\w)|\b(?:saying|calling|describing|adding)\b")


def denials_spoken(talk: Discourse) -> None:
    """Each denier who speaks nowhere else in the article speaks a statement where they deny."""
    out = talk.out
    kinds = {m.entity: m for m in out.mentions if m.kind in ("Denial", "Statement")}
    speaking = {
        o
        for r in out.relations
        if r.predicate == "speaker" and r.subject in kinds and kinds[r.subject].kind == "Statement"
        for o in r.objects
    }
    labels = {m.entity: m.label for m in out.mentions}
    for r in [r for r in out.relations if r.predicate == "claimant" and r.subject in kinds and kinds[r.subject].kind == "Denial"]:
        denial = kinds[r.subject]
        if not _WORDED.search(denial.sentence):
            continue
        for denier in [o for o in r.objects if o not in speaking]:
            s = Sentence(denial.start, denial.end, denial.sentence, [], [], out.article.text)
            label = out.new_entities.get(denier, {}).get("label") or labels.get(denier, denier)
            statement = talk.new("Statement", "Remark", f"{label}{PLACEHOLDER}", s, 0.5, at=denial.start)
            talk.relate(statement, "speaker", denier, s, 0.45, rule="statement.denial")
            speaking.add(denier)
