"""The Sino-Vietnamese reading table (data/translit/han_viet.tsv): format and known readings."""

import unicodedata
from importlib import resources

import pytest

TABLE = resources.files("newsgraph") / "data" / "translit" / "han_viet.tsv"


def _rows() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        char, reading = line.split("\t")
        rows.append((char, reading))
    return rows


def _table() -> dict[str, str]:
    return dict(_rows())


def test_header_says_source_licence_and_use():
    head = TABLE.read_text(encoding="utf-8").split("\n", 30)
    comments = "\n".join(line for line in head if line.startswith("#"))
    assert "Apache-2.0" in comments and "newsgraph team" in comments
    assert "Hán-Việt" in comments and "linker" in comments


def test_format_one_han_character_per_line_nfc_lowercase():
    rows = _rows()
    assert len(rows) >= 600
    chars = [c for c, _ in rows]
    assert len(chars) == len(set(chars)), "a character is listed twice"
    for char, reading in rows:
        assert len(char) == 1 and "\u3400" <= char <= "\u9fff", char
        assert reading == unicodedata.normalize("NFC", reading) == reading.lower(), char
        assert reading.isalpha() and " " not in reading, (char, reading)


@pytest.mark.parametrize(
    "char,reading",
    [
        ("阮", "nguyễn"),
        ("陈", "trần"),
        ("陳", "trần"),
        ("黎", "lê"),
        ("范", "phạm"),
        ("武", "vũ"),
        ("潘", "phan"),
        ("梁", "lương"),
        ("强", "cường"),
        ("強", "cường"),
        ("富", "phú"),
        ("仲", "trọng"),
        ("邓", "đặng"),
        ("鄧", "đặng"),
        ("黄", "hoàng"),
        ("黃", "hoàng"),
        ("苏", "tô"),
        ("蘇", "tô"),
        ("林", "lâm"),
        ("明", "minh"),
        ("政", "chính"),
        ("文", "văn"),
        ("江", "giang"),
        ("习", "tập"),
        ("習", "tập"),
        ("近", "cận"),
        ("平", "bình"),
        ("河", "hà"),
        ("内", "nội"),
        ("国", "quốc"),
        ("國", "quốc"),
    ],
)
def test_known_readings(char, reading):
    assert _table()[char] == reading


@pytest.mark.parametrize(
    "han,name",
    [
        ("梁强", "lương cường"),
        ("阮富仲", "nguyễn phú trọng"),
        ("潘文江", "phan văn giang"),
        ("范明政", "phạm minh chính"),
        ("苏林", "tô lâm"),
        ("奠边府", "điện biên phủ"),
        ("習近平", "tập cận bình"),
    ],
)
def test_names_read_syllable_by_syllable(han, name):
    table = _table()
    assert " ".join(table[c] for c in han) == name
