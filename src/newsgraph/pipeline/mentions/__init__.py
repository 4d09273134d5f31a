"""Mention finders: each module is one stage that adds spans of one kind to `Document.mentions`.

`docrefs` finds references to official documents (DOCREF) with grammars read from the packs.
"""

from .coref import find_short_forms
from .gazetteer import find_gazetteer
from .titles import find_titles

__all__ = ["find_gazetteer", "find_short_forms", "find_titles"]
