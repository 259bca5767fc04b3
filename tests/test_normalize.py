"""Normalisation of social-media text (model.normalize)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.lemmas import lemmas
from model.normalize import MARKERS, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[id123|Иван Петров], спасибо", "xxuser, спасибо"),
        ("[club42|Билайн] ответьте", "xxclub ответьте"),
        ("[public7|Магазин] где заказ", "xxclub где заказ"),
        ("@beeline_ru когда починят", "xxuser когда починят"),
        ("смотрите https://vk.com/wall-1_2?reply=3 тут", "смотрите xxurl тут"),
        ("сайт www.example.ru и mts.ru/help", "сайт xxurl и xxurl"),
        ("Спасибо)))", "спасибо xxpos"),
        ("Спасибо)", "спасибо xxpos"),
        ("опять не работает(((", "опять не работает xxneg"),
        ("грустно :(", "грустно xxneg"),
        ("класс :-) и =) и :D", "класс xxpos и xxpos и xxpos"),
        ("всё работает (наконец-то)", "все работает (наконец-то)"),
        ("скучаю(", "скучаю xxneg"),
        ("люблю вас ❤️❤️", "люблю вас xxpos"),
        ("ну вот 😡", "ну вот xxneg"),
        ("смотри 🚀", "смотри xxemoji"),
        ("ахахаха вы даете", "xxlaugh вы даете"),
        ("ПОЗОР!!!", "xxcaps позор xxexcl"),
        ("ОАО МТС и ВТБ", "оао мтс и втб"),
        ("дааааа, оооочень", "xxelong да, xxelong очень"),
        ("касса длинная", "касса длинная"),
        ("Ёлки, что это???", "елки, что это xxquest"),
        ("серьёзно?!", "серьезно xxquest"),
        ("RT @user: новость", "xxuser: новость"),
        ("#билайн лучший", "билайн лучший"),
        ("  много   пробелов \n и строк ", "много пробелов и строк"),
        ("", ""),
    ],
)
def test_normalize_cases(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_markers_survive_lemmatisation() -> None:
    assert lemmas(normalize("Спасибо))) ПОЗОР!!! [id1|Аня]")) == [
        "спасибо", "xxpos", "xxcaps", "позор", "xxexcl", "xxuser",
    ]


@given(st.text(max_size=200))
def test_normalize_total_and_idempotent_on_markers(text: str) -> None:
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
    assert "ё" not in out
    # Normalising again keeps every marker already there.
    for marker in MARKERS:
        if marker in out.split():
            assert marker in normalize(out).split()


def test_pymorphy3_runs_on_the_c_dawg() -> None:
    """pymorphy3[fast] is a dependency: the pure-Python DAWG makes every lemma of a new
    word several times slower (the template index build went from 6 s to 11 s)."""
    import pymorphy3.dawg

    assert pymorphy3.dawg.EXTENSION_AVAILABLE
