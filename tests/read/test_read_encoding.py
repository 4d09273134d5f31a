from __future__ import annotations

import codecs
import unicodedata

import pytest

from newsgraph.errors import BinaryInput, EmptyInput, UndecodableInput
from newsgraph.read.encoding import decode, decode_bytes
from tests.read.read_helpers import cp1258

VI = "Chủ tịch nước Lương Cường đã chủ trì cuộc họp tại Hà Nội về công tác quốc phòng."
AR = "قام المؤتمر بتقييم نتائج تنفيذ مهام الدفاع والأمن المحلية في عام 2023"
FR = "Le ministère de la Défense a organisé le 27 décembre une conférence hybride."
RU = "Президент выступил на совещании по вопросам обороны страны."


@pytest.mark.parametrize(
    "data,encoding,expected",
    [
        (FR.encode("utf-8"), "utf-8", FR),
        (codecs.BOM_UTF8 + VI.encode("utf-8"), "utf-8", VI),
        (VI.encode("utf-16"), "utf-16-le", VI),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + AR.encode("utf-16-be"), "utf-16-be", AR),
        (VI.encode("utf-16-le"), "utf-16-le", VI),  # no BOM: NUL pattern
        (AR.encode("utf-16-be"), "utf-16-be", AR),  # no BOM, Arabic: 06 high bytes
        (AR.encode("windows-1256"), "cp1256", AR),
        (cp1258(VI), "cp1258", VI),
        (cp1258("Lương Cường"), "cp1258", "Lương Cường"),
        (FR.encode("cp1252"), "cp1252", FR),
        (FR.encode("latin-1"), "cp1252", FR),
        (RU.encode("cp1251"), "cp1251", RU),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom-arabic", "cp1256",
         "cp1258", "cp1258-name", "cp1252", "latin1", "cp1251"],
)
def test_decode_detects_encoding(data: bytes, encoding: str, expected: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text == unicodedata.normalize("NFC", expected)


def test_decode_cp1258_combining_tones_become_nfc() -> None:
    data = cp1258("Lương Cường")
    assert "\u0300".encode("cp1258") in data  # the test really feeds a combining tone
    text, _ = decode(data)
    assert text == "Lương Cường" and unicodedata.is_normalized("NFC", text)


def test_decode_normalises_nfd_utf8_and_newlines() -> None:
    text, _ = decode(unicodedata.normalize("NFD", "Lương\r\nCường\rHà").encode("utf-8"))
    assert text == "Lương\nCường\nHà"


def test_decode_replaces_a_few_invalid_utf8_bytes_and_says_so() -> None:
    body = (VI + "\n") * 40
    data = body.encode("utf-8")
    data = data[:500] + b"\xff\xfe" + data[500:]
    d = decode_bytes(data)
    assert d.encoding == "utf-8"
    assert d.warnings == ["utf-8: 2 invalid bytes replaced"]
    assert d.text.count("\ufffd") == 2 and "Lương Cường" in d.text


@pytest.mark.parametrize("data", [(AR * 50).encode("windows-1256"), cp1258(VI * 50)])
def test_decode_legacy_file_is_not_damaged_utf8(data: bytes) -> None:
    d = decode_bytes(data)
    assert d.encoding in ("cp1256", "cp1258") and not d.warnings
    assert "\ufffd" not in d.text


@pytest.mark.parametrize("declared,data,expected", [
    ("windows-1256", AR.encode("windows-1256"), "cp1256"),
    ("iso-8859-1", FR.encode("utf-8"), "utf-8"),  # valid UTF-8 beats a wrong single-byte label
    ("no-such-charset", FR.encode("cp1252"), "cp1252"),
])
def test_decode_uses_declared_charset_when_it_fits(declared: str, data: bytes, expected: str) -> None:
    assert decode(data, declared)[1] == expected


def test_decode_forced_encoding_must_decode() -> None:
    assert decode_bytes(cp1258(VI), forced="cp1258").text == VI
    with pytest.raises(UndecodableInput):
        decode_bytes(b"\x81\x8d\x8f" * 10, forced="utf-8")


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04\x14\x00\x00\x00",
    b"some text\x00with\x00\x00NUL bytes \x00\x00\x00 in it",
    bytes(range(1, 9)) * 50 + b"abc",
])
def test_decode_rejects_binary(data: bytes) -> None:
    with pytest.raises(BinaryInput) as e:
        decode(data)
    assert e.value.code == "NG102"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8 + b"  \n"])
def test_decode_rejects_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput) as e:
        decode(data)
    assert e.value.code == "NG103"
