"""plans.sqlite and user.sqlite: the only code that runs SQL or decodes JSON columns.

`schema` (tables), `rows` (ParsedDoc -> rows), `builder` (parse a corpus, write
a new store, put it in place atomically), `reader` (the `Store` read facade),
`userdata` (bookmarks, notes, recent searches).
"""
from .builder import build, corpus_of, parse_corpus, stage
from .reader import Store
from .rows import doc_rows
from .schema import SCHEMA_VERSION, TABLES
from .userdata import UserData

__all__ = ["build", "corpus_of", "parse_corpus", "stage", "Store", "doc_rows", "SCHEMA_VERSION", "TABLES",
           "UserData"]
