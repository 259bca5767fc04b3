"""Cliché detector: lemma matching, offsets into the original text, trainers' own list."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.cliches import BUILTIN_PATH, find_cliches, load_cliches


def found(text: str, extra: Path | None = None) -> list[tuple[str, str]]:
    return [(text[c["start"]:c["end"]], c["phrase"]) for c in find_cliches(text, extra)]


def test_builtin_list_is_large_and_every_entry_has_an_alternative() -> None:
    cliches = load_cliches()
    assert len(cliches) >= 60
    assert all(c.alternative for c in cliches)
    phrases = {c.phrase for c in cliches}
    for required in ("приносим извинения за доставленные неудобства", "в настоящее время",
                     "ваше обращение зарегистрировано", "данный", "осуществляется",
                     "денежные средства", "в соответствующий отдел",
                     "ожидайте обратной связи", "благодарим за обращение"):
        assert required in phrases


@pytest.mark.parametrize(
    ("text", "matched", "phrase"),
    [
        ("В настоящее время сеть работает.", "В настоящее время", "в настоящее время"),
        ("Приносим свои извинения за доставленные неудобства!",
         "Приносим свои извинения за доставленные неудобства",
         "приносим извинения за доставленные неудобства"),
        ("Мы принесли извинения клиенту", "принесли извинения", "принести извинения"),
        ("Приносят извинения", "Приносят извинения", "приносим извинения"),
        ("Ваше обращение уже зарегистрировано.", "Ваше обращение уже зарегистрировано",
         "ваше обращение зарегистрировано"),
        ("Данная услуга недоступна", "Данная услуга", "данная услуга"),
        ("по данному адресу", "данному", "данный"),
        ("Денежных средств на счёте нет", "Денежных средств", "денежные средства"),
        ("Передали в соответствующий отдел", "в соответствующий отдел",
         "в соответствующий отдел"),
        ("Ожидайте обратной связи", "Ожидайте обратной связи", "ожидайте обратной связи"),
        ("Благодарим за обращение!", "Благодарим за обращение", "благодарим за обращение"),
    ],
)
def test_finds_inflected_phrases(text: str, matched: str, phrase: str) -> None:
    assert (matched, phrase) in found(text)


def test_offsets_are_in_the_original_text_with_emoji_and_capitals() -> None:
    text = "🙂🙂 Иван, ДОБРЫЙ ДЕНЬ! В НАСТОЯЩЕЕ ВРЕМЯ осуществляется ремонт."
    hits = find_cliches(text)
    assert [text[h["start"]:h["end"]] for h in hits] == ["В НАСТОЯЩЕЕ ВРЕМЯ", "осуществляется"]
    assert hits[0]["alternative"] == "сейчас"


def test_longest_phrase_wins_and_nothing_overlaps() -> None:
    text = "Приносим извинения за доставленные неудобства."
    hits = find_cliches(text)
    assert len(hits) == 1
    assert hits[0]["start"] == 0 and hits[0]["end"] == len(text) - 1


def test_no_match_across_a_sentence_end() -> None:
    assert found("Это было в. Настоящее время пришло") == []


@pytest.mark.parametrize(
    "text",
    [
        "Простите, что так вышло: деньги вернём сегодня.",
        "Ваши данные в безопасности.",
        "Мастер придёт завтра в десять.",
        "",
    ],
)
def test_plain_text_has_no_cliches(text: str) -> None:
    assert find_cliches(text) == []


def test_trainers_file_adds_overrides_and_silences(tmp_path: Path) -> None:
    extra = tmp_path / "cliches.tsv"
    extra.write_text(
        "# our team's list\n"
        "решаем вопрос\tчиним (скажите что и когда)\n"
        "в настоящее время\tпрямо сейчас\n"
        "данный\t\n",
        encoding="utf-8",
    )
    text = "В настоящее время решаем ваш вопрос по данному адресу."
    hits = {h["phrase"]: h for h in find_cliches(text, extra)}
    assert hits["решаем вопрос"]["alternative"] == "чиним (скажите что и когда)"
    assert text[hits["решаем вопрос"]["start"]:hits["решаем вопрос"]["end"]] == "решаем ваш вопрос"
    assert hits["в настоящее время"]["alternative"] == "прямо сейчас"
    assert "данный" not in hits
    # Without the file, the built-in list only.
    assert {h["phrase"] for h in find_cliches(text)} == {"в настоящее время", "данный"}


def test_missing_trainers_file_means_builtin_list(tmp_path: Path) -> None:
    assert find_cliches("в настоящее время", tmp_path / "absent.tsv")[0]["alternative"] == (
        "сейчас"
    )


def test_edited_trainers_file_is_reread(tmp_path: Path) -> None:
    extra = tmp_path / "cliches.tsv"
    extra.write_text("решаем вопрос\tчиним\n", encoding="utf-8")
    assert found("решаем вопрос", extra) == [("решаем вопрос", "решаем вопрос")]
    extra.write_text("решаем вопрос\tчиним\nмастер придёт\tпридёт мастер\n", encoding="utf-8")
    assert len(find_cliches("решаем вопрос. Мастер придёт", extra)) == 2


def test_malformed_trainers_file_names_the_line(tmp_path: Path) -> None:
    extra = tmp_path / "cliches.tsv"
    extra.write_text("хорошая строка\tальтернатива\nстрока без табуляции\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cliches.tsv:2"):
        find_cliches("текст", extra)


def test_builtin_file_parses_cleanly() -> None:
    for number, line in enumerate(BUILTIN_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("!"):
            assert "\t" not in line and line[1:].strip(), f"line {number}: {line!r}"
        elif line and not line.startswith("#"):
            assert line.count("\t") == 1, f"line {number}: {line!r}"
