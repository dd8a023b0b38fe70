"""How the model's names and the rules' names are merged: whole organisations over the places
inside them, the model's word on common words, context cues for people."""

from __future__ import annotations

import pytest

from reader.entities import extract_entities


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.type) for span in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("西安电影制片厂厂长张丕民介绍，新片明年上映。", "西安电影制片厂"),
        ("长沙市芙蓉区人民法院开庭审理了此案。", "长沙市芙蓉区人民法院"),
        ("在G组的比赛中，哥伦比亚队以1比0击败对手。", "哥伦比亚队"),
    ],
)
def test_a_whole_organisation_wins_over_the_places_inside_it(text: str, org: str) -> None:
    names = found(text)
    assert (org, "org") in names
    assert not {n for n, kind in names if kind == "place" and n in org}


@pytest.mark.parametrize(
    ("text", "place", "org"),
    [
        ("美國人工智慧公司 Anthropic 表示將上訴。", "美國", "Anthropic"),
        ("她說，「美國法院把這種使用視為合理使用」。", "美國", None),
        ("展品也向日本九州國立博物館借展。", "日本", "九州國立博物館"),
    ],
)
def test_a_place_before_a_description_or_a_known_organisation_stays_a_place(text: str, place: str, org: str | None) -> None:
    names = found(text)
    assert (place, "place") in names
    if org is not None:
        assert (org, "org") in names
