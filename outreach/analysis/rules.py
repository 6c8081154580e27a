"""Rule-based tagging of captions: pillars, PR strategies, campaigns, message variants.

A ``Rule`` is one target (a pillar key, a strategy key, a campaign or variant id)
with the keywords and hashtags that mark it. ``RuleMatcher`` compiles a set of
rules once and then tags captions quickly; it knows nothing about databases.

How a caption matches a rule (one ``Match`` per rule, with the marker that fired):

1. **Hashtag** markers match a caption hashtag exactly after folding:
   ``#UMKMNaikKelas`` == ``umkmnaikkelas``. No partial hashtag matching here: an
   office that lists a campaign hashtag means that hashtag.
2. **Keyword** markers match the caption's words (``text.tokens``: folded, slang
   mapped) as consecutive words. With ``stem=True`` a caption word also matches
   when its Sastrawi stem equals the keyword word's stem, so "perizinan" finds
   "izin" and "menanam pohon" finds "tanam pohon". The stem decides, not a
   substring test: "pasaran" (stem "pasar") matches "pasar", "pasarkan" too, but
   "pasangan" never does. A keyword written with a leading ``=`` ("=budaya")
   matches only that exact word, for roots whose derived forms mean something
   else ("budayakan" = make a habit of).
   Where Sastrawi gives one stem to words of unrelated meaning ("relawan",
   volunteer, and "rawan", prone to, both stem to "rawan"), the stem alone does
   not decide: ``COLLIDING_STEMS`` lists such stems with the surface forms of
   each meaning, and a caption word must show the same meaning as the keyword
   word ("kerelawanan" matches "relawan"; "daerah rawan longsor" does not). This
   is decided once per keyword word when the matcher is built and once per
   distinct caption word while matching.
3. A keyword also matches **inside a hashtag**: camel-case hashtags are split
   into words (``#GerakanMenanamPohon`` -> gerakan menanam pohon, stemmed as
   above); a lower-case hashtag matches when it contains the keyword with its
   spaces removed ("#banksampahsukamaju" contains "bank sampah"). Short
   keywords hide inside unrelated tags ("tari" in "#lestari", "air" in
   "#airterjun"), so keywords under 5 letters only match at the start of a tag
   ("#umkmjuara"), and ``=`` keywords never match inside a lower-case tag.

Only the first ``MAX_MATCH_CHARS`` characters of a caption are matched.

The best marker per rule is chosen by: exact hashtag, then keyword in the text,
then keyword in a camel-case hashtag, then keyword inside a hashtag; within one
kind the earliest in the caption, then the longest keyword. Results keep the
order the rules were given in, so the same input always gives the same output.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from outreach.analysis.text import fold, tokens
from outreach.errors import ConfigError

DEFAULTS_DIR = Path(__file__).resolve().parent.parent / "defaults"

# Marker kinds in order of preference when one rule matches several ways.
_HASHTAG, _TEXT, _CAMEL, _INSIDE_TAG = range(4)

# Keywords shorter than this (spaces removed) only match at the start of a
# lower-case hashtag; see the module docstring.
_MIN_INSIDE_TAG = 5
# Affixes Sastrawi can strip. Used only to decide whether a caption word could
# stem to a keyword's stem at all; most words cannot, and skipping the stemmer
# for them is what makes tagging thousands of captions fast.
_PREFIXES = (
    "di", "ke", "se", "be", "ber", "bel", "te", "ter", "me", "mem", "men", "meng",
    "meny", "menge", "pe", "pem", "pen", "peng", "peny", "penge", "per", "pel",
)  # fmt: skip
_SUFFIXES = tuple(
    derivational + possessive + particle
    for derivational in ("", "i", "kan", "an")
    for possessive in ("", "ku", "mu", "nya")
    for particle in ("", "lah", "kah", "tah", "pun")
)

# Stems that Sastrawi gives to words of unrelated meaning, so that matching by
# stem alone would tag one word's posts with the other's rule. Each entry lists
# the meanings as groups of surface forms; a word takes the meaning of the
# longest listed form it contains ("kerelawanan" contains "relawan",
# "memperbaiki" contains "perbaik" and "baik": the longer wins), and a word that
# contains none of them matches a keyword word only when it is that word.
# A keyword word with one of these stems matches a caption word only when both
# show the same meaning. tests/test_rule_collisions.py finds the collisions of
# the shipped taxonomy against a vocabulary of common words; add an entry here
# when it reports a new one whose words mean different things.
COLLIDING_STEMS: dict[str, tuple[tuple[str, ...], ...]] = {
    # relawan (volunteer) / rawan (prone to): "daerah rawan longsor" is a disaster warning
    "rawan": (("relawan",), ("rawan",)),
    # pengumuman, diumumkan (announcement) / umum (general, public: "angkutan umum")
    "umum": (("pengumuman", "umumkan"), ("umum",)),
    # berbagi (to share, give) / bagi (for: "bagi warga"; divide), sebagian (some), dibagikan
    "bagi": (("berbagi",), ("bagi",)),
    # perbaikan, memperbaiki (repair) / baik (good): "sebaiknya berjalan" is no road repair
    "baik": (("perbaik",), ("baik",)),
    # dibuka (is opened: a service, registration) / keterbukaan (transparency) /
    # berbuka (break the fast), terbuka, membuka, pembukaan (opening ceremony)
    "buka": (("dibuka",), ("keterbukaan",), ("buka",)),
    # hubungi, menghubungi (contact us) / hubungan (relation), sehubungan, Dinas Perhubungan
    "hubung": (("hubungi",), ("hubung",)),
    # perusahaan (company) / usaha (business, effort: "pelaku usaha", "berusaha")
    "usaha": (("perusahaan",), ("usaha",)),
    # pelaku (actor: "pelaku usaha") / laku, melakukan (to do), berlaku (valid)
    "laku": (("pelaku",), ("laku",)),
    # pengaduan, aduan, mengadu (complaint) / adu (contest: "adu cepat"), beradu
    "adu": (("pengaduan", "aduan", "mengadu"), ("adu",)),
    # anggaran, dianggarkan (budget) / anggar (fencing, the sport)
    "anggar": (("anggaran", "anggarkan"), ("anggar",)),
    # kerajinan, perajin, pengrajin (handicraft, craftsmen) / rajin (diligent)
    "rajin": (("kerajinan", "perajin", "pengrajin"), ("rajin",)),
    # santunan, menyantuni (charitable gift) / santun, kesantunan (polite, politeness)
    "santun": (("santunan", "santuni", "nyantuni"), ("santun", "kesantunan")),
    # petani, pertanian (farmer, farming); Sastrawi also stems "menemani" (to accompany) to "tani"
    "tani": (("tani",),),
    # tari, penari, menari (dance) / penarikan (withdrawal), which Sastrawi also stems to "tari"
    "tari": (("tari", "nari"), ("tarik", "narik")),
    # tanggung jawab (responsibility); Sastrawi also stems "Temanggung" (a regency) to "tanggung"
    "tanggung": (("tanggung",),),
    # bahan pokok (staples); Sastrawi also stems "belahan", "bersebelahan" (adjacent) to "bahan"
    "bahan": (("bahan",),),
    # desa (village) / berdesakan (jostling)
    "desa": (("desa",), ("desak",)),
    # tahukah (did you know?) / tahu (to know; tofu), mengetahui, pengetahuan
    "tahu": (("tahukah",), ("tahu",)),
    # peserta (participant) / serta, beserta (and, together with)
    "serta": (("peserta",), ("serta",)),
    # kenali (get to know) / kenal, terkenal (famous), dikenal (known)
    "kenal": (("kenali",), ("kenal",)),
    # kemanusiaan (humanitarian) / manusia (human: "sumber daya manusia")
    "manusia": (("kemanusiaan",), ("manusia",)),
    # pentingnya (the importance of: an educative post) / penting (important), kepentingan (interest)
    "penting": (("pentingnya",), ("penting",)),
    # gabungan (joint: "apel gabungan") / bergabung (to join)
    "gabung": (("gabungan",), ("gabung",)),
    # lalu lintas, berlalu lintas (traffic) / melalui (via), dilalui (passed through)
    "lalu": (("lalu",), ("lalui",)),
    # terpadu, keterpaduan (integrated) / berpadu, perpaduan (blend: "alam berpadu dengan budaya")
    "padu": (("terpadu",), ("padu",)),
    # rapat (meeting) / merapat, rapatkan (draw near: "yuk merapat")
    "rapat": (("rapat",), ("merapat", "rapatkan")),
    # libur, diliburkan (closed for a holiday) / liburan, berlibur (vacation)
    "libur": (("libur",), ("liburan", "berlibur")),
    # cara (way: "tata cara") / secara (in a ... manner)
    "cara": (("cara",), ("secara",)),
    # harga (price) / menghargai (appreciate), penghargaan (award), berharga (valuable)
    "harga": (("harga",), ("hargai", "penghargaan", "berharga")),
    # budaya (culture) / budayakan, membudaya (make a habit of)
    "budaya": (("budaya",), ("budayakan", "membudaya")),
    # keroncong (the music) / keroncongan (a rumbling stomach)
    "keroncong": (("keroncong",), ("keroncongan",)),
    # jangan (don't) / jangan-jangan (perhaps), jangankan (let alone)
    "jangan": (("jangan",), ("jangan-jangan", "jangankan")),
    # buatan (made in: "buatan indonesia") / buat (to make; "for" in speech: "kerja buat indonesia")
    "buat": (("buatan",), ("buat",)),
    # penerangan (street lighting) / keterangan (statement, information), menerangkan (explain)
    "terang": (("penerangan",), ("terang",)),
}
# A keyword word with a colliding stem that shows none of the listed forms.
_OWN_WORD_ONLY = -2

# Captions are matched on at most this many characters. It bounds time and memory
# when an export holds an absurd cell (issue 13: a 10 MB caption cost 950 MB in
# tagging; matching it whole took 94 s). Instagram allows 2,200 characters in a
# caption and TikTok 4,000, so this cuts nothing real there; only X's long posts
# (Premium, up to 25,000) can lose their tail, where a post rarely names its topic.
MAX_MATCH_CHARS = 10_000

# Per-matcher caches of word stems and hashtag hits are dropped when they reach
# this size, so a matcher kept for months in a collector cannot grow unbounded.
_CACHE_LIMIT = 500_000

_RAW_HASHTAG = re.compile(r"#(\w+)")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


class RuleError(ConfigError):
    """Rules (a TOML file or rules built from campaigns) that cannot be used.

    The message names the rule or file entry and says what to fix.
    """


@dataclass(frozen=True)
class Rule:
    """One target with its markers."""

    key: str
    keywords: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()


def rules_for(entries: Iterable[Any]) -> list[Rule]:
    """Rules from configured pillars, strategies, campaigns or variants (anything with
    ``key``, ``keywords`` and ``hashtags``; a hashtag may be written with or without '#')."""
    return [Rule(e.key, tuple(e.keywords), tuple(h.lstrip("#") for h in e.hashtags)) for e in entries]


@dataclass(frozen=True)
class Match:
    """A rule that matched a caption, and the configured marker that fired.

    ``term`` is the marker as configured: "#umkmnaikkelas" for a hashtag
    marker, "bank sampah" or "=budaya" for a keyword.
    """

    key: str
    term: str


# --- stemming -----------------------------------------------------------------


class _SetDictionary:
    """Sastrawi's root-word dictionary held in a set.

    Sastrawi's own ArrayDictionary searches a Python list on every lookup, which
    costs ~100 ms for a word it does not know (English, names, acronyms).
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w and w.strip())

    def contains(self, word: str) -> bool:
        return word in self.words


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(_SetDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """Sastrawi stem of one folded token ("perizinan" -> "izin"), cached."""
    if not word:
        return word
    return _stemmer().stem_word(word) or word


# --- compiled keywords ----------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    rule: int  # index into the matcher's rules
    term: str  # as configured
    words: tuple[str, ...]  # normalised tokens
    stems: tuple[str | None, ...]  # None: exact word only
    exact: bool
    # Per word: None, or the meaning a caption word must show (see COLLIDING_STEMS).
    senses: tuple[int | None, ...] = ()

    @property
    def compact(self) -> str:
        return "".join(self.words)


# (marker kind, position, -keyword length in words, term): tuples compare in
# exactly the order of preference described in the module docstring.
_Hit = tuple[int, int, int, str]
_NONE: list[_Phrase] = []


class RuleMatcher:
    """Tag captions with every rule whose keywords or hashtags they contain.

    >>> m = RuleMatcher([Rule("environment", keywords=("bank sampah",))])
    >>> m.match("Nabung di #BankSampah yuk")
    [Match(key='environment', term='bank sampah')]
    """

    def __init__(self, rules: Sequence[Rule], *, stem: bool = True) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.stem = stem
        seen: set[str] = set()
        for rule in self.rules:
            if rule.key in seen:
                raise RuleError(f"rule key {rule.key!r} appears twice; merge its markers into one rule")
            seen.add(rule.key)

        self._tags: dict[str, list[tuple[int, str]]] = {}
        for index, rule in enumerate(self.rules):
            for tag in rule.hashtags:
                folded = fold(tag.strip()).lstrip("#")
                if not folded:
                    raise RuleError(f"rule {rule.key!r} has an empty hashtag")
                self._tags.setdefault(folded, []).append((index, "#" + folded))

        self._by_word: dict[str, list[_Phrase]] = {}
        self._by_stem: dict[str, list[_Phrase]] = {}
        self._compact: dict[str, list[_Phrase]] = {}
        stem_pieces: set[str] = set()
        for index, rule in enumerate(self.rules):
            for keyword in rule.keywords:
                phrase = self._compile(index, rule.key, keyword)
                self._by_word.setdefault(phrase.words[0], []).append(phrase)
                first_stem = phrase.stems[0]
                if first_stem is not None:
                    self._by_stem.setdefault(first_stem, []).append(phrase)
                if not phrase.exact:
                    self._compact.setdefault(phrase.compact, []).append(phrase)
                for word, s in zip(phrase.words, phrase.stems, strict=True):
                    if s is not None:
                        stem_pieces.add(s)
                        # Sastrawi may restore a first letter the prefix
                        # replaced ("menanam" -> "tanam"), so also the rest.
                        if len(s) >= 3:
                            stem_pieces.add(s[1:])
                        # And it strips affixes this prefilter does not know
                        # ("relawan" -> "rawan"): an affixed keyword word
                        # ("kerelawanan") must still reach the stemmer.
                        stem_pieces.add(word)
        self._stem_pieces = frozenset(stem_pieces)
        self._compact_lengths = tuple(sorted({len(c) for c in self._compact}))
        self._word_stems: dict[str, str] = {}
        self._word_senses: dict[str, int] = {}
        self._tag_cache: dict[str, list[tuple[int, _Hit]]] = {}

    def _compile(self, index: int, key: str, keyword: str) -> _Phrase:
        term = keyword.strip()
        exact = term.startswith("=")
        words = tuple(tokens(term[1:] if exact else term))
        if not words:
            raise RuleError(f"rule {key!r} has a keyword with no words in it: {keyword!r}")
        if exact or not self.stem:
            stems: tuple[str | None, ...] = tuple(None for _ in words)
        else:
            stems = tuple(stem_word(w) for w in words)
        senses = tuple(
            None if s is None or s not in COLLIDING_STEMS else _keyword_sense(w, s)
            for w, s in zip(words, stems, strict=True)
        )
        return _Phrase(index, term, words, stems, exact, senses)

    def _sense_of(self, word: str, stem: str) -> int:
        """``_sense`` of a caption word, cached."""
        cached = self._word_senses.get(word)
        if cached is None:
            cached = _sense(word, stem)
            if len(self._word_senses) >= _CACHE_LIMIT:
                self._word_senses.clear()
            self._word_senses[word] = cached
        return cached

    def _stem_of(self, word: str) -> str:
        """The word's stem if it could equal a keyword stem, else the word itself.

        Sastrawi only strips affixes (restoring at most a first letter), so a
        word whose affix-stripped forms hold no keyword stem is never stemmed.
        """
        cached = self._word_stems.get(word)
        if cached is not None:
            return cached
        result = word
        if self.stem and any(self._might_stem_to_keyword(part) for part in word.split("-")):
            result = stem_word(word)
        if len(self._word_stems) >= _CACHE_LIMIT:
            self._word_stems.clear()
        self._word_stems[word] = result
        return result

    def _might_stem_to_keyword(self, word: str) -> bool:
        """Whether removing suffixes and up to three prefixes can leave a keyword stem."""
        pieces = self._stem_pieces
        bodies = {word[: len(word) - len(x)] if x else word for x in _SUFFIXES if word.endswith(x)}
        for _ in range(4):
            if not bodies.isdisjoint(pieces):
                return True
            bodies = {
                b[len(p) :] for b in bodies for p in _PREFIXES if b.startswith(p) and len(b) > len(p) + 1
            }
            if not bodies:
                return False
        return False

    def _scan(self, words: Sequence[str]) -> list[tuple[int, _Hit]]:
        """Keyword phrases found as consecutive ``words``, with the word offset."""
        stems = [self._stem_of(w) for w in words] if self.stem else words
        by_word, by_stem = self._by_word, self._by_stem
        n = len(words)
        found: list[tuple[int, _Hit]] = []
        for i in range(n):
            candidates = by_word.get(words[i], _NONE)
            if stems[i] in by_stem:
                candidates = candidates + by_stem[stems[i]]
            for phrase in candidates:
                size = len(phrase.words)
                if i + size > n:
                    continue
                for k in range(size):
                    if words[i + k] == phrase.words[k]:
                        continue
                    stem = phrase.stems[k]
                    if stem is None or stems[i + k] != stem:
                        break
                    sense = phrase.senses[k]
                    if sense is not None and self._sense_of(words[i + k], stem) != sense:
                        break
                else:
                    found.append((phrase.rule, (_TEXT, i, -size, phrase.term)))
        return found

    def _hashtag_hits(self, raw: str) -> list[tuple[int, _Hit]]:
        """Everything one hashtag (as written, without '#') marks; cached per tag.

        Official accounts repeat the same hashtags on every post, so this work
        is done once per distinct tag. Hits carry the offset inside the tag.
        """
        cached = self._tag_cache.get(raw)
        if cached is not None:
            return cached
        tag = fold(raw)
        found: list[tuple[int, _Hit]] = [(i, (_HASHTAG, 0, 0, term)) for i, term in self._tags.get(tag, ())]
        parts = _CAMEL_PART.findall(raw)
        if len(parts) > 1:
            for index, (_, position, neg_length, term) in self._scan(tokens(" ".join(parts))):
                found.append((index, (_CAMEL, position, neg_length, term)))
        n = len(tag)
        for length in self._compact_lengths:
            if length > n:
                break
            last_start = n - length if length >= _MIN_INSIDE_TAG else 0
            for start in range(last_start + 1):
                for phrase in self._compact.get(tag[start : start + length], ()):
                    found.append((phrase.rule, (_INSIDE_TAG, start, -len(phrase.words), phrase.term)))
        if len(self._tag_cache) >= _CACHE_LIMIT:
            self._tag_cache.clear()
        self._tag_cache[raw] = found
        return found

    def match(self, caption: str) -> list[Match]:
        """All rules the caption matches, one ``Match`` each, in rule order."""
        if not caption:
            return []
        if len(caption) > MAX_MATCH_CHARS:
            # Drop the word cut in half: "relawan" cut to "rela" is another word.
            caption = caption[:MAX_MATCH_CHARS].rsplit(maxsplit=1)[0]
        best: dict[int, _Hit] = {}
        for index, hit in self._scan(tokens(caption)):
            _keep(best, index, hit)
        for position, raw in enumerate(_RAW_HASHTAG.findall(caption)):
            for index, (kind, offset, neg_length, term) in self._hashtag_hits(raw):
                # Rank hashtag hits by the tag's place in the caption, then inside it.
                _keep(best, index, (kind, position * 1000 + offset, neg_length, term))
        return [Match(self.rules[i].key, best[i][3]) for i in sorted(best)]

    def match_many(self, captions: Sequence[str]) -> list[list[Match]]:
        """``match`` for each caption, in order."""
        return [self.match(caption) for caption in captions]


def _sense(word: str, stem: str) -> int:
    """Which meaning of a colliding ``stem`` a word shows: the index of the group in
    ``COLLIDING_STEMS`` holding the longest form the word contains, or -1 for none."""
    found, longest = -1, 0
    for index, forms in enumerate(COLLIDING_STEMS[stem]):
        for form in forms:
            if len(form) > longest and form in word:
                found, longest = index, len(form)
    return found


def _keyword_sense(word: str, stem: str) -> int:
    """The meaning a keyword word stands for; one that shows no listed form
    matches only itself."""
    found = _sense(word, stem)
    return _OWN_WORD_ONLY if found < 0 else found


def _keep(best: dict[int, _Hit], index: int, hit: _Hit) -> None:
    current = best.get(index)
    if current is None or hit < current:
        best[index] = hit


# --- configuration files --------------------------------------------------------


def _strings(value: object, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f'{where}: {field} must be a list of strings, e.g. {field} = ["umkm", "pasar"]')
    return tuple(v for v in value if v.strip())


def load_rules_toml(path: str | Path, table: str) -> list[Rule]:
    """Read ``[[table]]`` entries (key, keywords, hashtags) from a TOML file.

    Other fields (name, name_id, descriptions) are for people and are ignored.
    Raises ``RuleError`` naming the file and entry to fix.
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise RuleError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"{path}: not valid TOML ({e})") from None
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        found = ", ".join(f"[[{k}]]" for k, v in data.items() if isinstance(v, list)) or "none"
        raise RuleError(f"{path}: no [[{table}]] entries (found: {found})")
    rules: list[Rule] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: [[{table}]] entry {number}"
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key.strip():
            raise RuleError(f'{where} has no key; add a line like key = "economy"')
        key = key.strip()
        if key in seen:
            raise RuleError(f"{where}: key {key!r} is used twice; keys must be unique")
        seen.add(key)
        keywords = _strings(entry.get("keywords"), where, "keywords")
        tags = tuple(t.lstrip("#") for t in _strings(entry.get("hashtags"), where, "hashtags"))
        if not keywords and not tags:
            raise RuleError(f"{where} ({key!r}) has no keywords or hashtags, so it can never match")
        rules.append(Rule(key, keywords, tags))
    return rules


def default_rules(table: str) -> list[Rule]:
    """The shipped taxonomy: ``default_rules("pillars")`` or ``default_rules("strategies")``."""
    return load_rules_toml(DEFAULTS_DIR / f"{table}.toml", table)
