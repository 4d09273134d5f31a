"""Entity linking: stable ids for the entities mentioned across documents, languages and scripts.

    from newsgraph.linking import link_documents, relink_all, name_keys
    name_keys("Lương Cường", "PER")   # (("fold", "luong cuong"), ("translit", "luongcuong"), ("viru", "luoN kuoN"), ("phonetic", "lnk knk"))
    link_documents(con, doc_rowids)   # the store calls it inside each batch transaction
    relink_all(store)                 # reprocess: forget learned links, link everything again

How names meet: keys.py; how mentions become entities: linker.py.
"""

from .keys import fold_key, name_keys, phonetic_key, translit_key, vowels_agree
from .linker import link_documents, relink_all

__all__ = ["fold_key", "link_documents", "name_keys", "phonetic_key", "relink_all", "translit_key", "vowels_agree"]
