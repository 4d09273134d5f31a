"""Analysts' corrections over HTTP: entity merge/split/rename/alias/reassign, story merge/split/move,
the log, and undo. Every write needs the server's token (security.py); each is appended to the
corrections log with its author and time and re-applied after every re-ingest and re-run.

The author is the body's `author`, else the `X-Newsgraph-Author` header, else "web".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from pydantic import BaseModel, Field

from ... import corrections as entity_corrections
from ...corrections.log import ENTITY_OPS, STORY_OPS, Correction, entries, in_force
from ...errors import NotFound
from ...stories import corrections as story_corrections
from ..deps import Ng
from ..paging import PageParams

router = APIRouter(tags=["corrections"])
MAX_LISTED = 50  # ids listed per argument of a log entry (a story merge records every member)

Author = Annotated[str | None, Header(alias="X-Newsgraph-Author", description="who makes the correction (else the body's author)")]

APPLIED = {"correction": {"id": 12, "op": "merge", "args": {"into": "per:tran-van-minh", "other": "per:tran-van-minh-2"},
                          "author": "ana", "at": "2026-11-24T02:10:00+00:00", "note": "same person"},
           "replay": {"applied": 3, "mentions_changed": 4, "skipped": []}}
CREATED: dict[int | str, dict[str, Any]] = {201: {"content": {"application/json": {"example": APPLIED}}},
                                             403: {"description": "no write token"}}


class Edit(BaseModel):
    author: str | None = Field(None, max_length=200, description="who makes it (else X-Newsgraph-Author, else 'web')")
    note: str | None = Field(None, max_length=2000, description="why")


class MergeBody(Edit):
    other: str = Field(description="the id merged away (it redirects to this one)")


class SplitBody(Edit):
    names: list[str] = Field([], description="mentions written with these names move")
    documents: list[str] = Field([], description="mentions in these documents move (with names: both must match)")
    new_id: str | None = Field(None, description="id of the new entity (default type:slug-of-name)")


class RenameBody(Edit):
    name: str = Field(min_length=1, description="the new canonical name")


class AliasBody(Edit):
    name: str = Field(min_length=1, description="a name of this entity")
    lang: str | None = Field(None, description="its language (ISO 639-1)")


class ReassignBody(Edit):
    document: str = Field(description="document id (or a unique prefix)")
    start: int = Field(ge=0, description="the mention's start offset")
    end: int = Field(ge=0, description="the mention's end offset")
    entity: str | None = Field(description="the entity it refers to (null: none)")


class StorySplitBody(Edit):
    documents: list[str] = Field(min_length=1, description="documents that leave for a new story")


class MoveBody(Edit):
    story: str = Field(description="the story the document belongs to")


def _who(body: Edit, header: str | None) -> str:
    return body.author or header or "web"


# -- entities ---------------------------------------------------------------------------------------
@router.post("/entities/{entity_id}/merge", status_code=201, summary="Merge an entity into this one", responses=CREATED)
def merge(ng: Ng, entity_id: str, body: MergeBody, author: Author = None) -> dict[str, Any]:
    """`other`'s mentions and names go to this entity; `other` redirects here from now on."""
    return entity_corrections.merge(ng.store.con, entity_id, body.other, _who(body, author), body.note).to_dict()


@router.post("/entities/{entity_id}/split", status_code=201, summary="Split mentions off an entity", responses=CREATED)
def split(ng: Ng, entity_id: str, body: SplitBody, author: Author = None) -> dict[str, Any]:
    """Its mentions with these names and/or in these documents go to a new entity."""
    return entity_corrections.split(ng.store.con, entity_id, body.names, body.documents, body.new_id,
                                    _who(body, author), body.note).to_dict()


@router.post("/entities/{entity_id}/rename", status_code=201, summary="Rename an entity", responses=CREATED)
def rename(ng: Ng, entity_id: str, body: RenameBody, author: Author = None) -> dict[str, Any]:
    """A new canonical name (kept as one of its names)."""
    return entity_corrections.rename(ng.store.con, entity_id, body.name, _who(body, author), body.note).to_dict()


@router.post("/entities/{entity_id}/aliases", status_code=201, summary="Add a name to an entity", responses=CREATED)
def alias_add(ng: Ng, entity_id: str, body: AliasBody, author: Author = None) -> dict[str, Any]:
    """Future mentions with this name link here; unlinked ones and those on learned entities move here."""
    return entity_corrections.alias_add(ng.store.con, entity_id, body.name, body.lang, _who(body, author), body.note).to_dict()


@router.delete("/entities/{entity_id}/aliases/{name:path}", status_code=201, summary="Remove a name from an entity",
               responses=CREATED)
def alias_remove(ng: Ng, entity_id: str, name: Annotated[str, Path(description="the name (URL-encoded; it may hold a slash)")],
                 author: Author = None, note: Annotated[str | None, Query(max_length=2000)] = None) -> dict[str, Any]:
    """Its mentions leave the entity and the linker never puts the name back."""
    return entity_corrections.alias_remove(ng.store.con, entity_id, name, author or "web", note).to_dict()


