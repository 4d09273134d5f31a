"""Bytes → text: BOM, declared, strict UTF-8, a checked detector, cp1252; then NFC and \\n newlines.

Why each step:
- A BOM is the only certain evidence, so it wins (UTF-32 is checked before UTF-16: its BOM
  starts with UTF-16's).
- Valid UTF-8 comes next, before any declared charset: legacy text is practically never
  valid UTF-8 by accident, while pages declaring iso-8859-1 over UTF-8 bytes are common.
- A declared charset (HTML <meta>, XML prolog) is then used if it decodes.
- A few invalid bytes inside a UTF-8 file are damage, not another encoding: they are
  replaced and reported, but only while they are a tiny share of the bytes and the file
  has real multi-byte UTF-8, so a whole windows-1256 or cp1258 file never passes as UTF-8.
- Legacy encodings are told apart by what the decoded text looks like (mostly Arabic
  letters for windows-1256; Vietnamese vowels with combining tone marks for cp1258; a few
  accented Latin letters for cp1252), then charset-normalizer's guesses that decode to
  letters rather than junk symbols, then cp1252 with replacements, which decodes anything.
- cp1258 writes tones as COMBINING marks, so NFC after decoding is what makes `Lương Cường`
  from cp1258 equal the same name from UTF-8.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..errors import BinaryInput, EmptyInput, UndecodableInput

BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAGIC = (  # leading bytes of formats that are never text
    (b"%PDF-", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"), (b"PK\x03\x04", "ZIP"), (b"PK\x05\x06", "ZIP"), (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"), (b"MZ\x90\x00", "Windows executable"), (b"\xd0\xcf\x11\xe0", "OLE (old MS Office)"),
    (b"SQLite format 3\x00", "SQLite"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"),
    (b"\xfd7zXZ\x00", "xz"), (b"OggS", "Ogg"), (b"ID3", "MP3"), (b"\x00asm", "WebAssembly"),
    (b"RIFF", "RIFF (WAV/AVI/WebP)"), (b"BZh91AY&SY", "bzip2"), (b"\x28\xb5\x2f\xfd", "zstd"),
)
# WHATWG: labels that mean windows-1252 in practice
ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
           "us-ascii": "cp1252", "windows-1258": "cp1258", "windows-1256": "cp1256"}
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20)])  # not \t\n\v\f\r, ESC
MAX_CONTROL_SHARE = 0.05  # more control bytes than this in the sample: binary
SAMPLE_BYTES = 65_536
MAX_BAD_UTF8_SHARE = 0.001  # invalid bytes tolerated in UTF-8, as a share of all bytes...
MIN_BAD_UTF8_ALLOWED = 2  # ...or this many in a short text
MAX_JUNK_SHARE = 0.02  # non-ASCII symbols that are not letters (¹ ³ ¤ ‡): a sign of the wrong code page
MAX_ACCENTED_SHARE = 0.3  # French, German, Spanish: far fewer accented letters than this
COMMON_SYMBOLS = frozenset("\u00a0’‘‚“”„«»‹›–—…•·€£°§©®™№\u200b\u200c\u200d\u200e\u200f\ufeff")
MIN_SCRIPT_SHARE = 0.6
MIN_ARABIC_LETTERS = 3
UTF16_HIGH_BYTE_VALUES = 2  # NUL (spaces, digits) and the script's block (06 Arabic, 04 Cyrillic)
UTF16_HIGH_BYTE_SHARE = 0.9  # share of non-ASCII letters in the expected script for a legacy guess
VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
VIETNAMESE_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
VOWELS = frozenset("aeiouyăâêôơưAEIOUYĂÂÊÔƠƯ")
_SURROGATE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ue000-\uf8ff]")
_CONTROLS = CONTROL_BYTES
_NEWLINES = re.compile(r"\r\n?")


@dataclass
class Decoded:
    text: str  # NFC, \n newlines
    encoding: str  # the codec that decoded it
    warnings: list[str] = field(default_factory=list)  # e.g. "utf-8: 3 invalid bytes replaced"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) for one item's bytes; raises BinaryInput, EmptyInput or UndecodableInput."""
    d = decode_bytes(data, declared)
    return d.text, d.encoding


