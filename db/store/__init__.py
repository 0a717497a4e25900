"""plans.sqlite and user.sqlite: the only code that runs SQL or decodes JSON columns.

`schema` (tables), `rows` (ParsedDoc -> rows), `builder` (parse a corpus, write
a new store, put it in place atomically), `reader` (the `Store` read facade),
`userdata` (bookmarks, notes, recent searches).
"""
from sqlite3 import Error as StoreError   # what a damaged plans.sqlite raises

from .builder import build, corpus_of, parse_corpus, stage_store
from .reader import Store
from .rows import doc_rows
from .schema import SCHEMA_VERSION, TABLES
from .userdata import UserData, open_userdata

__all__ = ["StoreError", "build", "corpus_of", "parse_corpus", "stage_store", "Store", "doc_rows", "SCHEMA_VERSION", "TABLES",
           "UserData", "open_userdata"]
