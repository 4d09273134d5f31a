"""Every error a user can see: a code, a message, and how to fix it.

NG1xx: input (one item is rejected, the batch goes on); NG2xx: store; NG3xx: usage/config.
The CLI turns a NewsgraphError into `Error: [code] message (hint)` and exit status 1 or 2;
the HTTP layer into `{"error": message}`. No traceback reaches a user.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    code = "NG000"
    hint = ""
    exit_status = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" ({self.hint})" if self.hint else "")


# -- input: rejected per item -------------------------------------------------------------
class InputError(NewsgraphError):
    code = "NG100"


class UndecodableInput(InputError):
    code = "NG101"
    hint = "pass --encoding (e.g. windows-1256, cp1258) if you know the file's encoding"


class BinaryInput(InputError):
    code = "NG102"
    hint = "only text, HTML, feeds, JSONL/CSV and .gz/.zip archives of them are read"


class EmptyInput(InputError):
    code = "NG103"
    hint = "the item has no text once decoded and cleaned"


class TooLarge(InputError):
    code = "NG104"
    hint = "raise ingest.max_item_bytes in newsgraph.toml if this is really one article"


class UnsafeArchiveMember(InputError):
    code = "NG105"
    hint = "archive member names must stay inside the archive (no absolute paths or '..')"


class MalformedRecord(InputError):
    code = "NG106"
    hint = "check the record's syntax and the --field mapping"


class UnreadableSource(InputError):
    code = "NG107"
    hint = "check the path exists and is readable"


class StageFailed(InputError):
    code = "NG110"
    hint = "this is a bug in newsgraph: please report it with the input"


# -- store --------------------------------------------------------------------------------
class StoreError(NewsgraphError):
    code = "NG200"


class SchemaTooNew(StoreError):
    code = "NG201"
    hint = "this database was written by a newer newsgraph: upgrade newsgraph"


class NotADatabase(StoreError):
    code = "NG202"
    hint = "point --db (or NEWSGRAPH_DB) at a newsgraph SQLite file, or a new path"


class NotFound(StoreError):
    code = "NG204"
    exit_status = 1


# -- usage --------------------------------------------------------------------------------
class UsageError(NewsgraphError):
    code = "NG300"
    exit_status = 2


class BadQuery(UsageError):
    code = "NG301"
    hint = 'use plain words, "a phrase", prefix*, -excluded, OR'


class ConfigError(UsageError):
    code = "NG302"
