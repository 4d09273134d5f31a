"""Mention finders: each module is one stage that adds spans of one kind to `Document.mentions`.

`docrefs` finds references to official documents (DOCREF) with grammars read from the packs.
"""
