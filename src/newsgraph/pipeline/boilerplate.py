"""Boilerplate rules as data: `data/boilerplate/<lang>.toml`, applied to the end of a text.

Each file holds `[[rules]]` with an `id`, a `where` and a `pattern` (Python `regex` syntax,
matched case-insensitively unless `case_sensitive = true`). `{words}` in a pattern is replaced
by an alternation of the escaped `words` list, so word lists stay readable; any other `{name}`
(lower case) names a list too: the rule's own `name = [...]`, else one in the file's `[lists]`
table, else one in `any.toml`'s `[lists]` (shared by every file, e.g. `{networks}`). The kinds:

- `line`   a whole line (at most `max_chars`) at the end of the text, e.g. `Comment (0)`;
- `tail`   the end of the last paragraph, right after a sentence end, e.g. `… in 2024. — VNS`;
- `block`  a marker line (`Read more`, `Xem thêm`) and the short link-title lines after it,
           at the end of the text (at most `max_lines` items, each at most `item_max_chars`
           and not ending like a sentence);
- `inline` a whole line anywhere, for a few unambiguous ones (a lone `Share` / `Print`).

End rules run bottom-up until none applies, so `ديم ماي` / `مصدر` / `تعليق (0)` all go.
Rules from every file apply to every text (clean runs before language ID), which is why all
are anchored: to a whole line or to a paragraph end after a sentence. The first content line
is never removed, so a text cannot be emptied by rules alone.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import regex

from ..model.document import Removed

Where = Literal["line", "tail", "block", "inline"]
WHERE: tuple[Where, ...] = ("line", "tail", "block", "inline")
RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "boilerplate"
GENERIC_FILE = "any"  # script-independent rules; applied after the language files
DEFAULT_MAX_CHARS = 120  # a boilerplate line is short; longer lines are article text
DEFAULT_BLOCK_LINES = 12  # "Related" lists rarely hold more links than this
DEFAULT_ITEM_MAX_CHARS = 160  # a link title; a longer line is a paragraph
# What a sentence (or a quoted/bracketed sentence) ends with, in Latin, Arabic and CJK text.
SENTENCE_END = regex.compile(r"[.!?…؟。！？][\"'”’»)\]」』]*$")
# A link-title line does not end with a full stop (an ellipsis is a cut title, not a sentence).
FULL_STOP_END = regex.compile(r"(?<![.…])[.。]$")
# `{words}`, `{networks}`: a word list; not `\p{Lu}` (a property) nor `{1,80}` (a repeat).
LIST_PLACEHOLDER = regex.compile(r"(?<!\\[pP])\{([a-z_]+)\}")


@dataclass(frozen=True)
class Rule:
    id: str  # "<file>.<id>", e.g. "en.comment_counter"
    where: Where
    pattern: regex.Pattern[str]
    max_chars: int = DEFAULT_MAX_CHARS
    max_lines: int = DEFAULT_BLOCK_LINES
    item_max_chars: int = DEFAULT_ITEM_MAX_CHARS

    def matches_line(self, line: str) -> bool:
        return len(line) <= self.max_chars and self.pattern.fullmatch(line) is not None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def of(self, where: Where) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.where == where)


def compile_rule(name: str, spec: dict, lists: Mapping[str, list[str]] | None = None) -> Rule:
    """One `[[rules]]` table → Rule; raises ValueError naming the file and rule when it is wrong."""
    rid = f"{name}.{spec.get('id', '?')}"
    where = spec.get("where")
    if where not in WHERE:
        raise ValueError(f"boilerplate rule {rid}: where must be one of {WHERE}, not {where!r}")
    source = _fill_lists(rid, spec["pattern"], spec, lists or {})
    if where == "tail":
        source = f"(?:{source})\\s*$"
    flags = 0 if spec.get("case_sensitive") else regex.IGNORECASE
    try:
        pattern = regex.compile(source, flags)
    except regex.error as e:
        raise ValueError(f"boilerplate rule {rid}: bad pattern: {e}") from None
    limits = {k: int(spec[k]) for k in ("max_chars", "max_lines", "item_max_chars") if k in spec}
    return Rule(rid, where, pattern, **limits)


def _fill_lists(rid: str, source: str, spec: dict, lists: Mapping[str, list[str]]) -> str:
    """`{name}` → `(?:a|b|…)` from the rule's own list, else from `lists`; `\\p{L}`, `{1,80}` stay."""
    def alternation(m: regex.Match[str]) -> str:
        words = spec.get(m.group(1), lists.get(m.group(1)))
        if not isinstance(words, list) or not words:
            raise ValueError(f"boilerplate rule {rid}: no word list named {m.group(1)!r}")
        return "(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    return LIST_PLACEHOLDER.sub(alternation, source)