def decode_bytes(data: bytes, declared: str | None = None, forced: str | None = None) -> Decoded:
    """Decode with warnings kept; `forced` (ingest.encoding) skips detection and must decode cleanly."""
    if not data.strip():
        raise EmptyInput("empty input")
    d = _forced(data, forced) if forced else _detect(data, declared)
    d.text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", d.text))
    if not d.text.strip():
        raise EmptyInput("no text once decoded")
    return d


def _forced(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding).removeprefix("\ufeff"), encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise UndecodableInput(f"not valid {encoding}: {e}") from None


def _detect(data: bytes, declared: str | None) -> Decoded:
    """The fallback chain; each step returns None when it has no confident answer."""
    for first in (_from_bom, _from_utf16_pattern):
        if found := first(data):
            return found
    check_binary(data)
    steps = (_strict_utf8, _damaged_utf8, lambda b: _from_declared(b, declared), _broken_utf8,
             _from_script, _western, _from_detector)
    for step in steps:
        if found := step(data):
            return found
    return _cp1252(data)


def _from_bom(data: bytes) -> Decoded | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), enc)
            except UnicodeDecodeError as e:
                raise UndecodableInput(f"has a {enc} byte-order mark but is not valid {enc}: {e}") from None
    return None


def check_binary(data: bytes) -> None:
    """BinaryInput for known binary formats, NUL bytes (outside UTF-16) or many control bytes."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise BinaryInput(f"binary data ({what})")
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample and _utf16_order(sample) is None:
        raise BinaryInput("binary data (NUL bytes)")
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise BinaryInput(f"binary data ({controls} control bytes in the first {len(sample)})")


def _utf16_order(sample: bytes) -> str | None:
    """UTF-16 without a BOM: one script's text repeats one or two high bytes (00, 06...) in every
    other position, and its spaces put NULs there, while the low bytes are never NUL."""
    if b"\x00" not in sample or len(sample) < 4 or (len(sample) % 2 and len(sample) < SAMPLE_BYTES):
        return None
    even, odd = sample[0::2], sample[1::2]
    if _high_bytes(odd) and even.count(0) <= 0.01 * len(even):
        return "utf-16-le"
    if _high_bytes(even) and odd.count(0) <= 0.01 * len(odd):
        return "utf-16-be"
    return None


def _high_bytes(half: bytes) -> bool:
    top = Counter(half).most_common(UTF16_HIGH_BYTE_VALUES)
    return 0 in dict(top) and sum(n for _, n in top) >= UTF16_HIGH_BYTE_SHARE * len(half)


def _from_utf16_pattern(data: bytes) -> Decoded | None:
    enc = _utf16_order(data[:SAMPLE_BYTES])
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        raise BinaryInput("binary data (NUL bytes, not valid UTF-16)") from None
    controls = _count(_CONTROL_CHARS, text[:SAMPLE_BYTES])
    if controls > MAX_CONTROL_SHARE * min(len(text), SAMPLE_BYTES):
        raise BinaryInput(f"binary data (NUL bytes; {controls} control characters as UTF-16)")
    return Decoded(text, enc)


def _strict_utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _from_declared(data: bytes, declared: str | None) -> Decoded | None:
    """A declared charset is trusted when it decodes; a bad or unknown label is ignored, with a note."""
    if not declared:
        return None
    try:
        enc = codecs.lookup(ALIASES.get(declared.strip().lower(), declared.strip())).name
        return Decoded(data.decode(enc), enc)
    except (LookupError, UnicodeDecodeError):
        return None


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes: replace them, say so; a legacy file has far too many."""
    allowed = max(MIN_BAD_UTF8_ALLOWED, int(len(data) * MAX_BAD_UTF8_SHARE))
    if _count(_SURROGATE, data[:SAMPLE_BYTES].decode("utf-8", errors="surrogateescape")) > allowed:
        return None  # a legacy file fails here after one sample, not after decoding it all
    text = data.decode("utf-8", errors="surrogateescape")
    bad = _count(_SURROGATE, text)
    if bad > allowed or _count(_NON_ASCII, text) - bad < 2 * bad:
        return None
    return Decoded(_SURROGATE.sub("\ufffd", text), "utf-8", [f"utf-8: {bad} invalid bytes replaced"])


MIN_VALID_UTF8_CHARS = 3  # legacy single-byte text almost never forms valid multi-byte UTF-8 sequences


