"""text/russian.py: oblique case forms of one-word place names."""

import pytest

from newsgraph.text.russian import case_forms


@pytest.mark.parametrize(("name", "forms"), [
    ("Ханой", ["Ханоя", "Ханою", "Ханоем", "Ханое"]),
    ("Хайфон", ["Хайфона", "Хайфону", "Хайфоном", "Хайфоне"]),
    ("Прага", ["Праги", "Праге", "Прагу", "Прагой"]),   # -ы after г is written -и
    ("Москва", ["Москвы", "Москве", "Москву", "Москвой"]),
])
def test_declining_names(name, forms):
    assert case_forms(name) == forms


@pytest.mark.parametrize("name", ["Сочи", "Хюэ", "Тханьхоа", "Камрань", "провинция Кханьхоа", "Hanoi", "Ха"])
def test_names_left_as_written(name):
    assert case_forms(name) == []
