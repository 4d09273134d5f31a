"""DOCREF: references to official documents, found by grammars that are pack data.

Every `packs/data/<pack>/docrefs.toml` names a pack's document kinds (code → kind, kind words
per language), its issuing bodies and the shapes of its references (`[[forms]]`, regexes built
from named parts); the format is documented at the top of `packs/data/vietnam/docrefs.toml`.
The code knows no country: `18-NQ/TW`, `S/RES/2231 (2015)` and `Regulation (EU) 2022/2065` are
all data. A mention spans the reference with its kind word ("Directive 53-CT / TU"); its
normalised record goes to `Mention.attrs` (code, kind, number, year, issuer, issuer_name, term,
date, pack), and a date written right after it ("dated December 5, 2023", "المؤرخ 5 ديسمبر
2023") is read with the date patterns of `data/dates/` and kept there with its own offsets.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...config import Settings
from ...model.document import Document
from ..dates_text import TextDate, find_text_dates
from .matcher import trie_regex

REQUIRES = ("text", "lang")
ASSIGNS = ("mentions",)
METHOD = "docrefs.grammar.v1"
TYPE = "DOCREF"
GRAMMAR_FILE = "docrefs.toml"
PACKS_DIR = Path(__file__).resolve().parents[2] / "packs" / "data"

# Regex parts every grammar may use; a grammar's [parts] overrides them.
DEFAULT_PARTS = {
    "number": r"\d{1,5}",
    "year": r"(?:19|20)\d\d",
    "sp": r"\s+",
    "slash": r"\s?/\s?",
    "dash": r"\s?[-‐‑–]\s?",
}
# Placeholders that become named groups (the first time they appear in a pattern).
GROUPS = {"number": "number", "year": "year", "kind": "kind", "issuer": "issuer", "issuer_known": "issuer"}
MAX_DATE_GAP = 30  # chars between a reference and "its" date ("dated", "ngày", "المؤرخة"...)
DATE_GAP_STOP = re.compile(r"[.;!?\n()]")
LEAD_WINDOW = 40  # chars searched before a bare code for its kind word and "No."
CONTEXT_WINDOW = 80  # chars read before/after a reference by [[contexts]]
DEFAULT_CONFIDENCE = 0.9
SHARED_FACTS = ("date", "term", "year")  # facts about a document, the same at each of its mentions
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
# A number may not continue another number, code or decimal; a letter right before is another token.
CORE_START = r"(?<![\d/\-–])(?<!\d[.,])(?<![A-Za-z])"
CORE_END = r"(?![^\W_]|[-/]\w)"
NEVER = "(?!)"  # an empty alternation: matches nothing
PYEAR = r"(?:\s?\((?P<pyear>(?:19|20)\d\d)\))?"  # S/RES/2231 (2015), resolution 2406 (2018)


@dataclass(frozen=True)
class Form:
    name: str
    regex: re.Pattern[str]
    lead: re.Pattern[str] | None  # kind word / number prefix allowed right before a bare code
    code: str | None
    kind: str | None
    issuer: str | None
    confidence: float
    gated: bool = False  # starts with a kind/issuer word: tried only where the grammar's word gate fires
    digit_first: bool = False  # a bare code starting with its number: tried only where a run of digits starts


@dataclass(frozen=True)
class Context:
    issuer: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None


@dataclass(frozen=True)
class Grammar:
    pack: str
    forms: tuple[Form, ...]
    kind_by_code: dict[str, tuple[str, str]]  # written code → (kind, canonical code)
    kind_by_word: dict[str, str]  # casefolded kind word → kind
    issuers: dict[str, dict[str, Any]]
    issuer_patterns: tuple[tuple[re.Pattern[str], str], ...]
    issuer_by_word: dict[str, str]
    ordinals: dict[str, int]
    contexts: tuple[Context, ...]
    word_gate: re.Pattern[str] | None = None  # lower-cased kind/issuer words, matched on lower-cased text


@dataclass(frozen=True)
class DocRef:
    start: int
    end: int
    attrs: dict[str, Any]
    confidence: float


# ---------------------------------------------------------------- loading


def load_grammars(dirs: Iterable[str | Path]) -> list[Grammar]:
    """Compile every `<dir>/<pack>/docrefs.toml` (or `<dir>/docrefs.toml`), in path order."""
    files: list[Path] = []
    for d in map(Path, dirs):
        files += [d / GRAMMAR_FILE] if (d / GRAMMAR_FILE).is_file() else sorted(d.glob(f"*/{GRAMMAR_FILE}"))
    out = []
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            out.append(_compile_grammar(data, data.get("pack") or path.parent.name))
        except (tomllib.TOMLDecodeError, re.error, KeyError, ValueError) as e:
            raise ValueError(f"{path}: {e}") from e
    return out


@lru_cache(maxsize=8)
def _cached_grammars(dirs: tuple[str, ...]) -> tuple[Grammar, ...]:
    return tuple(load_grammars(dirs))


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _word_boundary(clitics: Sequence[str]) -> str:
    """Start of a word, or right after one or two clitic letters glued to it (Arabic و ب ل)."""
    if not clitics:
        return r"(?<!\w)"
    cls = "[" + "".join(re.escape(c) for c in clitics) + "]"
    return rf"(?:(?<!\w)|(?<=(?<!\w){cls})|(?<=(?<!\w){cls}{cls}))"


def _prefix_alt(prefixes: Sequence[str]) -> str:
    """Number prefixes (No., số, رقم, 第); those in a cased/Arabic script must start a word."""
    parts = [(re.escape(p) if ord(p[0]) >= 0x2E80 else rf"(?<!\w){re.escape(p)}") for p in prefixes]
    return "(?i:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


def _kind_words(kinds: dict[str, dict[str, Any]], side: str) -> dict[str, str]:
    """Casefolded kind word → kind, for words written `before` or `after` the number; first kind wins."""
    return {
        w.casefold(): k for k, v in reversed(kinds.items()) for ws in v.get(side, {}).values() for w in ws
    }


def _placeholders(data: dict[str, Any], issuers: dict[str, dict[str, Any]], boundary: str) -> dict[str, str]:
    """What each {placeholder} of a pattern stands for in this grammar."""
    kinds = data.get("kinds", {})
    codes = [c for v in kinds.values() for c in v.get("codes", [])]
    known = "|".join([v["pattern"] for v in issuers.values() if v.get("pattern")] + [_alt(issuers)])
    issuer_words = [w for v in issuers.values() for w in v.get("words", [])]
    ordinals = _alt(data.get("ordinals", {}))
    return {
        **DEFAULT_PARTS,
        **data.get("parts", {}),
        "kind": _alt(codes) or NEVER,
        "issuer_known": known or NEVER,
        "issuer": "|".join(x for x in (known, data.get("any_issuer", "")) if x) or NEVER,
        "kindword": f"{boundary}(?P<kw>(?i:{_alt(_kind_words(kinds, 'before')) or NEVER}))",
        "issuerword": rf"(?<!\w)(?P<iw>(?i:{_alt(issuer_words) or NEVER}))",
        "term": rf"(?P<term>\d{{1,2}}(?:st|nd|rd|th|ème|e|er|ᵉ)?|[IVXL]{{1,7}}|(?i:{ordinals or NEVER}))(?!\w)",
    }


def _lead_and_tail(data: dict[str, Any], boundary: str) -> tuple[str, str]:
    """Optional words around a bare code: kind word + number prefix before, suffix + kind word after."""
    kinds = data.get("kinds", {})
    lead = rf"(?:{boundary}(?P<kw>(?i:{_alt(_kind_words(kinds, 'before')) or NEVER}))\s{{0,2}})?"
    if data.get("number_prefix"):
        lead += rf"(?:{_prefix_alt(data['number_prefix'])}\s?)?"
    suffix = _alt(data.get("number_suffix", []))
    after = _alt(_kind_words(kinds, "after")) or NEVER
    tail = rf"(?:\s?(?:{suffix})(?:\s?(?P<kwa>{after}))?|{CORE_END})" if suffix else CORE_END
    return lead, tail


def _compile_grammar(data: dict[str, Any], pack: str) -> Grammar:
    kinds: dict[str, dict[str, Any]] = data.get("kinds", {})
    issuers: dict[str, dict[str, Any]] = data.get("issuers", {})
    boundary = _word_boundary(data.get("word_prefixes", []))
    exp = _placeholders(data, issuers, boundary)
    lead, tail = _lead_and_tail(data, boundary)
    contexts = tuple(
        Context(
            c["issuer"],
            re.compile(_expand(c["before"], exp)) if c.get("before") else None,
            re.compile(_expand(c["after"], exp)) if c.get("after") else None,
        )
        for c in data.get("contexts", [])
    )
    return Grammar(
        pack=pack,
        forms=tuple(_compile_form(f, exp, lead, tail) for f in data.get("forms", [])),
        kind_by_code={c: (k, v["codes"][0]) for k, v in kinds.items() for c in v.get("codes", [])},
        kind_by_word=_kind_words(kinds, "before") | _kind_words(kinds, "after"),
        issuers=issuers,
        issuer_patterns=tuple((re.compile(v["pattern"]), k) for k, v in issuers.items() if v.get("pattern")),
        issuer_by_word={w.casefold(): k for k, v in issuers.items() for w in v.get("words", [])},
        ordinals={k.casefold(): int(v) for k, v in data.get("ordinals", {}).items()},
        contexts=contexts,
        word_gate=_word_gate(kinds, issuers),
    )


def _word_gate(kinds: dict[str, dict[str, Any]], issuers: dict[str, dict[str, Any]]) -> re.Pattern[str] | None:
    """Forms that start with a kind or issuer word are tried only where such a word starts. Found
    with a case-sensitive scan of the lower-cased text: a case-insensitive Unicode alternation with
    boundary look-behinds at every position was the stage's main cost (BENCHMARKS.md). The words
    are one regex factored by prefix (`trie_regex`): a flat alternation of the Vietnam pack's 87
    words was tried word by word at every position (0.36 vs 0.14 ms per document)."""
    words = {w.lower() for w in _kind_words(kinds, "before")}
    words |= {w.lower() for v in issuers.values() for w in v.get("words", [])}
    words.discard("")
    return re.compile(f"(?=(?:{trie_regex(words)}))") if words else None  # look-ahead: overlapping words all count


def _expand(template: str, exp: dict[str, str]) -> str:
    """Replace {placeholders}: group parts become named groups once, other parts expand recursively."""
    used: set[str] = set()

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in exp:
            return m.group(0)  # a regex quantifier such as {1,2} or an unknown name: left as written
        body = exp[name] if name in ("kindword", "issuerword", "term") else _expand(exp[name], exp)
        group = GROUPS.get(name)
        if group and group not in used:
            used.add(group)
            return f"(?P<{group}>{body})"
        if name in ("kindword", "issuerword", "term"):
            if name in used:
                raise ValueError(f"{{{name}}} appears twice in {template!r}")
            used.add(name)
        return f"(?:{body})"

    return re.sub(r"\{(\w+)\}", sub, template)


def _compile_form(f: dict[str, Any], exp: dict[str, str], lead: str, tail: str) -> Form:
    """A form with its own kind/issuer words is taken as written; a bare code gets the optional lead,
    matched backwards from the code (trying it at every position of the text would be slow)."""
    body = _expand(f["pattern"], exp)
    pyear = "" if "(?P<pyear>" in body else PYEAR
    worded = "{kindword}" in f["pattern"] or "{issuerword}" in f["pattern"]
    regex = rf"{body}{pyear}(?!\w)" if worded else f"{CORE_START}{body}{tail}{pyear}"
    return Form(
        f.get("name", f["pattern"]),
        re.compile(regex),
        None if worded else re.compile(rf"{lead}\Z"),
        f.get("code"),
        f.get("kind"),
        f.get("issuer"),
        float(f.get("confidence", DEFAULT_CONFIDENCE)),
        gated=f["pattern"].startswith(("{kindword}", "{issuerword}")),
        digit_first=not worded and body.startswith("(?P<number>") and exp["number"].startswith("\\d"),
    )


# ---------------------------------------------------------------- finding


def find_docrefs(
    docs: list[Document], settings: Settings, pack_dirs: Sequence[str | Path] | None = None
) -> list[Document]:
    """Add one DOCREF mention per reference, its normalised record in `attrs`; re-running replaces them."""
    grammars = _cached_grammars(tuple(str(d) for d in (pack_dirs or (PACKS_DIR,))))
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        for ref in predict(doc.text, doc.lang, grammars):
            doc.add_mention(ref.start, ref.end, TYPE, METHOD, ref.confidence, attrs=ref.attrs)
    return docs


# A bare code that starts with its number ("18-NQ/TW", "748/KH-UBND") is tried only where a run of
# digits starts, instead of at every character (its look-behinds first); a start inside an earlier
# match, which finditer would skip, loses to it in `predict` (overlaps go to the first, longest), so
# the references found are the same.
DIGITS_START = re.compile(r"(?<!\d)\d")


def _matches(text: str, lowered: str, gate_ok: bool, g: Grammar) -> Iterator[tuple[Form, re.Match[str]]]:
    starts: list[int] | None = None
    code_starts: list[int] | None = None
    for f in g.forms:
        if f.gated and gate_ok and g.word_gate is not None:
            if starts is None:
                starts = sorted({m.start() for m in g.word_gate.finditer(lowered)})
            for pos in starts:
                if m := f.regex.match(text, pos):
                    yield f, m
        elif f.digit_first:
            if code_starts is None:
                code_starts = [m.start() for m in DIGITS_START.finditer(text)]
            for pos in code_starts:
                if m := f.regex.match(text, pos):
                    yield f, m
        else:
            yield from ((f, m) for m in f.regex.finditer(text))


def predict(text: str, lang: str | None, grammars: Sequence[Grammar]) -> list[DocRef]:
    """Every reference in `text`, in reading order; overlaps go to the longest (then the first pack)."""
    lowered = text.lower()
    gate_ok = len(lowered) == len(text)  # same offsets (true for nearly all text; else scan everything)
    found = [(*_with_lead(text, m, f), g, f) for g in grammars for f, m in _matches(text, lowered, gate_ok, g)]
    found.sort(key=lambda x: (x[0], x[0] - x[1]))
    refs: list[DocRef] = []
    for start, end, groups, g, f in found:
        if refs and start < refs[-1].end:
            continue
        attrs = _record(groups, g, f)
        _apply_contexts(text, start, end, attrs, g)
        refs.append(DocRef(start, end, attrs, f.confidence))
    if refs:
        _attach_dates(text, lang, refs)
        _share_within_document(refs)
    return refs


def _with_lead(text: str, m: re.Match[str], f: Form) -> tuple[int, int, dict[str, str]]:
    """The match widened to the kind word and number prefix written before it, with all groups."""
    groups = {k: v for k, v in m.groupdict().items() if v}
    lead = f.lead.search(text, max(0, m.start() - LEAD_WINDOW), m.start()) if f.lead else None
    if lead is None:
        return m.start(), m.end(), groups
    return lead.start(), m.end(), groups | {k: v for k, v in lead.groupdict().items() if v}


def _record(groups: dict[str, str], g: Grammar, f: Form) -> dict[str, Any]:
    written_kind = groups.get("kind")
    kind, kind_code = g.kind_by_code.get(written_kind, (None, None)) if written_kind else (None, None)
    word = groups.get("kw") or groups.get("kwa")
    kind = kind or (g.kind_by_word.get(word.casefold()) if word else None) or f.kind
    issuer = groups.get("issuer") or g.issuer_by_word.get(groups.get("iw", "").casefold()) or f.issuer
    issuer_key, issuer_term = _issuer(issuer, g)
    year = groups.get("year") or groups.get("pyear")
    values = {
        "number": groups.get("number", ""),
        "year": groups.get("year", ""),
        "kind": kind_code or "",
        "issuer": _squash(issuer or ""),
    }
    return {
        "code": _fill(f.code, values) if f.code else None,
        "kind": kind,
        "number": groups.get("number"),
        "year": int(year) if year else None,
        "issuer": _squash(issuer) if issuer else None,
        "issuer_name": g.issuers.get(issuer_key or "", {}).get("name"),
        "term": _term(groups["term"], g) if groups.get("term") else issuer_term,
        "date": None,
        "date_span": None,
        "pack": g.pack,
        "form": f.name,
    }


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _issuer(code: str | None, g: Grammar) -> tuple[str | None, int | None]:
    """The issuers-table key for a written code (QH15 → QH, term 15); unknown codes have none."""
    if not code:
        return None, None
    code = _squash(code)
    if code in g.issuers:
        return code, None
    for pattern, key in g.issuer_patterns:
        m = pattern.fullmatch(code)
        if m:
            return key, int(m.group(1)) if m.groups() and m.group(1) and m.group(1).isdigit() else None
    return None, None


def _term(written: str, g: Grammar) -> int | None:
    """12th, 13e, XIII, thirteenth, الثالثة عشرة → the number."""
    digits = re.match(r"\d+", written)
    if digits:
        return int(digits.group(0))
    if re.fullmatch(r"[IVXL]+", written):
        values = [ROMAN[c] for c in written]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return g.ordinals.get(written.casefold())


def _apply_contexts(text: str, start: int, end: int, attrs: dict[str, Any], g: Grammar) -> None:
    """Words around a reference that name its issuer's term ("the 12th Party Central Committee's")."""
    for ctx in g.contexts:
        if attrs["term"] is not None or attrs["issuer"] not in (ctx.issuer, None):
            continue
        before = ctx.before.search(text[max(0, start - CONTEXT_WINDOW) : start]) if ctx.before else None
        after = ctx.after.search(text[end : end + CONTEXT_WINDOW]) if ctx.after else None
        for m in (before, after):
            if m and m.group("term"):
                attrs["term"] = _term(m.group("term"), g)
                attrs["issuer"] = attrs["issuer"] or ctx.issuer
                attrs["issuer_name"] = attrs["issuer_name"] or g.issuers.get(ctx.issuer, {}).get("name")
                break


