"""Normalising informal Indonesian social-media text for matching and models.

Captions and comments mix Bahasa Indonesia slang, abbreviations, emoji, Javanese
and English. Rule matching (pillars, campaigns) and the sentiment model both see
the same normalised text so that "gak", "ga" and "nggak" are one word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Common informal spellings -> standard form. Keep entries lower-case, one word each.
SLANG: dict[str, str] = {
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tdk": "tidak",
    "kagak": "tidak",
    "ndak": "tidak",
    "nda": "tidak",
    "gak2": "tidak",
    "bgt": "banget",
    "bngt": "banget",
    "bener": "benar",
    "bnr": "benar",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "krn": "karena",
    "karna": "karena",
    "krna": "karena",
    "tp": "tapi",
    "tpi": "tapi",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "jg": "juga",
    "jga": "juga",
    "aja": "saja",
    "aj": "saja",
    "sj": "saja",
    "lg": "lagi",
    "lgi": "lagi",
    "sm": "sama",
    "dr": "dari",
    "dri": "dari",
    "kalo": "kalau",
    "klo": "kalau",
    "kl": "kalau",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "napa": "kenapa",
    "org": "orang",
    "orng": "orang",
    "bs": "bisa",
    "bsa": "bisa",
    "tau": "tahu",
    "tw": "tahu",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "sy": "saya",
    "aku": "saya",
    "gue": "saya",
    "gw": "saya",
    "ane": "saya",
    "km": "kamu",
    "lu": "kamu",
    "lo": "kamu",
    "elo": "kamu",
    "kmu": "kamu",
    "trs": "terus",
    "trus": "terus",
    "emg": "memang",
    "emang": "memang",
    "mmg": "memang",
    "msh": "masih",
    "masi": "masih",
    "bkn": "bukan",
    "bukn": "bukan",
    "jd": "jadi",
    "jdi": "jadi",
    "pd": "pada",
    "smua": "semua",
    "sma": "sama",
    "dlm": "dalam",
    "thn": "tahun",
    "th": "tahun",
    "hrs": "harus",
    "cm": "cuma",
    "cuman": "cuma",
    "mantul": "mantap",
    "mantab": "mantap",
    "mantep": "mantap",
    "josss": "jos",
    "makasih": "terima kasih",
    "makasi": "terima kasih",
    "mksh": "terima kasih",
    "trims": "terima kasih",
    "thx": "thanks",
    "tq": "thanks",
    "ty": "thanks",
    "min": "admin",
    "mimin": "admin",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "ok": "oke",
    "okey": "oke",
    "okay": "oke",
    "sip": "oke",
    "siip": "oke",
    "bgs": "bagus",
    "bgus": "bagus",
    "kren": "keren",
    "kerennn": "keren",
    "lemot": "lambat",
    "lelet": "lambat",
    "mulu": "melulu",
    "mulu2": "melulu",
    "gabisa": "tidak bisa",
    "gbs": "tidak bisa",
    "gatau": "tidak tahu",
    # Added for the sentiment model: question words, intensifiers and common verbs
    # as they are typed in comment sections.
    "kpn": "kapan",
    "dmn": "dimana",
    "brp": "berapa",
    "knapa": "kenapa",
    "gmna": "bagaimana",
    "sgt": "sangat",
    "bnyk": "banyak",
    "byk": "banyak",
    "tlg": "tolong",
    "mhn": "mohon",
    "cepet": "cepat",
    "sampe": "sampai",
    "nyampe": "sampai",
    "dapet": "dapat",
    "liat": "lihat",
    "pake": "pakai",
    "kasian": "kasihan",
    "jelas2": "jelas",
    "gampang": "mudah",
    "bener2": "benar",
    "ancur": "hancur",
    "rusak2": "rusak",
    "mkasih": "terima kasih",
    "makasii": "terima kasih",
    "trmksh": "terima kasih",
    "gercep": "cepat",
    "kece": "keren",
    "gokil": "keren",
    "ngecewain": "mengecewakan",
    "nyesel": "menyesal",
    "males": "malas",
    "capek": "lelah",
    "ribet": "rumit",
    "mending": "lebih baik",
    "doang": "saja",
}

URL = re.compile(r"https?://\S+|www\.\S+")
# An @handle as Instagram, TikTok and X write them (letters, digits, "_" and "."), not
# the "@" inside an e-mail address.
MENTION = re.compile(r"(?<![\w@])@[\w.]{2,30}")
_HASHTAG = re.compile(r"#(\w+)")
_REPEAT = re.compile(r"(\w)\1{2,}")  # "bagusss" -> "baguss" -> handled by slang/stemmer
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def fold(text: str) -> str:
    """Lower-case and strip accents: "Pelayanan Publik" == "pelayanan publik"."""
    if text.isascii():  # most comments; same result, without the per-character pass
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def hashtags(text: str) -> list[str]:
    """Hashtags in a caption, folded, without '#'."""
    return [fold(tag) for tag in _HASHTAG.findall(text or "")]


@lru_cache(maxsize=65536)
def _standard(token: str) -> str:
    token = _REPEAT.sub(r"\1\1", token)
    return SLANG.get(token, token)


def tokens(text: str) -> list[str]:
    """Folded word tokens with slang mapped to standard words.

    URLs and @mentions are dropped; hashtags keep their word ("#SmartCity" ->
    "smartcity"); reduplication "anak-anak" stays one token.
    """
    text = fold(text or "")
    text = MENTION.sub(" ", URL.sub(" ", text))
    out: list[str] = []
    for token in _TOKEN.findall(text.replace("#", " ")):
        out.extend(_standard(token).split())
    return out


def normalise(text: str) -> str:
    """One space-joined string of ``tokens`` for models and phrase matching."""
    return " ".join(tokens(text))
