"""The query parser and compiler: any string gives a safe FTS5 expression or a clear BadQuery."""

import pytest

from newsgraph.errors import BadQuery
from newsgraph.search import compile_fts, decode_cursor, encode_cursor, parse_query, snippet


@pytest.mark.parametrize(
    "query,expected",
    [
        ("luong cuong", '("luong" AND "cuong")'),
        ("Lương Cường", '("luong" AND "cuong")'),
        ('"Dien Bien Phu"', '"dien bien phu"'),
        ("defen*", '"defen"*'),
        ("army -typhoon", '"army" NOT "typhoon"'),
        ("army NOT typhoon", '"army" NOT "typhoon"'),
        ("hanoi OR saigon", '("hanoi" OR "saigon")'),
        ("国家主席", '"国 家 主 席"'),
        ("القاهرة", '"القاهره"'),
    ],
)
def test_compile(query, expected):
    assert compile_fts(parse_query(query)) == expected


@pytest.mark.parametrize(
    "query",
    ['"unterminated', "NEAR(a b)", "a AND (b OR c", "'; DROP TABLE documents; --", "x* * **", 'a"b"c', "col:val", "^x"],
)
def test_hostile_queries_compile_to_quoted_terms(query):
    expr = compile_fts(parse_query(query))
    # every token is quoted: nothing of the user's syntax reaches FTS5 unquoted
    stripped = expr.replace(" AND ", " ").replace(" OR ", " ").replace(" NOT ", " ").replace("(", "").replace(")", "")
    for tok in stripped.split('" "'):
        assert tok.strip().startswith('"') or tok.strip().endswith('"') or tok.strip().endswith("*") or '"' not in tok


@pytest.mark.parametrize("query", ["", "   ", "-army", "NOT x", "***", "()", '""'])
def test_queries_without_words_are_a_clear_error(query):
    with pytest.raises(BadQuery):
        compile_fts(parse_query(query))


def test_cursor_round_trip_and_rejects_garbage():
    assert decode_cursor(encode_cursor(40)) == 40
    from newsgraph.errors import UsageError

    with pytest.raises(UsageError):
        decode_cursor("not-a-cursor")


def test_snippet_highlights_original_spelling():
    text = "Intro words here. " * 10 + "State President Lương Cường received the ambassador in Hà Nội."
    sn = snippet(text, [("luong", False), ("cuong", False)], size=12)
    marked = [sn["text"][s:e] for s, e in sn["highlights"]]
    assert marked == ["Lương", "Cường"]
    assert text[sn["start"] : sn["start"] + len(sn["text"])] == sn["text"]
