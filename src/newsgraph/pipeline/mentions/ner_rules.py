"""Rule-based PER/ORG/LOC/MISC for languages with no statistical model (Vietnamese, Chinese).

There is no Vietnamese or Chinese NER training set we may use, so names are found by general
rules over word lists kept as data, one file per language in `data/ner/<lang>.toml` (format
at the top of each file). The file's `method` picks one of two language-neutral recognisers:

- `caps` (Vietnamese; any script with capitals): capitalised word runs, typed by what starts
  them — a cue word before them ("ông", "Thủ tướng") or a surname → PER; an organisation
  head ("Bộ", "Công ty") → ORG, extended over the lowercase second syllables Vietnamese
  writes in institution names ("Bộ Quốc phòng"), the lowercase fields they are named after
  ("Cục Cảnh sát giao thông", "Trung tâm Kiểm soát bệnh tật tỉnh X") up to a function word,
  the place after "tỉnh"/"huyện" and a known name after "tại" ("Đại sứ quán Việt Nam tại Hàn
  Quốc"); a person ends the name only after a title ("Bộ trưởng Bộ Tài chính Hồ Đức Phớc"), so
  schools and companies may be named after one. A place head ("tỉnh", "sông") or a known place
  → LOC (a road or port head joins "X - Y"; numbered roads are no names); an unexplained run
  after "ở"/"tại" → LOC, after "và" + a LOC/MISC → the same type; a run ending in a province
  → ORG ("Becamex Bình Dương"); an event/law head → MISC, a title of a work after "bộ phim" …
  runs over its lowercase syllables; an acronym + number is a model ("VF 3"). A sentence's
  first word is dropped when it is a common word, and a lowercase kind word opening a sentence
  ("Bộ phim …", "Hãng tin …") stays outside the name. Text written without diacritics is matched on folded forms; a line written in
  capitals (a headline) is read lowercased, with its known names and cue + surname runs
  capitalised again.
- `han` (Chinese; no capitals, no spaces): known places and organisations from the list;
  organisation and place names ending in a suffix (部, 委员会, 省, 市 …) extended left over
  known names and a few free characters; a surname + one or two characters where a title or
  a speech verb stands next to it; transliterated foreign names from the characters used in
  transliteration, only in a person context or with the "·" separator; 《…》 titles → MISC
  (a newspaper → ORG); one-character country names in pairs ("中越两国") → LOC each.

`predict_many(texts, lang)` → per text `[(start, end, type, confidence), ...]`, the same Span
shape as ner.py. Rules load once per process.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ...text.normalise import fold

Span = tuple[int, int, str, float]

_MARKS = "\u0300-\u036f"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:[-'’.][\w{_MARKS}]+)*|[^\w\s]")
# every character outside a word is whitespace or a token by itself, so the gap between tokens is whitespace
_GAP_WORD = re.compile(rf"(\s*)({_WORD.pattern})")
_SENTENCE_END = set(".!?:;…\"“”'(–-—[")
_cache: dict[str, Any] = {}
_fold_word = lru_cache(maxsize=1 << 16)(fold)  # the same words recur in every text: fold each once
_lock = threading.Lock()


def _data_dir() -> Any:
    return resources.files("newsgraph") / "data" / "ner"


@lru_cache(maxsize=1)
def _files() -> tuple[str, ...]:
    return tuple(sorted(p.name.removesuffix(".toml") for p in _data_dir().iterdir() if p.name.endswith(".toml")))


def languages() -> list[str]:
    """Languages that have a rule file."""
    return list(_files())


def _base_lang(lang: str | None) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


def load(lang: str | None) -> Any | None:
    """The recogniser for `lang`, built once per process from its data file; None if none."""
    lang = _base_lang(lang)
    if lang in _cache:
        return _cache[lang]
    if lang not in _files():
        return None
    with _lock:
        if lang not in _cache:
            data = tomllib.loads((_data_dir() / f"{lang}.toml").read_text(encoding="utf-8"))
            kind = {"caps": CapsRecogniser, "han": HanRecogniser}[data["method"]]
            _cache[lang] = kind(lang, data)
        return _cache[lang]


def available(lang: str | None) -> bool:
    return load(lang) is not None


def predict_many(texts: Iterable[str], lang: str | None) -> list[list[Span]]:
    """Entities of each text; [] for each when `lang` has no rule file."""
    rec = load(lang)
    return [rec.predict(t) if rec is not None and t.strip() else [] for t in texts]


def predict(text: str, lang: str | None) -> list[Span]:
    return predict_many([text], lang)[0]


# -- phrase tables ---------------------------------------------------------------------------------
@dataclass
class Phrases:
    """Phrases as token-key tuples → (value, first letter written uppercase?), exact and folded."""

    exact: dict[tuple[str, ...], tuple[str, set[bool]]] = field(default_factory=dict)
    folded: dict[tuple[str, ...], tuple[str, set[bool]]] = field(default_factory=dict)
    longest: int = 0
    first: dict[str, int] = field(default_factory=dict)  # first word (either form) → longest phrase

    def add(self, phrase: str, value: str) -> None:
        words = [m.group() for m in _WORD.finditer(phrase)]
        if not words:
            return
        upper = words[0][0].isupper()
        for table, key in ((self.exact, tuple(w.lower() for w in words)),
                           (self.folded, tuple(fold(w) for w in words))):
            old = table.get(key)
            table[key] = (old[0] if old else value, (old[1] if old else set()) | {upper})
            self.first[key[0]] = max(self.first.get(key[0], 0), len(words))
        self.longest = max(self.longest, len(words))


def _phrases(items: Iterable[tuple[str, str]]) -> Phrases:
    table = Phrases()
    for phrase, value in items:
        table.add(phrase, value)
    return table


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    key: str
    cap: bool  # first letter uppercase
    initial: bool  # opens a sentence
    joined: bool  # follows the previous token after one space or nothing (same line)
    glued: bool = False  # follows the previous token with no space at all
    reach: int = 1  # this token and the joined ones after it: the most words a phrase here can have
    ahead: tuple[str, ...] = ()  # keys of this token and the next ones, filled by the first lookup that needs them


def _tokens(text: str, folded: bool) -> list[Tok]:
    """Words and punctuation with their case and spacing, and how far a phrase starting at each
    may reach: computed once here, since every token is looked up in several phrase tables."""
    out: list[Tok] = []
    key_of = _fold_word if folded else str.lower
    end, prev = 0, None
    for gap, w in _GAP_WORD.findall(text):  # (whitespace before, token): no match objects to query
        start = end + len(gap)
        end = start + len(w)
        if prev is None:
            prev = Tok(start, end, w, key_of(w), w[0].isupper(), True, False, False)
        else:
            glued = not gap
            prev = Tok(start, end, w, key_of(w), w[0].isupper(), "\n" in gap or prev.text in _SENTENCE_END,
                       glued or gap == " ", glued)
        out.append(prev)
    for k in range(len(out) - 2, -1, -1):
        if out[k + 1].joined:
            out[k].reach = out[k + 1].reach + 1
    return out


def _no_diacritics(text: str) -> bool:
    """Vietnamese typed without marks: almost no non-ASCII letter among the letters."""
    letters = list(filter(str.isalpha, text))  # map/filter with str methods: no Python call per character
    return bool(letters) and len(letters) - sum(map(str.isascii, letters)) <= len(letters) // 200


# -- caps: capitalised runs (Vietnamese) -----------------------------------------------------------
class CapsRecogniser:
    """Capitalised word runs typed by cue words, heads, surnames and known names (see module doc)."""

    def __init__(self, lang: str, data: dict) -> None:
        self.lang = lang
        self.meta: dict = {"rules": f"data/ner/{lang}.toml"}
        self.conf = {k: float(v) for k, v in data["confidence"].items()}
        default = data.get("default", {})
        self.default_multi = default.get("multi", "")
        self.default_native = default.get("native_multi", "")
        self.default_single = default.get("single", "")
        self.default_mixed = default.get("with_acronym", "")
        self.syllable = re.compile(default.get("syllable", "(?!)"))
        person, org, loc, misc = (data.get(k, {}) for k in ("person", "org", "loc", "misc"))
        self.surnames = _phrases((s, "PER") for s in person.get("surnames", []))
        self.cues = _phrases((s, "PER") for s in person.get("cues", []))
        self.cue_case: dict[tuple[str, ...], tuple[bool, ...]] = {}  # cue → which words are written capitalised
        for cue in person.get("cues", []):
            words = [m.group() for m in _WORD.finditer(cue)]
            for key in (tuple(w.lower() for w in words), tuple(fold(w) for w in words)):
                old = self.cue_case.get(key, (False,) * len(words))
                self.cue_case[key] = tuple(x or w[0].isupper() for x, w in zip(old, words, strict=True))
        self.not_names = {fold(w) for w in person.get("not_names", [])}
        self.heads = _phrases([*((s, "ORG") for s in org.get("heads", [])),
                               *((s, "MISC") for s in misc.get("heads", []))])
        self.loc_heads = _phrases([*((s, "LOC") for s in loc.get("heads", [])),
                                   *((s, "ORG") for s in org.get("lower_heads", [])),
                                   *((s, "PEOPLE") for s in misc.get("people_heads", [])),
                                   *((s, "LANGUAGE") for s in misc.get("language_heads", []))])
        self.name_heads = _phrases((s, "LOC") for s in loc.get("name_heads", []))
        self.inner = _phrases((s, "") for s in org.get("inner", []))
        self.links = _phrases((s, "") for s in org.get("links", []))
        self.place_links = _phrases((s, "") for s in org.get("place_links", []))
        self.not_inner = {w.lower() for w in org.get("not_inner", [])}
        self.org_word = re.compile(org.get("word_pattern", "(?!)"))
        self.loc_before = _phrases((s, "") for s in loc.get("before", []))
        self.route_heads = _phrases((s, "") for s in loc.get("route_heads", []))
        self.coordination = {w.lower() for w in data.get("sentence", {}).get("coordination", [])}
        self.numbered = _phrases((s, "") for s in loc.get("numbered", []))
        self.title_heads = _phrases((s, "") for s in misc.get("title_heads", []))
        self.misc_word = re.compile(misc.get("word_pattern", "(?!)"))
        self.tails = _phrases([*((s, "MISC") for s in misc.get("tails", [])),
                               *((s, "ORG") for s in org.get("tails", []))])
        self.names = _phrases([*((s, "LOC") for s in loc.get("names", [])),
                               *((s, "ORG") for s in org.get("names", [])),
                               *((s, "MISC") for s in misc.get("names", []))])
        acr = data.get("acronym", {})
        self.acronym_type = acr.get("type", "")
        self.not_acronyms = {w.lower() for w in acr.get("ignore", [])}
        self.not_acronym_re = re.compile(acr.get("ignore_pattern", "(?!)"))
        self.common = _phrases((w, "") for w in self._common_words(lang, data))
        self.not_inner |= {k[0] for k in self.common.exact if len(k) == 1}  # function words end a name
        # first words of the phrases `_step` looks for: a lowercase word not among them starts nothing
        self.step_starts = {k for t in (self.cues, self.numbered, self.names, self.loc_heads, self.heads)
                            for k in t.first}

    @staticmethod
    def _common_words(lang: str, data: dict) -> list[str]:
        words = list(data.get("sentence", {}).get("common", []))
        stop = resources.files("newsgraph") / "data" / "stopwords" / f"{lang}.txt"
        if stop.is_file():
            lines = stop.read_text("utf-8").splitlines()
            words += [w for line in lines if not line.startswith("#") for w in line.split()]
        return words

    # -- matching helpers
    def _match(self, table: Phrases, toks: list[Tok], i: int, folded: bool,
               case: bool = False) -> tuple[int, str] | None:
        """Longest phrase of `table` at token i → (end index, value); `case`: first letter must agree
        (a lowercase phrase also matches capitalised at a sentence start)."""
        tok = toks[i]
        longest = table.first.get(tok.key)
        if longest is None:  # most words start no phrase: answer at once
            return None
        keys = table.folded if folded else table.exact
        most = min(longest, tok.reach)  # longer phrases would cross a gap or a line
        if len(tok.ahead) < most:  # the keys of the words a phrase here may cover, once per token
            tok.ahead = tuple([t.key for t in toks[i:i + most]])
        for n in range(most, 0, -1):
            hit = keys.get(tok.ahead[:n])
            if hit is None:
                continue
            if case and tok.cap not in hit[1] and not (tok.initial and False in hit[1]):
                continue
            return i + n, hit[0]
        return None

    def _run_end(self, toks: list[Tok], i: int) -> int:
        """End of the capitalised run starting at i."""
        j = i + 1
        while j < len(toks) and toks[j].joined and toks[j].cap and toks[j].text[0].isalpha():
            j += 1
        return j

    def _is_person(self, toks: list[Tok], a: int, b: int, folded: bool) -> bool:
        """A surname followed by one to three capitalised syllables, and nothing more capitalised."""
        sur = self._match(self.surnames, toks, a, folded, case=True)
        return sur is not None and 2 <= b - a <= 4 and sur[0] < b

    def _cue_cut(self, toks: list[Tok], i: int, end: int, folded: bool) -> int:
        """Where the cue toks[i:end] ends: before a word the cue list writes lowercase that the text
        capitalises as an organisation head ("Trưởng ban" but "Trưởng | Ban Dân nguyện")."""
        case = self.cue_case.get(tuple(t.key for t in toks[i:end]), (True,) * (end - i))
        return next((k for k in range(i + 1, end) if toks[k].cap and not case[k - i]
                     and self._match(self.heads, toks, k, folded, case=True)), end)

    def _lowercase_only(self, table: Phrases, toks: list[Tok], i: int, end: int, folded: bool) -> bool:
        """The phrase of `table` toks[i:end] is written lowercase only (a kind word, not a name's head)."""
        keys = table.folded if folded else table.exact
        hit = keys.get(tuple(t.key for t in toks[i:end]))
        return hit is not None and True not in hit[1]

    def _cue_before(self, toks: list[Tok], a: int, folded: bool) -> bool:
        """A title or cue word ends right before token a ("Bộ trưởng | Bộ Tài chính")."""
        return any(self._match(self.cues, toks, k, folded) == (a, "PER")
                   for k in range(max(0, a - self.cues.longest), a))

    def _is_acronym(self, tok: Tok) -> bool:
        return (_is_acronym(tok.text) and tok.text.lower() not in self.not_acronyms
                and not self.not_acronym_re.fullmatch(tok.text))

    def _native(self, toks: Sequence[Tok]) -> bool:
        return all(self.syllable.fullmatch(_fold_word(t.text)) for t in toks)

    # -- the scan
    def predict(self, text: str) -> list[Span]:
        folded = _no_diacritics(text)
        toks = _tokens(self._recase(text, folded), folded)
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            i = self._step(toks, i, folded, spans)
        spans = self._short_forms(toks, spans)
        return [(toks[a].start, toks[b - 1].end, typ, self.conf.get(typ, 0.5)) for a, b, typ in spans]

    def _recase(self, text: str, folded: bool) -> str:
        """Lines written in capitals (headlines) read as ordinary text: lowercased, then known names,
        organisation heads and a surname-led name after a cue word capitalised again."""
        lines = text.splitlines(keepends=True)
        for n, line in enumerate(lines):
            letters = list(filter(str.isalpha, line))
            if len(letters) >= 12 and sum(map(str.isupper, letters)) >= 0.9 * len(letters):
                lower = line.lower()
                if len(lower) == len(line):
                    lines[n] = self._recase_line(lower, folded)
        return "".join(lines)

    def _recase_line(self, line: str, folded: bool) -> str:
        toks = _tokens(line, folded)
        chars = list(line)
        i = 0
        while i < len(toks):
            end, width = i + 1, 0
            if (known := self._match(self.names, toks, i, folded)) is not None:
                end, width = known[0], known[0] - i
            elif i == 0 and (head := self._match(self.heads, toks, i, folded)) is not None and head[0] < len(toks):
                end, width = head[0] + 1, 1  # a headline's subject: "bộ quốc phòng" → "Bộ Quốc phòng"
                chars[toks[head[0]].start] = line[toks[head[0]].start].upper()
            elif (cue := self._match(self.cues, toks, i, folded)) is not None and \
                    self._match(self.surnames, toks, cue[0], folded) is not None:
                end = min(cue[0] + 3, len(toks))
                for k in range(cue[0], end):
                    chars[toks[k].start] = line[toks[k].start].upper()
            for k in range(i, i + width):
                chars[toks[k].start] = line[toks[k].start].upper()
            i = end
        return "".join(chars)

    def _step(self, toks: list[Tok], i: int, folded: bool, spans: list) -> int:
        """Look at token i, append what starts there, return where to go on."""
        t = toks[i]
        if not t.cap and t.key not in self.step_starts and not self.misc_word.fullmatch(t.text):
            return i + 1  # most words: no phrase, no name starts here
        cue = self._match(self.cues, toks, i, folded, case=True)
        if cue is not None:
            head = self._match(self.heads, toks, i, folded, case=True)
            if head is None or head[0] <= cue[0]:  # "Đại sứ quán …" is an organisation, not "Đại sứ" + name
                return self._after_cue(toks, self._cue_cut(toks, i, cue[0], folded), folded, spans)
        numbered = self._match(self.numbered, toks, i, folded)
        if numbered and numbered[0] < len(toks) and toks[numbered[0]].text[0].isdigit():
            return numbered[0] + 1  # "quốc lộ 6", "Vành đai 3": numbered roads are no names
        if not t.cap and self.misc_word.fullmatch(t.text):  # "iPhone 16 Pro"
            end = i + 1
            while end < len(toks) and toks[end].joined and (toks[end].cap or toks[end].text[0].isdigit()):
                end += 1
            spans.append((i, end, "MISC"))
            return end
        if t.cap and t.text[0].isalpha():
            return self._run(toks, i, self._run_end(toks, i), folded, spans)
        known = self._match(self.names, toks, i, folded, case=True)  # "châu Á", "miền Bắc"
        if known is not None and toks[known[0] - 1].cap:
            spans.append((i, known[0], known[1]))
            return known[0]
        head = self._match(self.loc_heads, toks, i, folded) or self._match(self.heads, toks, i, folded, case=True)
        if head is not None and head[0] < len(toks) and toks[head[0]].cap and toks[head[0]].joined:
            return self._after_kind(toks, head[0], head[1], folded, spans)
        return i + 1

    def _after_kind(self, toks: list[Tok], a: int, typ: str, folded: bool, spans: list) -> int:
        """The name after a kind word left out of it ("tỉnh Nghệ An", "sông Hồng"): a known name, or
        the capitalised run (with the number after it: "cầu Rạch Miễu 2")."""
        numbered = self._match(self.numbered, toks, a, folded)
        if numbered and numbered[0] < len(toks) and toks[numbered[0]].text[0].isdigit():
            return numbered[0] + 1  # "đường Vành đai 3": a numbered road
        if typ in ("ORG", "MISC") and (inside := self._match(self.heads, toks, a, folded, case=True)) and inside[1] == typ:
            return self._run(toks, a, self._run_end(toks, a), folded, spans)  # "giải chạy [Marathon Quốc tế …]"
        known = self._match(self.names, toks, a, folded)
        end = max(known[0] if known else a, self._run_end(toks, a))
        if typ == "PEOPLE":  # "người Mỹ" → the country; "người Mông" → a people (MISC)
            typ = "LOC" if known and known[1] == "LOC" else "MISC"
            end = known[0] if known else end
        elif typ == "LANGUAGE":
            typ = "MISC"  # "tiếng Anh": the language, not the country
        elif known and known[1] == "LOC" and known[0] == end:
            typ = "LOC"  # "đội bóng Brazil", "tàu Việt Nam": a country stays a country
        elif typ == "MISC" and not known and self._head_before(self.title_heads, toks, a, folded):
            while end < len(toks) and end - a < 6 and toks[end].joined and toks[end].text[0].isalpha() and \
                    not toks[end].cap and toks[end].key not in self.not_inner:
                end += 1  # a title is written in sentence case: "bộ phim Mưa đỏ", "ca khúc Nối vòng tay lớn"
        elif typ == "MISC" and not known and end - a == 1 and self._native(toks[a:end]):
            return end  # "tàu Hải quân", "tàu Bắc - Nam": one Vietnamese syllable is not a product's name
        if end < len(toks) and toks[end].joined and toks[end].text.isdigit() and (len(toks[end].text) <= 2 or typ == "MISC"):
            end += 1
        if typ == "LOC" and self._head_before(self.route_heads, toks, a, folded):
            while end + 1 < len(toks) and toks[end].text in "-–" and toks[end + 1].cap and toks[end + 1].text[0].isalpha():
                end = max(self._run_end(toks, end + 1), (self._match(self.names, toks, end + 1, folded) or (0,))[0])
        spans.append((a, end, typ))
        return end

    def _head_before(self, table: Phrases, toks: list[Tok], a: int, folded: bool) -> bool:
        """A phrase of `table` ends right before token a (a road kind word: "cao tốc Cam Lộ - La Sơn"
        is one name; a title kind word: "bộ phim Mưa đỏ")."""
        return any(self._match(table, toks, k, folded) == (a, "")
                   for k in range(max(0, a - table.longest), a))

    def _after_cue(self, toks: list[Tok], j: int, folded: bool, spans: list) -> int:
        """Cue words seen before j: chained cues are skipped, a capitalised run after them is a PER
        (unless it is an organisation or a place: "Chủ tịch Quốc hội", "Tổng thống Mỹ Donald Trump")."""
        while (more := self._match(self.cues, toks, j, folded, case=True)) is not None:
            j = more[0]
        if j >= len(toks) or not toks[j].joined or not toks[j].cap or not toks[j].text[0].isalpha():
            return j
        end = min(self._run_end(toks, j), j + 5)
        known = self._match(self.names, toks, j, folded)
        if known and not (end - known[0] == 1 and self._native(toks[known[0]:end])):
            k = known[0]
            if known[1] == "LOC" and k < len(toks) and toks[k].joined and toks[k].cap and toks[k].text[0].isalpha() \
                    and not self._match(self.names, toks, k, folded) and not self._match(self.heads, toks, k, folded, case=True):
                e = min(self._run_end(toks, k), k + 5)
                if e - k >= 2 or not self._native(toks[k:e]):
                    spans.extend([(j, k, "LOC"), (k, e, "PER")])  # "Ngoại trưởng Mỹ Marco Rubio"
                    return e
            return j  # a place before the name; a known name + one syllable is a person ("Mỹ Tâm")
        if self._match(self.heads, toks, j, folded, case=True) or _fold_word(toks[j].text) in self.not_names:
            return j
        if end - j < 2:
            return j  # one word after a title: a short form, typed later if the full name is in the text
        spans.append((j, end, "PER"))
        return end

    def _run(self, toks: list[Tok], a: int, b: int, folded: bool, spans: list) -> int:
        """Type the capitalised run toks[a:b]; may go past b (organisation names); returns the end."""
        person = self._is_person(toks, a, b, folded)
        known = self._match(self.names, toks, a, folded)
        if toks[a].initial and not known and not person:
            common = self._match(self.common, toks, a, folded)
            if common:
                return common[0]
        head = self._match(self.heads, toks, a, folded, case=True)
        if head and not person and toks[a].initial and self._lowercase_only(self.heads, toks, a, head[0], folded) \
                and head[0] < len(toks) and toks[head[0]].cap and toks[head[0]].joined:
            return self._after_kind(toks, head[0], head[1], folded, spans)  # "Bộ phim [Mưa đỏ]"
        if head and not person and head[0] < len(toks) and (kind := self._match(self.loc_heads, toks, a, folded)) \
                and kind[0] == head[0] and (place := self._match(self.names, toks, head[0], folded)) \
                and place[1] == "LOC" and place[0] == b:
            return self._after_kind(toks, head[0], kind[1], folded, spans)  # "Đội [Việt Nam]": the country
        if head and not person:
            end = self._org_end(toks, head[0], folded, bool(known and known[0] == head[0]), head[1],
                                cued=self._cue_before(toks, a, folded))
            if end > head[0] and (not known or known[1] != "LOC" or (end > known[0] and toks[known[0]].cap)):
                tail = self._match(self.tails, toks, end - 1, folded)
                typ = tail[1] if tail and tail[0] == end else head[1]
                spans.append((a, self._with_number(toks, end, typ), typ))
                return spans[-1][1]
        if known:
            spans.append((a, self._with_number(toks, known[0], known[1]), known[1]))
            return spans[-1][1]
        if not person and (kind := self._place(toks, a, b, folded, spans)):
            return kind
        if (not person or b - a >= 4) and b - a >= 3 and not any(self._is_acronym(t) for t in toks[a:b]):
            for k in range(a + 1 if not person else a + 2, b - 1):  # a club or company named with its
                # province: "Becamex Bình Dương", "Hoàng Anh Gia Lai" (a person takes 2 syllables before it)
                place = self._match(self.names, toks, k, folded)
                if place and place[0] == b and place[1] == "LOC" and not self._match(self.names, toks, a, folded):
                    spans.append((a, b, "ORG"))
                    return b
        return self._plain_run(toks, a, b, person, spans)

    def _place(self, toks: list[Tok], a: int, b: int, folded: bool, spans: list) -> int:
        """A run opened by a place kind word: part of the name when capitalised ("Quảng trường Ba
        Đình"), else left out ("Tỉnh Hà Giang" at a sentence start). 0 when it is not one."""
        named = None if toks[a].initial else self._match(self.name_heads, toks, a, folded, case=True)
        if named and named[0] < len(toks) and toks[named[0]].cap and toks[named[0]].joined:
            end = self._after_kind(toks, named[0], "LOC", folded, spans)
            spans[-1] = (a, end, "LOC")
            return end
        kind = self._match(self.loc_heads, toks, a, folded)
        if kind and kind[0] < len(toks) and toks[kind[0]].cap and toks[kind[0]].joined and \
                (kind[0] < b or toks[a].initial):
            return self._after_kind(toks, kind[0], kind[1], folded, spans)
        return 0

    def _plain_run(self, toks: list[Tok], a: int, b: int, person: bool, spans: list) -> int:
        """A run nothing but its shape explains: surname-led → PER, acronyms, foreign words."""
        run = toks[a:b]
        tail = self._match(self.tails, toks, b - 1, False) or self._match(self.tails, toks, b - 1, True)
        at_place = a > 0 and any(self._match(self.loc_before, toks, k, False) == (a, "")
                                 for k in range(max(0, a - self.loc_before.longest), a))
        after_and = a >= 2 and toks[a - 1].key in self.coordination and spans and spans[-1][1] == a - 1 \
            and spans[-1][2] in ("LOC", "MISC") and not all(self._is_acronym(t) for t in run)
        if person and at_place and b - a == 2:
            spans.append((a, b, "LOC"))  # "ở Lục Ngạn": two syllables after a preposition of place
        elif person:
            spans.append((a, b, "PER"))
        elif after_and and (b - a >= 2 or not self._native(run)):
            spans.append((a, b, spans[-1][2]))  # "huyện Quế Phong và Tương Dương", "đồng bào Hà Nhì và La Hủ"
        elif at_place and not all(self._is_acronym(t) for t in run) and (b - a >= 2 or not self._native(run)):
            spans.append((a, b, "LOC"))  # "ở Pohang", "tại Abu Dhabi"
        elif b - a == 1 and self.org_word.fullmatch(run[0].text):
            spans.append((a, b, "ORG"))  # "Vietcombank", "Viettel"
        elif tail:
            spans.append((a, self._with_number(toks, b, tail[1]), tail[1]))
        elif all(_is_acronym(t.text) for t in run) and b < len(toks) and toks[b].joined and toks[b].text[0].isdigit() \
                and not (run[0].glued and toks[a - 1].text in "/-"):
            spans.append((a, b + 1, "MISC"))  # a model: "VF 3", "RON 95-III"
            return b + 1
        elif all(self._is_acronym(t) for t in run):
            if run[0].glued and toks[a - 1].text in "/-":
                return b  # the tail of a document code: "53-CT/TU"
            if self.acronym_type:
                spans.extend((k, k + 1, self.acronym_type) for k in range(a, b))
        elif b - a >= 2:
            mixed = any(_is_acronym(t.text) or any(c.isdigit() for c in t.text) for t in run)
            typ = self.default_mixed if mixed else self.default_native if self._native(run) else self.default_multi
            if typ:
                spans.append((a, b, typ))
        elif self.default_single and not toks[a].initial:
            spans.append((a, b, self.default_single))
        return b

    def _with_number(self, toks: list[Tok], end: int, typ: str) -> int:
        """Events take the number after them ("SEA Games 32", "Asian Cup 2027")."""
        if typ == "MISC" and end < len(toks) and toks[end].joined and toks[end].text.isdigit():
            return end + 1
        return end

    def _org_end(self, toks: list[Tok], j: int, folded: bool, whole: bool = False, typ: str = "ORG",
                 cued: bool = False) -> int:
        """Extend an organisation name after its head (ends at j): capitalised syllables, the first
        of a capitalised group (not ending a known name or a foreign word) may take one lowercase
        syllable ("Quốc phòng") that is no function word; `inner` phrases ("nhân dân", "giao thông")
        anywhere; `links` before a capitalised part ("tỉnh", "và"), after which a place takes no
        lowercase; `place_links` ("tại") between a place or an inner phrase and a known name
        ("Đại sứ quán Việt Nam tại Hàn Quốc"); a number right after an ORG head ("Quân khu 9";
        "Nghị định 15" is a DOCREF, not MISC); known names whole ("Hà Nội", "Thành phố Hồ Chí Minh");
        a hyphen between capitalised parts ("Côn Sơn - Kiếp Bạc").
        `whole`: the head is a name by itself ("Quốc hội"), so a person may follow it at once; a
        person ends the name only after a title (`cued`: "Bộ trưởng Bộ Tài chính Hồ Đức Phớc"),
        else a school or company may be named after one ("Trường THCS Nguyễn Du")."""
        end, caps, good = j, 0, j  # good: where the name may end (not on "tỉnh", "và")
        place_end = inner_end = -1  # where a place name / an inner phrase ended
        linked = False  # in the place after a link ("… huyện Mường Tè"): no lowercase syllable
        while end < len(toks) and toks[end].joined and (toks[end].text[0].isalnum() or toks[end].text in "-–"):
            t = toks[end]
            if t.cap:
                known = self._match(self.names, toks, end, folded)
                if known and known[1] == "LOC":
                    end = good = place_end = known[0]
                    caps = 9  # no lowercase syllable after a place name
                    continue
                run_end = self._run_end(toks, end)
                if (cued or whole) and (good > j or whole) and (not toks[end - 1].cap or end == place_end) and \
                        self._is_person(toks, end, run_end, folded):
                    break  # "Bộ Quốc phòng Phan Văn Giang", "Quốc hội Trần Thanh Mẫn": a person after the name
                if cued and linked and not toks[end - 1].cap:  # "UBND huyện Tam Đường Lò Văn Thương"
                    cut = next((k for k in range(end + 2, run_end - 1) if self._is_person(toks, k, run_end, folded)), None)
                    if cut is not None:
                        good = cut
                        break
                head = self._match(self.heads, toks, end, folded, case=True)
                if head is not None and head[0] < len(toks) and (toks[head[0]].cap or head[0] - end >= 2):
                    end = good = head[0]
                    caps = 0  # a head inside the name starts a new group: "… Đảng Cộng sản", "Cảnh sát biển"
                    continue
                if known and known[1] == "ORG":  # an organisation inside: "Phái bộ Liên hợp quốc tại Nam Sudan"
                    end = good = known[0]
                    caps = 0
                    continue
                inner = self._match(self.inner, toks, end, folded)
                if inner and inner[0] - end >= 2 and not linked:  # "Công ty Cổ phần …", "Quốc tế"
                    end = good = inner_end = inner[0]
                    caps = 0
                    continue
                # after "TMCP", "TNHH", "THPT" a new group starts; nothing lowercase after a foreign word
                caps = 0 if _is_acronym(t.text) else caps + 1 if self._native([t]) else 9
                end = good = end + 1
            elif t.text[0].isdigit() and (good > j or (end == j and typ == "ORG")):
                end, caps, good = end + 1, 9, end + 1
            elif not linked and (caps <= 1 or not toks[end - 1].cap) and (inner := self._match(self.inner, toks, end, folded)):
                good = inner[0] if good > j or inner_end > 0 else good  # "Tòa án nhân dân tối cao"
                end = inner_end = inner[0]
                caps = 0
            elif (link := self._match(self.links, toks, end, folded)) and link[0] < len(toks) and \
                    toks[link[0]].cap and not self._match(self.heads, toks, link[0], folded, case=True):
                linked = link[0] - end >= 1 and t.key not in ("và", "&")
                end, caps = link[0], 0
            elif end in (place_end, inner_end) and \
                    (link := self._match(self.place_links, toks, end, folded)) and \
                    (known := self._match(self.names, toks, link[0], folded)) and toks[link[0]].cap:
                end = good = place_end = known[0]
            elif t.text in "-–" and toks[end - 1].cap and end + 1 < len(toks) and toks[end + 1].cap and \
                    toks[end + 1].text[0].isalpha() and not _is_acronym(toks[end + 1].text) and good == end:
                end, caps = end + 1, 9
            elif caps == 1 and toks[end - 1].cap and not linked and t.text[0].isalpha() and t.key not in self.not_inner:
                end, caps, good = end + 1, 0, end + 1
            else:
                break
        return good

    def _short_forms(self, toks: list[Tok], spans: list) -> list:
        """A lone capitalised word that is the last syllable of a PER found in the text is that person."""
        given = {toks[b - 1].key for a, b, t in spans if t == "PER" and b - a >= 2}
        taken = {k for a, b, _ in spans for k in range(a, b)}
        extra = [(k, k + 1, "PER") for k, t in enumerate(toks)
                 if t.key in given and t.cap and k not in taken and not t.initial
                 and not self._match(self.names, toks, k, False) and not self._match(self.heads, toks, k, False)
                 and (k + 1 >= len(toks) or not (toks[k + 1].cap and toks[k + 1].joined))
                 and (k == 0 or not (toks[k - 1].cap and t.joined))]
        return sorted(spans + extra)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# -- han: Chinese characters -----------------------------------------------------------------------
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
Cand = tuple[int, int, str]


def _chars(value: str | list[str]) -> set[str]:
    """A character set written as one string ("王李张"), or a word list (its words)."""
    return set(value)


class HanRecogniser:
    """Chinese names from lexicons, suffixes and person contexts (see module doc)."""

    def __init__(self, lang: str, data: dict) -> None:
        self.lang = lang
        self.meta: dict = {"rules": f"data/ner/{lang}.toml"}
        self.conf = {k: float(v) for k, v in data["confidence"].items()}
        person = data.get("person", {})
        sections = {t: data.get(k, {}) for t, k in (("ORG", "org"), ("LOC", "loc"), ("MISC", "misc"))}
        self.known = {w: t for t in ("MISC", "ORG", "LOC") for w in sections[t].get("names", [])}
        self.known_first: dict[str, int] = {}  # first character → longest known name starting with it
        for w in self.known:
            self.known_first[w[:1]] = max(self.known_first.get(w[:1], 0), len(w))
        self.surnames = _chars(person.get("surnames", "")) | set(person.get("surnames2", []))
        self.before, self.after = set(person.get("before", [])), set(person.get("after", []))
        self.after_weak = set(person.get("after_weak", []))
        # the lengths of these cue words: a cue is found by slicing once per length, not per word
        self.before_sizes = sorted({len(w) for w in self.before})
        self.after_sizes = sorted({len(w) for w in self.after})
        self.after_weak_sizes = sorted({len(w) for w in self.after_weak})
        self.not_given = _chars(person.get("not_in_given_name", ""))
        self.translit = _chars(person.get("transliteration", ""))
        self.separators = _chars(person.get("separators", "·"))
        self.suffixes = sorted(((suf, t, int(n)) for t, sec in sections.items()
                                for suf, n in sec.get("suffixes", {}).items()), key=lambda x: -len(x[0]))
        self.not_before = {(t, suf): chars for t, sec in sections.items()
                           for suf, chars in sec.get("suffix_not_before", {}).items()}
        self.min_free = {t: int(sec.get("min_free", 1)) for t, sec in sections.items()}
        self.stop = _chars(data.get("stop", {}).get("chars", ""))
        self.stop_words = set(data.get("stop", {}).get("words", []))
        self.by_first: dict[str, list[tuple[str, str, int]]] = {}
        for item in self.suffixes:
            self.by_first.setdefault(item[0][0], []).append(item)
        self.stop_by_char: dict[str, list[tuple[str, int]]] = {}  # character → (stop word, its index there)
        for w in self.stop_words:
            for k, c in enumerate(w):
                self.stop_by_char.setdefault(c, []).append((w, k))
        self.pair_chars = _chars(sections["LOC"].get("pair_chars", ""))
        self.pair_after = tuple(sections["LOC"].get("pair_after", []))
        quoted = data.get("quoted", {})
        self.quote_open, self.quote_close = quoted.get("open", ""), quoted.get("close", "")
        self.quote_org = tuple(quoted.get("org_endings", []))

    def predict(self, text: str) -> list[Span]:
        known = self._known(text)
        persons = _non_overlapping(self._persons(text, known))
        places = self._suffixed(text, known, persons, "LOC")
        names = self._suffixed(text, known + places, persons, "ORG", "MISC")
        chosen = _non_overlapping([*self._quoted(text), *persons, *names, *places, *known, *self._pairs(text)])
        chosen = self._repeat_persons(text, chosen)
        return [(s, e, t, self.conf.get(t, 0.5)) for s, e, t in chosen]

    def _known(self, text: str) -> list[Cand]:
        """Leftmost-longest known names."""
        out, i = [], 0
        while i < len(text):
            for n in range(min(self.known_first.get(text[i], 0), len(text) - i), 0, -1):
                typ = self.known.get(text[i:i + n])
                if typ:
                    out.append((i, i + n, typ))
                    i += n
                    break
            else:
                i += 1
        return out

    def _quoted(self, text: str) -> list[Cand]:
        """《…》: a title (MISC), or a newspaper (ORG)."""
        if not self.quote_open:
            return []
        pattern = re.escape(self.quote_open) + r"([^" + re.escape(self.quote_close) + r"\n]{1,30})" + re.escape(self.quote_close)
        return [(m.start(1), m.end(1), "ORG" if m.group(1).endswith(self.quote_org) else "MISC")
                for m in re.finditer(pattern, text)]

    def _pairs(self, text: str) -> list[Cand]:
        """Two one-character country names side by side before "两国", "关系" …: "中越两国" → 中 | 越."""
        out: list[Cand] = []
        for i in range(len(text) - 1):
            a, b = text[i], text[i + 1]
            pair = a in self.pair_chars and b in self.pair_chars and a != b
            if pair and text.startswith(self.pair_after, i + 2) and (i == 0 or text[i - 1] not in self.pair_chars):
                out += [(i, i + 1, "LOC"), (i + 1, i + 2, "LOC")]
        return out

    def _stop_word_at(self, text: str, end: int) -> bool:
        """A stop word ends at `end` (the free text before a suffix stops there)."""
        return end > 0 and any(k == len(w) - 1 and text[end - len(w):end] == w
                               for w, k in self.stop_by_char.get(text[end - 1], ()))

    def _in_stop_word(self, text: str, i: int) -> bool:
        """The character at i is inside a stop word that starts before it ("研究部署": 署)."""
        return any(k > 0 and i - k >= 0 and text[i - k:i - k + len(w)] == w
                   for w, k in self.stop_by_char.get(text[i], ()))

    # -- names ending in a suffix
    def _suffixed(self, text: str, before: list[Cand], persons: list[Cand], *types: str) -> list[Cand]:
        """[names before][free characters] + suffix: "越南" + "国防" + "部" → ORG; a LOC takes one
        known place or free characters, not both ("塞格德市", "胡志明" + "市")."""
        ends: dict[int, list[Cand]] = {}
        for cand in before:
            ends.setdefault(cand[1], []).append(cand)
        person_ends = {e for _, e, _ in persons}
        inside = {k: (s, e) for s, e, _ in before for k in range(s + 1, e)}  # a suffix inside a known name
        out: list[Cand] = []
        for i, c in enumerate(text):
            for suffix, typ, max_free in self.by_first.get(c, ()):
                if typ not in types or not text.startswith(suffix, i):
                    continue
                end = i + len(suffix)
                if end < len(text) and text[end] in self.not_before.get((typ, suffix), ""):
                    continue
                if self._in_stop_word(text, i):
                    continue
                if i in inside:  # "农业银行" known: only what stands before it can be added ("中国农业银行")
                    if inside[i][1] != end or typ == "LOC":
                        continue
                    start = self._left(text, inside[i][0], 0, typ, ends, person_ends)
                    start = start if start is not None and start < inside[i][0] else None
                else:
                    start = self._left(text, i, max_free, typ, ends, person_ends)
                if start is not None:
                    out.append((start, end, typ))
                    ends.setdefault(end, []).append((start, end, typ))
                    break
        return out

    def _left(self, text: str, pos: int, max_free: int, typ: str, ends: dict, person_ends: set) -> int | None:
        """Left edge of a name whose suffix starts at pos; None when nothing fits."""
        start = pos
        while start > 0 and pos - start < max_free and start not in ends and start not in person_ends:
            c = text[start - 1]
            if not _HAN.match(c) or c in self.stop or self._stop_word_at(text, start):
                break
            start -= 1
        free = pos - start
        if typ == "LOC":
            if free == 0 and start in ends:
                return max(ends[start], key=lambda c: c[1] - c[0])[0]
            return start if free >= self.min_free[typ] else None
        chained = start
        while (links := [c for c in ends.get(chained, []) if c[2] in ("LOC", "ORG")]):
            chained = max(links, key=lambda c: c[1] - c[0])[0]  # over places and organisations, not MISC
        if chained == start and free < self.min_free[typ]:
            return None
        return chained

    # -- persons
    def _persons(self, text: str, known: list[Cand]) -> list[Cand]:
        """Surname + 1–2 characters, or a transliterated name, next to a title or a speech verb."""
        inside = {k for s, e, _ in known for k in range(s, e)}
        out = []
        for i, c in enumerate(text):
            if i in inside or not _HAN.match(c):
                continue
            span = None
            if c in self.surnames or text[i:i + 2] in self.surnames:
                span = self._native(text, i)
            if span is None and (c in self.translit or c in self.surnames):
                span = self._foreign(text, i)
            if span:
                out.append((*span, "PER"))
        return out

    def _cue_before(self, text: str, i: int) -> bool:
        """A title or cue word ends right before i."""
        return any(n <= i and text[i - n:i] in self.before for n in self.before_sizes)

    def _cue_after(self, text: str, j: int, weak: bool) -> bool:
        """A strong word after j; with `weak`, also a weak word or a non-Han character (j ≤ len(text))."""
        if any(text[j:j + n] in self.after for n in self.after_sizes):
            return True
        return weak and (j >= len(text) or not _HAN.match(text[j])
                         or any(text[j:j + n] in self.after_weak for n in self.after_weak_sizes))

    def _native(self, text: str, i: int) -> tuple[int, int] | None:
        sur = 2 if text[i:i + 2] in self.surnames else 1
        before = self._cue_before(text, i)
        for n in (2, 1):
            j = i + sur + n
            given = text[i + sur:j]
            if len(given) < n or any(not _HAN.match(c) or c in self.not_given for c in given):
                continue
            if self._cue_after(text, j, weak=before):
                return i, j
        return None

    def _foreign(self, text: str, i: int) -> tuple[int, int] | None:
        """A run of transliteration characters (a first character of any kind after a title)."""
        if i > 0 and (text[i - 1] in self.translit or text[i - 1] in self.separators):
            return None  # not the start of the run
        before = self._cue_before(text, i)
        if text[i] not in self.translit and not before:
            return None
        j = i + 1
        while j < len(text) and (text[j] in self.translit or
                                 (text[j] in self.separators and j + 1 < len(text) and text[j + 1] in self.translit)):
            j += 1
        has_sep = any(c in self.separators for c in text[i:j])
        if j - i < 2 or not (has_sep or (before and self._cue_after(text, j, weak=True))):
            return None
        return i, j

    def _repeat_persons(self, text: str, chosen: list[Cand]) -> list[Cand]:
        """Every other occurrence of a person's name found in context is that person too."""
        names = {text[s:e] for s, e, t in chosen if t == "PER" and e - s >= 2}
        extra = [(m.start(), m.end(), "PER") for n in names for m in re.finditer(re.escape(n), text)]
        return _non_overlapping(chosen + extra, keep_order=True)


def _non_overlapping(cands: Sequence[Cand], keep_order: bool = False) -> list[Cand]:
    """Longest first (earlier candidates first when `keep_order`), no overlaps, sorted by start."""
    order = list(cands) if keep_order else sorted(cands, key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[Cand] = []
    used = bytearray(max((e for _, e, _ in order), default=0))  # characters inside a taken span
    empty: list[int] = []  # where empty spans were taken (none in practice; kept for exactness)
    for s, e, t in order:
        if s < e:  # a span overlaps a taken one when one of its characters is used
            if used.find(1, s, e) >= 0 or any(s < p < e for p in empty):
                continue
            used[s:e] = b"\x01" * (e - s)
        elif any(s < te and ts < e for ts, te, _ in taken):  # empty: overlaps a span around it
            continue
        else:
            empty.append(s)
        taken.append((s, e, t))
    return sorted(set(taken))