def parse_rules(name: str, text: str, shared: Mapping[str, list[str]] | None = None) -> list[Rule]:
    """One rule file; `shared` are the `[lists]` of `any.toml`, which the file's own lists override."""
    data = tomllib.loads(text)
    lists = {**(shared or {}), **data.get("lists", {})}
    return [compile_rule(name, spec, lists) for spec in data.get("rules", [])]


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """All rule files, language files first (sorted), `any.toml` last; loaded once per process."""
    files = sorted(RULES_DIR.glob("*.toml"), key=lambda f: (f.stem == GENERIC_FILE, f.stem))
    shared = tomllib.loads((RULES_DIR / f"{GENERIC_FILE}.toml").read_text(encoding="utf-8")).get("lists", {})
    rules: list[Rule] = []
    for f in files:
        rules.extend(parse_rules(f.stem, f.read_text(encoding="utf-8"), shared))
    return RuleSet(tuple(rules))


# -- applying -------------------------------------------------------------------------------
def strip_boilerplate(text: str, rules: RuleSet | None = None) -> tuple[str, list[Removed]]:
    """Remove inline lines anywhere, then end boilerplate bottom-up; returns (text, removed)."""
    rules = rules or load_rules()
    removed: list[Removed] = []
    lines = drop_inline(text.split("\n"), rules.of("inline"), removed)
    while strip_end_once(lines, rules, removed):
        pass
    return "\n".join(lines), removed


def _content(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def drop_inline(lines: list[str], rules: tuple[Rule, ...], removed: list[Removed]) -> list[str]:
    first = next(iter(_content(lines)), None)
    kept: list[str] = []
    for i, line in enumerate(lines):
        rule = None if i == first else _first_line_match(line.strip(), rules)
        if rule:
            removed.append(Removed(line.strip(), rule.id))
        else:
            kept.append(line)
    return kept


def strip_end_once(lines: list[str], rules: RuleSet, removed: list[Removed]) -> bool:
    """Apply the first end rule that fits (line, block, then tail); False when none does."""
    content = _content(lines)
    if len(content) < 2:  # never remove the first content line (the title or only paragraph)
        return False
    last = content[-1]
    rule = _first_line_match(lines[last].strip(), rules.of("line"))
    if rule:
        removed.append(Removed(lines[last].strip(), rule.id))
        del lines[last:]
        return True
    return _strip_block(lines, content, rules.of("block"), removed) or _strip_tail(
        lines, last, rules.of("tail"), removed)


def _first_line_match(line: str, rules: tuple[Rule, ...]) -> Rule | None:
    return next((r for r in rules if r.matches_line(line)), None) if line else None


def _strip_block(lines: list[str], content: list[int], rules: tuple[Rule, ...],
                 removed: list[Removed]) -> bool:
    """A marker line followed only by short link-title lines, at the end: drop them all."""
    for rule in rules:
        for pos in range(len(content) - 1, max(0, len(content) - 1 - rule.max_lines) - 1, -1):
            line = lines[content[pos]].strip()
            if rule.matches_line(line):
                if pos == 0:
                    return False
                block = [lines[i].strip() for i in content[pos:]]
                removed.append(Removed("\n".join(block), rule.id))
                del lines[content[pos]:]
                return True
            if len(line) > rule.item_max_chars or FULL_STOP_END.search(line):
                break
    return False


def _strip_tail(lines: list[str], last: int, rules: tuple[Rule, ...], removed: list[Removed]) -> bool:
    """A tag at the end of the last paragraph, right after a sentence end (`… 2024. — VNS`)."""
    line = lines[last].rstrip()
    for rule in rules:
        m = rule.pattern.search(line)
        if m and m.start() > 0:
            before = line[: m.start()].rstrip()
            if SENTENCE_END.search(before):
                removed.append(Removed(line[m.start():].strip(), rule.id))
                lines[last] = before
                return True
    return False
