"""Build / show the newsgraph NER gold sets (see README.md in this folder).

    python build.py build SOURCE.txt OUT.conll   # bracket-annotated sentences → CoNLL IOB2
    python build.py show FILE.conll              # CoNLL → bracket form (one sentence a line)
    python build.py spans FILE.conll             # every entity span with its type, for review
    python build.py stats FILE.conll ...         # counts per file as a Markdown table (README)

Source format: one sentence a line, `#` lines and blank lines ignored, entities written
inline as `[TYPE words]` with TYPE in PER ORG LOC MISC (no nesting). `show` prints the same
format, so a fix can be made by `show` → edit → `build`. The language comes from the file
name (`<set>-<lang>-<split>`): Vietnamese keeps one token per space-separated syllable with
punctuation split off; Chinese (`zh`) has one token per Han character or punctuation mark
and one token per run of Latin letters/digits.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

TYPES = ("PER", "ORG", "LOC", "MISC")
_ENTITY = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]]+?)\]")
# a word (letters/digits, may hold inner - . , / ' : e.g. "TP.HCM", "Su-30MK2", "7,09", "20/11"), or one other char
_TOKEN_VI = re.compile(r"\w+(?:[-.,/'’:]\w+)*|[^\w\s]")
_TOKEN_ZH = re.compile(r"[A-Za-z0-9]+(?:[-.,:/][A-Za-z0-9]+)*|\S")


def tokenize(text: str, lang: str) -> list[str]:
    """Tokens of `text`; Chinese splits every Han character, keeping Latin/digit runs whole."""
    if lang == "zh":
        return [t for t in _TOKEN_ZH.findall(text) if not t.isspace()]
    return _TOKEN_VI.findall(text)


def parse_line(line: str, lang: str) -> tuple[list[str], list[str]]:
    """A bracket-annotated sentence → (tokens, IOB2 tags)."""
    line = unicodedata.normalize("NFC", line.strip())
    tokens: list[str] = []
    tags: list[str] = []
    pos = 0
    for m in _ENTITY.finditer(line):
        outside = tokenize(line[pos:m.start()], lang)
        tokens += outside
        tags += ["O"] * len(outside)
        inside = tokenize(m.group(2), lang)
        if not inside:
            raise ValueError(f"empty entity in: {line}")
        tokens += inside
        tags += [f"B-{m.group(1)}"] + [f"I-{m.group(1)}"] * (len(inside) - 1)
        pos = m.end()
    rest = tokenize(line[pos:], lang)
    tokens += rest
    tags += ["O"] * len(rest)
    if any(c in tok for tok in tokens for c in "[]"):
        raise ValueError(f"unbalanced bracket in: {line}")
    return tokens, tags


def lang_of(path: str | Path) -> str:
    parts = Path(path).name.split(".")[0].split("-")
    return parts[1] if len(parts) >= 3 else "vi"


def build(source: str | Path, out: str | Path) -> int:
    lang = lang_of(out)
    blocks = []
    for raw in Path(source).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        tokens, tags = parse_line(raw, lang)
        blocks.append("".join(f"{t}\t{g}\n" for t, g in zip(tokens, tags, strict=True)))
    Path(out).write_text("\n".join(blocks), encoding="utf-8")
    return len(blocks)


def read(path: str | Path) -> list[tuple[list[str], list[str]]]:
    sents, toks, tags = [], [], []
    for line in [*Path(path).read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, _, tag = line.rpartition("\t")
        toks.append(tok)
        tags.append(tag)
    return sents


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    out, start, kind = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            out.append((start, i, kind))
            start = -1
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return out


def show(path: str | Path) -> str:
    joiner = "" if lang_of(path) == "zh" else " "
    lines = []
    for toks, tags in read(path):
        parts, i = [], 0
        for s, e, k in spans(tags):
            parts += toks[i:s]
            parts.append(f"[{k} {joiner.join(toks[s:e])}]")
            i = e
        parts += toks[i:]
        lines.append(joiner.join(parts))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    cmd = argv[0] if argv else ""
    if cmd == "build" and len(argv) == 3:
        print(f"{build(argv[1], argv[2])} sentences → {argv[2]}")
    elif cmd == "show" and len(argv) == 2:
        sys.stdout.write(show(argv[1]))
    elif cmd == "spans" and len(argv) == 2:
        joiner = "" if lang_of(argv[1]) == "zh" else " "
        for n, (toks, tags) in enumerate(read(argv[1]), 1):
            for s, e, k in spans(tags):
                print(f"{n}\t{k}\t{joiner.join(toks[s:e])}")
    elif cmd == "stats" and len(argv) >= 2:
        print("| file | sentences | tokens | PER | ORG | LOC | MISC | entities | no-entity sentences |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path in argv[1:]:
            sents = read(path)
            kinds = [k for _, tags in sents for _, _, k in spans(tags)]
            cells = [len(sents), sum(len(t) for t, _ in sents), *(kinds.count(k) for k in TYPES),
                     len(kinds), sum(1 for _, tags in sents if not spans(tags))]
            print(f"| `{Path(path).name}` | " + " | ".join(map(str, cells)) + " |")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