def _attach_dates(text: str, lang: str | None, refs: list[DocRef]) -> None:
    """A date written right after a reference, marked as a document's date ("dated", "ngày", "от")."""
    dates = find_text_dates(text, lang)
    for i, ref in enumerate(refs):
        limit = refs[i + 1].start if i + 1 < len(refs) else len(text)
        date = next((d for d in dates if ref.end <= d.start <= min(ref.end + MAX_DATE_GAP, limit)), None)
        if date is None or date.year is None or not _is_its_date(text[ref.end : date.start], date):
            continue
        ref.attrs["date"] = _iso(date)
        ref.attrs["date_span"] = [date.start, date.end]
        ref.attrs["year"] = ref.attrs["year"] or date.year


def _is_its_date(gap: str, date: TextDate) -> bool:
    return not DATE_GAP_STOP.search(gap) and (date.referenced or not gap.strip(" ,"))


def _iso(d: TextDate) -> str:
    parts = [f"{d.year:04d}"] + [f"{p:02d}" for p in (d.month, d.day) if p is not None]
    return "-".join(parts[: 2 if d.day is None else 3] if d.month is not None else parts[:1])


def _share_within_document(refs: list[DocRef]) -> None:
    """Every mention of one code in a document gets the date/term/year stated at any of them."""
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for ref in refs:
        if ref.attrs["code"]:
            facts = known.setdefault((ref.attrs["pack"], ref.attrs["code"]), {})
            for key in SHARED_FACTS:
                if facts.get(key) is None:
                    facts[key] = ref.attrs[key]
    for ref in refs:
        facts = known.get((ref.attrs["pack"], ref.attrs["code"] or ""), {})
        for key in SHARED_FACTS:
            if ref.attrs[key] is None:
                ref.attrs[key] = facts.get(key)
