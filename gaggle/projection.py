"""What an object is read as, by the REST renderers (gaggle.render) and the GraphQL resolvers
(gaggle.graph) alike: the labelled row of its shape's statement (gaggle.rows.Shape), read by
name into plain objects whose attributes are named as the ORM's.

A recognition comes with its badge and both people, each person with their account; its
counts, whether the caller likes it, whether a person manages anyone and every timestamp's
text are worked out by the statement (models/), once for both APIs. The projection of a page
is read once per request, by `RECOGNITIONS.read`. Each reader finds the places of the names it
reads in the statement's columns once, by name, and reads every row by those places.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.engine import Row

from gaggle import render
from gaggle.models import feedback, objectives, oneonone, people
from gaggle.models import recognition as recognitions
from gaggle.models.people import PROFILE_COLUMNS, USER_COLUMNS
from gaggle.rows import Shape

# A profile's other end, as an account knows it (`user.profile.id`).
Ref = namedtuple("Ref", ["id"])


class Account(namedtuple("Account", [*USER_COLUMNS, "profile_id"])):
    """A person's account (models.people.User's names, and `profile`)."""

    __slots__ = ()

    @property
    def profile(self) -> Ref:
        return Ref(self.profile_id)


# A person (models.people.UserProfile's names): the profile, whether anyone reports to it,
# and its account.
Person = namedtuple("Person", [*PROFILE_COLUMNS, "is_manager", "user"])

Reader = Callable[[Row], Any]
# A named tuple made from the tuple of its values, in the order of its names: what its class
# does, without a call in Python per object.
_new = tuple.__new__


@functools.cache
def _positions(keys: tuple[str, ...]) -> dict[str, int]:
    return {key: index for index, key in enumerate(keys)}


def _columns(keys: tuple[str, ...], names: Sequence[str]) -> Callable[[Row], tuple]:
    """What reads the columns `names` (two or more) of a row whose columns are `keys`: their
    places, looked up once per statement, not per row."""
    position = _positions(keys)
    return itemgetter(*(position[name] for name in names))


@functools.cache
def person(keys: tuple[str, ...], prefix: str = "") -> Reader:
    """How the person whose columns a row of `keys` labels after `prefix` is read
    (models.people.profile_columns)."""
    own = _columns(keys, [f"{prefix}{name}" for name in (*PROFILE_COLUMNS, "is_manager")])
    account = _columns(keys, [*(f"{prefix}user__{name}" for name in USER_COLUMNS), f"{prefix}id"])

    def read(row: Row) -> Person:
        return _new(Person, (*own(row), _new(Account, account(row))))

    return read


def profile(keys: tuple[str, ...]) -> Reader:
    """How a row of models.people.profile_rows is read: as a person."""
    return person(keys, "")


def with_people(name: str, own: Sequence[str], roles: Sequence[str]) -> Callable[..., Reader]:
    """How a row of an object's `own` columns and the people of its `roles` (each labelled
    after `<role>__`) is read: as an object `name` with those attributes."""
    kind = namedtuple(name, [*own, *roles])

    @functools.cache
    def reader(keys: tuple[str, ...]) -> Reader:
        columns = _columns(keys, own)
        people = [person(keys, f"{role}__") for role in roles]

        def read(row: Row) -> Any:
            return _new(kind, (*columns(row), *[read_person(row) for read_person in people]))

        return read

    return reader


# A badge (models.recognition.Badge's names).
Badge = namedtuple("Badge", recognitions.BADGE_COLUMNS)

# A recognition (models.recognition.Recognition's names) with its badge and both people.
_RECOGNITION_OWN = (
    "id",
    "message",
    "created",
    "modified",
    "creator_id",
    "recipient_id",
    "likes_count",
    "comments_count",
    "liked",
)
Recognition = namedtuple("Recognition", [*_RECOGNITION_OWN, "badge", "creator", "recipient"])


@functools.cache
def recognition(keys: tuple[str, ...]) -> Reader:
    """How a row of models.recognition.recognition_rows is read: as a recognition."""
    own = _columns(keys, _RECOGNITION_OWN)
    badge = _columns(keys, [f"badge__{name}" for name in recognitions.BADGE_COLUMNS])
    creator, recipient = person(keys, "creator__"), person(keys, "recipient__")

    def read(row: Row) -> Recognition:
        return _new(Recognition, (*own(row), _new(Badge, badge(row)), creator(row), recipient(row)))

    return read


comment = with_people("Comment", ("id", "recognition_id", "text", "created"), ("author",))
oneonone_view = with_people("OneOnOne", oneonone.ONEONONE_COLUMNS, ("facilitator", "participant"))
feedback_request = with_people("FeedbackRequest", feedback.REQUEST_COLUMNS, ("creator", "subject"))
feedback_view = with_people("Feedback", feedback.FEEDBACK_COLUMNS, ("author", "recipient"))

PROFILES = Shape(people.profile_rows, render.profile, view=profile)
RECOGNITIONS = Shape(recognitions.recognition_rows, render.recognition, view=recognition)
COMMENTS = Shape(recognitions.comment_rows, render.recognition_comment, view=comment)


def _own_columns(model) -> tuple[str, ...]:
    return tuple(attribute.key for attribute in model.__mapper__.column_attrs)


def own_columns(model) -> list:
    """The ORM attributes of `model`'s own columns, to select as labelled columns (the id
    first), which `own_view(model)` reads."""
    keys = sorted(_own_columns(model), key=lambda key: key != "id")
    return [getattr(model, key) for key in keys]


def own_view(model) -> Callable[[tuple[str, ...]], Reader]:
    """How a row of `model`'s own columns (`own_columns`) is read: as a plain object with the
    ORM's names for them, and none of its relations."""
    kind = namedtuple(model.__name__, _own_columns(model))

    @functools.cache
    def reader(keys: tuple[str, ...]) -> Reader:
        columns = _columns(keys, kind._fields)

        def read(row: Row) -> Any:
            return _new(kind, columns(row))

        return read

    return reader


# An objective and a key result as their own columns give them (models.objectives).
objective = own_view(objectives.Objective)
key_result = own_view(objectives.KeyResult)
