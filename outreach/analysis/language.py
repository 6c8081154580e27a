"""Which language a comment or caption is written in: id, en, jv, ms or other.

Comment sections under a regency's posts are mostly informal Bahasa Indonesia,
with Javanese, Malay (neighbouring audiences) and English mixed in. The sentiment
model routes on this: English goes to the English scorer, everything else in the
Indonesian family goes to the SmSA-trained model.

The detector counts hits against short lists of very frequent, distinctive words
(function words, pronouns, negators, greetings, common slang) written from general
knowledge of the languages, plus two Javanese suffix cues. It is fast and good
enough for routing; it is not a general-purpose language identifier.
"""

from __future__ import annotations

import re
from functools import lru_cache

from outreach.analysis.text import fold

LANGUAGES = ("id", "en", "jv", "ms", "other")


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one or more words a line."""
    return frozenset(text.split())


# Words shared by Indonesian and Malay count for "id": Malay wins only on words that
# Indonesian rarely uses ("boleh" is shared, "sahaja" and "kerana" are not).
_WORDS: dict[str, frozenset[str]] = {
    "id": _words(
        """
        yang dan di ke dari ini itu dengan untuk tidak tak ada akan pada juga saya kami kita
        mereka dia anda sudah belum bisa harus karena kalau jika atau tapi tetapi sangat lebih
        apa apakah bagaimana kapan kenapa mengapa siapa mana dimana berapa mohon tolong terima
        kasih banyak semoga selamat pak bu bapak ibu kak min admin mimin gak ga nggak enggak gk
        ngga udah udh sdh blm aja saja banget bgt dong deh sih kok nih tuh lagi sama buat
        bikin gimana gmn yg dgn utk krn tp jg kalo klo mau ingin masih baru cepat bagus keren
        mantap mantul jelek kecewa ramah jalan warga desa kota cuma terus hari besok kemarin
        sekarang nanti ya kan lah pun nya oleh agar supaya sudah tersebut adalah hanya
        """
    ),
    "en": _words(
        """
        the a an is are was were be been am do does did have has had i you he she it we they
        my your our their this that these those of to in on at for with from by about and or
        but not no yes please thank thanks very so too what when where why how who which can
        could will would should there here just still again great good bad nice love best
        worst terrible awesome amazing happy sad disappointed really also if than then
        """
    ),
    "jv": _words(
        """
        ora ra opo iki kuwi kui iku wis uwis durung sing karo neng ning nang ae wae lho
        mboten sampun dereng nggih inggih monggo mangga matur nuwun suwun sae apik tenan
        piye pripun ojo endi ngendi kene kono sesuk wingi saiki rek cah dulur kabeh akeh
        sithik angel gampang elek blas kowe awakmu panjenengan niki niku nopo menawi kulo
        kula arep pengen dadi mung isih bae lan ugi ingkang wonten mawon
        isa iso ing kanggo dinggo kudu nganggo marang saben nanging rega sitik nesu luwih suwe
        suwi nganti yen amarga saka menyang uga pancen ngenteni maneh ngono ngene kae dalan omah
        duwe ngerti weruh dudu onok nggenah mambu reget resik grapyak larang
        badhe kagem dhateng saged nyuwun sanget pinten pundi menika punika kaliyan utawa sampeyan
        """
    ),
    "ms": _words(
        """
        sahaja kerana bila hendak nak mahu awak ialah sila kerajaan negeri semasa encik
        jugak kat maklumat percuma baiki kereta bermula sungguh amat
        """
    ),
}
# Indonesian and Malay share most words, and shared words count for Indonesian, so
# one word that only Malay uses is stronger evidence than one shared word.
_WEIGHT = {"id": 1.0, "en": 1.0, "jv": 1.0, "ms": 2.0}
# Short English words that are also words of the regional languages (Madurese "are" is
# day, Balinese "be" is already, "a" and "an" are Madurese particles, Sundanese "we"):
# half the evidence of other English words, and not enough on their own.
_WEAK = _words("a an are be i we on")
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in _WORDS.items():
    for _word in _vocab:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)
# Javanese marks "the ..."/"its ..." with -ne/-e where Indonesian writes -nya
# ("pelayanane", "dalane"), and forms verbs with -ake. Indonesian words rarely end so.
_JAVANESE_SUFFIX = re.compile(r"[a-z]{3,}(?:[aiou]ne|ake|akne)$")
_WORD = re.compile(r"[a-z]+")
_REPEAT = re.compile(r"([a-z])\1{2,}")  # "kerennn" -> "keren"
_LETTER = re.compile(r"[^\W\d_]")


# Comments repeat ("mantap min", "hadir"), captions hardly ever: texts up to CACHED_CHARS
# characters are remembered, longer ones not, so the cache stays under 20 MB. (Caching
# every text kept 64 MB of captions alive through a 200,000-post import.)
CACHED_CHARS = 100
CACHED_TEXTS = 32768


def detect_language(text: str) -> str:
    """Return one of ``LANGUAGES`` for a comment or caption.

    ``"other"`` for empty text, emoji or numbers only, and text with no known words.
    Ties between Indonesian and its neighbours go to Indonesian, the default audience.
    """
    return _detect_short(text) if len(text) <= CACHED_CHARS else _detect(text)


def _detect(text: str) -> str:
    if not text or not _LETTER.search(text):
        return "other"
    folded = text.lower() if text.isascii() else fold(text)
    words = _WORD.findall(_REPEAT.sub(r"\1", folded))
    if not words:
        return "other"
    counts = dict.fromkeys(_WORDS, 0.0)
    for word in words:
        langs = _LANGS_OF.get(word)
        if langs:
            # A word shared by several languages is weaker evidence for each of them.
            share = 0.5 / len(langs) if word in _WEAK else 1.0 / len(langs)
            for lang in langs:
                counts[lang] += share * _WEIGHT[lang]
        elif _JAVANESE_SUFFIX.match(word) and not word.endswith("line"):
            counts["jv"] += 0.5
    best = max(counts.values())
    if best == 0 or (best < 1.0 and counts["en"] == best):  # only a weak English word or two
        return "other"
    # On a tie Indonesian wins: it is what most of these comments are written in.
    return next(lang for lang in ("id", "en", "jv", "ms") if counts[lang] == best)


_detect_short = lru_cache(maxsize=CACHED_TEXTS)(_detect)


def clear_cache() -> None:
    """Forget the remembered short texts (benchmarks time the detector without them)."""
    _detect_short.cache_clear()
