import pytest

from newsgraph.text.normalise import fold


@pytest.mark.parametrize(
    "a,b",
    [
        ("Lương Cường", "luong cuong"),
        ("LUONG CUONG", "luong cuong"),
        ("Điện Biên Phủ", "dien bien phu"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Hà Nội", "ha noi"),
        ("أحمد", "احمد"),  # hamza on alef
        ("إلى", "الي"),  # alef maksura → yeh
        ("مدرسة", "مدرسه"),  # teh marbuta → heh
        ("مُحَمَّد", "محمد"),  # harakat
        ("القاهـــرة", "القاهره"),  # tatweel
    ],
)
def test_fold_equates_variants(a, b):
    assert fold(a) == fold(b) == b


def test_fold_keeps_cyrillic_and_han_letters():
    assert fold("Йошкар-Ола 北京") == "йошкар-ола 北京"


def test_fold_decomposed_input_same_as_composed():
    import unicodedata

    s = "Phạm Văn Hào"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s) == "pham van hao"


def test_fold_tables_leave_ascii_alone():
    """fold() lowercases ASCII text and does nothing else (its shortcut relies on this)."""
    from newsgraph.text.normalise import _FOLD

    assert all(k > 127 for k in _FOLD)
    ascii_text = "".join(chr(i) for i in range(128)) * 2
    assert fold(ascii_text) == ascii_text.lower()
    assert fold("Hanoi, Ha NOI 2024 — Hà Nội") == "hanoi, ha noi 2024 — ha noi"
