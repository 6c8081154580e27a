"""Language detection for routing comments: id, en, jv, ms, other (examples written for these tests)."""

from __future__ import annotations

import pytest

from outreach.analysis.language import LANGUAGES, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pelayanannya lambat banget, kecewa", "id"),
        ("Min, kapan pendaftaran beasiswa dibuka?", "id"),
        ("Mantap min, semoga lancar acaranya", "id"),
        ("When does registration for the training open?", "en"),
        ("Thank you, this is very helpful", "en"),
        ("Matur nuwun infone, sae tenan", "jv"),
        ("ora iso daftar, piye iki", "jv"),
        ("Kulo nderek nggih, mboten wonten biaya?", "jv"),
        ("Ora mutu, antrine suwe banget nganti awan", "jv"),
        ("Regane larang, kudu ngenteni sewulan", "jv"),
        ("Badhe nyuwun pirsa, kantoripun pundi?", "jv"),
        ("Gak onok sing ngurus, dalane rusak", "jv"),
        ("Saya nak tanya macam mana nak daftar", "ms"),
        ("Sila berikan maklumat lanjut kerana saya mahu hadir", "ms"),
        ("", "other"),
        ("👍👍🙏", "other"),
        ("12345 !!!", "other"),
        ("Bonjour tout le monde", "other"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_always_one_of_the_languages() -> None:
    for text in ["Ä", "#SmartCity", "ok", "https://example.org", "min 🙏 ora"]:
        assert detect_language(text) in LANGUAGES


def test_case_accents_and_repeats_do_not_matter() -> None:
    assert detect_language("KERENNN BANGET MIN") == detect_language("keren banget min") == "id"
    assert detect_language("Thé road is still broken") == "en"


def test_regional_words_that_are_also_short_english_words_do_not_make_english() -> None:
    # Madurese "are" is "day", Balinese "be" is "already": half the weight of other English words.
    assert detect_language("Indosat ruah se aghebey engkok pegghel sabbhen are") != "en"
    assert detect_language("We are happy to help") == "en"
