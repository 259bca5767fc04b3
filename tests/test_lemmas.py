"""model.lemmas: the shipped word -> lemma table says what pymorphy3 says, word for word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from model import lemmas
from model.lemmas import lemma, parsed_lemma, table

ROOT = Path(__file__).resolve().parent.parent


def _reference(word: str) -> str:
    """lemma() as it was before the table: pymorphy3 for a word with a Cyrillic letter."""
    word = word.lower().replace("ё", "е")
    return parsed_lemma(word) if lemmas.has_cyrillic(word) else word


def test_the_table_is_read_and_agrees_with_pymorphy3_on_every_entry() -> None:
    """Catches a pymorphy3 or dictionary update whose lemmas differ: rebuild the table
    (scripts/build_lemma_table.py) then. A table read under other versions is ignored
    (next test), so the entries are also checked to be in use here."""
    shipped = table()
    assert len(shipped) > 30_000, "the table is not read: versions differ? rebuild it"
    wrong = {w: (got, parsed_lemma(w)) for w, got in shipped.items() if got != parsed_lemma(w)}
    assert not wrong, f"{len(wrong)} disagree with pymorphy3, e.g. {list(wrong.items())[:5]}"
    assert all(w == w.lower().replace("ё", "е") and lemmas.words(w) == [w] for w in shipped)


def test_lemma_is_unchanged_by_the_table() -> None:
    shipped = sorted(table())
    words = shipped[::50] + [
        "Роутер", "ЁЛКИ", "ещё", "работает", "интернетище", "qwerty", "300", "wi-fi",
        "кто-нибудь", "Ёжик", "ПЕРЕЗВОНИТЕ", "xxquest", "", "спс", "блин",
    ]
    for word in words:
        got = lemma(word)
        assert got == _reference(word), word
        assert sys.intern(got) is got, word  # interned, as the vocabularies' terms


def test_a_table_of_other_versions_or_none_is_not_read(tmp_path: Path) -> None:
    versions = " ".join(f"{k}={v}" for k, v in lemmas.morph_versions().items())
    good = tmp_path / "good.tsv"
    good.write_text(f"# x\n{lemmas.VERSIONS_TAG}{versions}\nкоты\tкот\nкот\n", encoding="utf-8")
    assert table.__wrapped__(good) == {"коты": "кот", "кот": "кот"}
    other = tmp_path / "other.tsv"
    other.write_text(f"# x\n{lemmas.VERSIONS_TAG}pymorphy3=0.1 pymorphy3-dicts-ru=0.1\n"
                     "коты\tкот\n", encoding="utf-8")
    assert table.__wrapped__(other) == {}
    assert table.__wrapped__(tmp_path / "missing.tsv") == {}
    unnamed = tmp_path / "unnamed.tsv"  # no versions line: not read either
    unnamed.write_text("# x\nкоты\tкот\n", encoding="utf-8")
    assert table.__wrapped__(unnamed) == {}


def test_the_table_rebuilds_the_same(tmp_path: Path) -> None:
    """Reproducible from the shipped files alone (word_frequencies.tsv, tone_v2): after
    retraining the tone model or updating pymorphy3, run scripts/build_lemma_table.py."""
    out = tmp_path / "lemmas.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lemma_table.py"),
                    "--output", str(out)], check=True, capture_output=True, timeout=600)
    assert out.read_bytes() == lemmas.TABLE_PATH.read_bytes(), (
        "model/data/lemmas.tsv is stale: run scripts/build_lemma_table.py")