@router.post("/mentions/reassign", status_code=201, summary="Link one mention to another entity", responses=CREATED)
def reassign(ng: Ng, body: ReassignBody, author: Author = None) -> dict[str, Any]:
    """The mention at `start`–`end` of `document` (offsets as in /api/documents/{id}) to `entity`, or to none."""
    return entity_corrections.reassign(ng.store.con, body.document, body.start, body.end, body.entity,
                                       _who(body, author), body.note).to_dict()


# -- stories ----------------------------------------------------------------------------------------
@router.post("/stories/{story_id}/merge", status_code=201, summary="Merge a story into this one", responses=CREATED)
def story_merge(ng: Ng, story_id: str, body: MergeBody, author: Author = None) -> dict[str, Any]:
    """`other`'s documents join this story; `other` redirects here from now on."""
    return story_corrections.merge(ng.store.con, story_id, body.other, _who(body, author), body.note).to_dict()


@router.post("/stories/{story_id}/split", status_code=201, summary="Split documents off a story", responses=CREATED)
def story_split(ng: Ng, story_id: str, body: StorySplitBody, author: Author = None) -> dict[str, Any]:
    """These documents leave for a new story of their own (at least one must stay)."""
    return story_corrections.split(ng.store.con, story_id, body.documents, _who(body, author), body.note).to_dict()


@router.post("/documents/{doc_id}/story", status_code=201, summary="Move a document to another story", responses=CREATED)
def story_move(ng: Ng, doc_id: str, body: MoveBody, author: Author = None) -> dict[str, Any]:
    """The document joins `story`."""
    return story_corrections.move(ng.store.con, doc_id, body.story, _who(body, author), body.note).to_dict()


# -- the log ----------------------------------------------------------------------------------------
class Kind(StrEnum):
    entity = "entity"
    story = "story"


def _root(c: Correction, by_id: dict[int, Correction]) -> Correction:
    """The correction an undo (of an undo …) finally targets."""
    seen: set[int] = set()
    while c.op == "undo" and int(c.args["target"]) in by_id and c.id not in seen:
        seen.add(c.id)
        c = by_id[int(c.args["target"])]
    return c


def _ids_in(args: dict[str, Any]) -> set[str]:
    """Every string among a correction's argument values (ids, names), lists and objects included."""
    out: set[str] = set()
    stack: list[Any] = list(args.values())
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, list | tuple):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return out


def _bounded(c: Correction, active: bool) -> dict[str, Any]:
    row = {**c.to_dict(), "in_force": active}
    long = {k for k, v in c.args.items() if isinstance(v, list) and len(v) > MAX_LISTED}
    if long:
        row["args"] = {k: v[:MAX_LISTED] if k in long else v for k, v in c.args.items()}
        row["args_cut"] = {k: len(c.args[k]) for k in sorted(long)}
    return row


@router.get("/corrections", summary="The corrections log", responses={200: {"content": {"application/json": {"example": {
    "items": [{**APPLIED["correction"], "in_force": True}], "next_cursor": None, "total": 1}}}}})
def log(ng: Ng, paging: PageParams,
        kind: Annotated[Kind | None, Query(description="entity or story corrections (and the undos of them); default all")] = None,
        about: Annotated[list[str] | None, Query(description="only corrections naming one of these entity or story "
                                                 "ids in their arguments (and the undos of them)")] = None,
        ) -> dict[str, Any]:
    """Every correction, newest first, with `in_force` (false once undone). Nothing is ever deleted.
    Lists in `args` longer than 50 are cut (`args_cut` gives their full length)."""
    found = entries(ng.store.con)
    active, by_id = in_force(found), {c.id: c for c in found}
    ops = {None: (*ENTITY_OPS, *STORY_OPS), Kind.entity: ENTITY_OPS, Kind.story: STORY_OPS}[kind]
    ids = set(about or ())
    rows = [c for c in reversed(found) if _root(c, by_id).op in ops and (not ids or ids & _ids_in(_root(c, by_id).args))]
    return paging.page(lambda limit, offset: [_bounded(c, active[c.id]) for c in rows[offset:offset + limit]], len(rows))


@router.delete("/corrections/{correction_id}", status_code=201, summary="Undo a correction", responses=CREATED)
def undo(ng: Ng, correction_id: int, author: Author = None,
         note: Annotated[str | None, Query(max_length=2000)] = None) -> dict[str, Any]:
    """Appends an undo entry that takes the correction out of force (nothing is deleted); undoing an
    undo entry puts its target back. Replies with the undo entry."""
    con = ng.store.con
    found = entries(con)
    by_id = {c.id: c for c in found}
    if correction_id not in by_id:
        raise NotFound(f"no correction #{correction_id}", hint="see /api/corrections")
    module = story_corrections if _root(by_id[correction_id], by_id).op in STORY_OPS else entity_corrections
    return module.undo(con, correction_id, author or "web", note).to_dict()
