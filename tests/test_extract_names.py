"""graph.extract_names' check that a model name is a thing, not an actor (`_a_thing`), on sentences written here:
each construction it knows, the near misses it must not take, and the same answer wherever in a long text the
name stands (it reads only the places the name is written)."""

from __future__ import annotations

import pytest

from cyberkg.graph.extract_names import _a_thing

CASES = [
    ("Aurora", "ORG", "Both sides signed the Aurora framework last week.", True),
    ("Aurora", "ORG", "An Aurora number was issued to each firm.", True),
    ("Indian Telegraph", "ORG", "Police acted under the Indian Telegraph Act on Monday.", True),
    ("Data Misuse", "ORG", "Police acted under the Data Misuse and Online Crimes Act.", True),  # a law's name with "and"
    ("Vela Labs", "ORG", "Vela Labs and Acme Corp signed a deal.", False),
    ("Aurora", "ORG", "Aurora\nframework talks resumed.", True),  # any white space between
    ("Aurora", "PERSON", "The sanctions fell on the Aurora in May.", True),
    ("Aurora", "PERSON", "The Aurora said it would appeal.", True),
    ("Aurora", "PERSON", "Officials met the  Aurora again.", True),
    ("Aurora", "PERSON", "Ana met Aurora in May.", False),
    ("Aurora", "PERSON", "The Aurora's owner said nothing.", False),  # a possessive: the person owns something
    ("Aurora", "PERSON", "The Aurora’s owner said nothing.", False),
    ("Aurora", "PERSON", "Bathe Aurora in light.", False),  # 'the' inside another word
    ("Aurora", "ORG", "The Aurora said it would appeal.", False),  # only a person is undone by the article
    ("Aurora", "ORG", "NovAurora framework talks resumed.", False),  # inside another word
    ("Aurora", "ORG", "Aurora frameworks were drafted.", False),  # the noun must end there
    ("Aurora", "ORG", "Aurora Actors staged a protest.", False),
]


@pytest.mark.parametrize(("label", "kind", "text", "thing"), CASES)
def test_a_name_before_a_thing_noun_or_after_the_is_no_actor(label, kind, text, thing):
    assert _a_thing(label, kind, text) is thing


@pytest.mark.parametrize(("label", "kind", "text", "thing"), CASES)
def test_the_answer_holds_wherever_the_name_stands_in_a_long_text(label, kind, text, thing):
    filler = "Ana Ruiz said the talks went well. " * 200
    assert _a_thing(label, kind, f"{filler}{text} {filler}") is thing
    if thing:  # an earlier mention that is no thing does not hide a later one that is
        assert _a_thing(label, kind, f"{label} met officials. {text}")