def _broken_utf8(data: bytes) -> Decoded | None:
    """Real UTF-8 (valid multi-byte characters) with more invalid bytes than _damaged_utf8 tolerates:
    mixed or corrupted encodings. Decoding it as a legacy code page would store mojibake, so refuse."""
    text = data.decode("utf-8", errors="surrogateescape")
    valid = _count(_NON_ASCII, text) - _count(_SURROGATE, text)
    if valid < MIN_VALID_UTF8_CHARS:
        return None
    first = next(i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff")
    offset = len(text[:first].encode("utf-8", errors="surrogateescape"))
    raise UndecodableInput(
        f"invalid UTF-8 at byte {offset} in text that is otherwise UTF-8 ({_count(_SURROGATE, text)} bad bytes)"
    )


def _from_script(data: bytes) -> Decoded | None:
    """Arabic or Vietnamese legacy encodings, recognised by the letters they decode to."""
    for enc, plausible in LEGACY_CHECKS:
        if plausible(data[:SAMPLE_BYTES].decode(enc, errors="replace")):
            text = data.decode(enc, errors="replace")
            return Decoded(text, enc, _replaced_note(text, enc))
    return None


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(text) - len(pattern.sub("", text))


def _mostly_arabic(text: str) -> bool:
    """windows-1256 text: most letters, ASCII ones included, are Arabic."""
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return arabic >= MIN_ARABIC_LETTERS and arabic >= MIN_SCRIPT_SHARE * len(letters)


def _vietnamese(text: str) -> bool:
    """cp1258 text: tone marks follow vowels, and the non-ASCII letters are Vietnamese ones."""
    toned = sum(1 for a, b in itertools.pairwise(text) if b in VIETNAMESE_TONES and a in VOWELS)
    others = [c for c in text if c > "\x7f" and (c.isalpha() or unicodedata.combining(c))]
    viet = sum(1 for c in others if c in VIETNAMESE_LETTERS or c in VIETNAMESE_TONES)
    return toned > 0 and viet >= MIN_SCRIPT_SHARE * len(others)


LEGACY_CHECKS = (("cp1256", _mostly_arabic), ("cp1258", _vietnamese))


def _western(data: bytes) -> Decoded | None:
    """cp1252 when its text looks like a Western European language: a few accented letters.

    Checked before the detector, which often calls short French or German text cp1250;
    Cyrillic or Greek in a windows code page decodes to nearly all-accented "letters" here.
    """
    try:
        sample = data[:SAMPLE_BYTES].decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for c in sample if c.isalpha())
    accented = _count(_NON_ASCII, sample)
    if _junk_share(sample) > MAX_JUNK_SHARE or accented > MAX_ACCENTED_SHARE * max(letters, 1):
        return None
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252")


def _from_detector(data: bytes) -> Decoded | None:
    """charset-normalizer's candidates, re-ranked: least junk, then windows code pages, then its order."""
    from charset_normalizer import from_bytes  # imported on first need: it is slow to import

    sample = data[:SAMPLE_BYTES]
    ranked = []
    for rank, guess in enumerate(from_bytes(sample)):
        try:
            junk = _junk_share(sample.decode(guess.encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        if junk <= MAX_JUNK_SHARE and guess.encoding not in ("utf_8", "ascii"):
            ranked.append((round(junk, 2), not guess.encoding.startswith("cp125"), rank, guess.encoding))
    for *_, enc in sorted(ranked):
        try:
            return Decoded(data.decode(enc), codecs.lookup(enc).name)
        except UnicodeDecodeError:
            continue  # the sample decoded, the rest does not: try the next guess
    return None


def _junk_share(text: str) -> float:
    """Share of non-ASCII characters that are neither letters, marks nor common punctuation."""
    high = [c for c in text if c > "\x7f"]
    junk = sum(1 for c in high if unicodedata.category(c)[0] not in "LM" and c not in COMMON_SYMBOLS)
    return junk / len(high) if high else 0.0


def _cp1252(data: bytes) -> Decoded:
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, "cp1252", _replaced_note(text, "cp1252"))


def _replaced_note(text: str, enc: str) -> list[str]:
    n = text.count("\ufffd")
    return [f"{enc}: {n} undefined bytes replaced"] if n else []
