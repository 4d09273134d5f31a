"""Pydantic models for the files of a domain pack, and the error a bad pack raises.

One model per file entry; `extra="forbid"` so a misspelt key is an error, not a silent
default. Cross-references (a post's org, an acronym's institution, a source id) are
checked by the loader, which knows the whole pack; the models check shape and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..errors import ConfigError


class PackError(ConfigError):
    """A pack file that cannot be read, or an entry that is invalid; the message names both."""

    hint = "fix the pack file named in the message (format: packs/data/README.md)"


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_date(value: str) -> str:
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError as e:
        raise ValueError(f"{value!r}: {e}") from None
    return value


IsoDate = Annotated[str, AfterValidator(_check_date)]
Names = dict[str, list[str]]  # language code → names, the first one canonical in that language
Confidence = Literal["high", "medium"]


def _nonempty_names(names: Names) -> Names:
    if not names or not any(names.values()):
        raise ValueError("at least one name is needed")
    for lang, values in names.items():
        if any(not v.strip() for v in values):
            raise ValueError(f"empty name in {lang!r}")
    return names


NonEmptyNames = Annotated[Names, AfterValidator(_nonempty_names)]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Entry):
    id: str
    title: str
    publisher: str = ""
    url: str = ""
    accessed: IsoDate | None = None
    as_of: IsoDate | None = None
    notes: str = ""


class PackMeta(_Entry):
    name: str
    description: str
    languages: list[str]
    licence: str
    as_of: IsoDate | None = Field(None, description="open-ended posts are known to be held on this date")
    requires: list[str] = Field([], description="packs whose institutions this pack's references may name")
    country: str | None = Field(
        None,
        pattern=r"^[a-z]{2}$",
        description="the country whose institutions these are: an id of data/geo/countries.toml (ISO alpha-2)",
    )
    home_languages: list[str] = Field(
        [],
        description="languages in which this country's press names its own institutions unqualified and "
        "qualifies other countries' ('Bộ Quốc phòng Campuchia'): there a bare name is always this country's",
    )
    state: str | None = Field(
        None,
        description="the institution (GPE/LOC) that is the country itself; the world pack adds the country's "
        "names to it instead of a rival `geo:` entity (found by name when not given)",
    )
    sources: list[Source]


class Institution(_Entry):
    id: str
    type: Literal["ORG", "LOC", "GPE", "FAC", "MISC"]
    names: NonEmptyNames
    acronyms: Names = {}
    parent: str | None = None
    category: str = ""
    pattern: bool = Field(False, description="names hold a {place} slot, filled from a LOC institution")
    places: list[str] = Field(
        [], description="a pattern's place categories: it is expanded for every LOC institution of these"
    )
    common_names: list[str] = Field(
        [], description="names that are also common words ('Government', '政府'): matched only with care"
    )
    source: str
    confidence: Confidence = "high"
    notes: str = ""

    @model_validator(mode="after")
    def _check_pattern_and_common(self) -> Institution:
        if self.places and not self.pattern:
            raise ValueError("`places` is for pattern institutions (pattern = true)")
        every = {n for names in (self.names, self.acronyms) for ns in names.values() for n in ns}
        unknown = [n for n in self.common_names if n not in every]
        if unknown:
            raise ValueError(f"common_names {unknown} are not among the names")
        return self


class Post(_Entry):
    id: str
    kind: Literal["office", "party", "rank", "membership"] = "office"
    names: NonEmptyNames
    org: str | None = Field(None, description="the institution, when the post belongs to one")
    generic: str | None = Field(None, description="a wider post this one specialises (minister-of-x → minister)")
    source: str
    notes: str = ""


class PostHeld(_Entry):
    title: str = Field(description="a post id from posts.toml, or free text")
    org: str | None = None
    place: str | None = Field(None, description="a LOC institution, for pattern institutions")
    start: IsoDate
    end: IsoDate | Literal["unknown"] | None = None
    source: str
    confidence: Confidence = "high"
    notes: str = ""


class Person(_Entry):
    id: str
    names: NonEmptyNames
    gender: Literal["f", "m"] | None = None
    born: IsoDate | None = None
    died: IsoDate | None = None
    posts: list[PostHeld] = Field(min_length=1)
    notes: str = ""


class Acronym(_Entry):
    institution: str
    forms: NonEmptyNames
    source: str
    notes: str = ""


# file name → (top-level key, entry model)
ENTRY_FILES: dict[str, tuple[str, type[_Entry]]] = {
    "institutions.toml": ("institution", Institution),
    "people.toml": ("person", Person),
    "posts.toml": ("post", Post),
    "acronyms.toml": ("acronym", Acronym),
}
