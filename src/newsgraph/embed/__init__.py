"""Multilingual text embeddings: encoders by registered name, and a content-hash cache so that
nothing is embedded twice.

    from newsgraph.embed import get_encoder, embed_texts
    enc = get_encoder("e5-small.v1")
    vectors = embed_texts(["Le président…", "The president…"], enc, kind="query")   # (2, 384), L2-normalised

`kind` is "query" (search queries; also symmetric tasks such as finding a sentence's translation)
or "passage" (documents to be found). Encoders add their own prefixes.
"""

from .cache import MemoryCache, VectorCache, WriteBackCache, vector_key
from .core import embed_texts
from .encoders import Encoder, get_encoder

__all__ = ["Encoder", "MemoryCache", "VectorCache", "WriteBackCache", "embed_texts", "get_encoder", "vector_key"]
