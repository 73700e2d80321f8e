"""privatenote.graphql: notes about other people that only their author ever sees (REST
`privatenotes/`); the legacy GraphQL API had none."""

from __future__ import annotations

from ariadne import MutationType, QueryType

from gaggle import links
from gaggle.graph.mutations import reread, rest_body, run
from gaggle.graph.nodes import caller_of, filtered, node, ordered, related
from gaggle.graph.relay import connection
from gaggle.models import privatenote as rules
from gaggle.models.privatenote import PrivateNote

query = QueryType()
mutation = MutationType()

SORTS = {"pk": "id", "created": "created", "modified": "modified"}

# Only its author ever sees a note (rules.notes_of), and the author may change and delete it.
note_node = node(
    "PrivateNoteNode",
    lambda note: links.current().privatenote(note.id),
    can_change=lambda caller, note: True,
    can_delete=lambda caller, note: True,
)


note_node.set_field("about", related("profile", "about_id"))


@query.field("privateNote")
def resolve_private_note(_, info, pk: int):
    return reread(info, rules.get_note, pk)


@query.field("privateNotes")
def resolve_private_notes(_, info, **args):
    about = args.get("about")
    statement = filtered(rules.notes_of(caller_of(info)), (about, PrivateNote.about_id))
    statement = ordered(
        statement, args.get("orderBy"), SORTS, "listPrivateNotes", default="-modified"
    )

    def seen(rows) -> None:
        info.context.loader("profile").want(note.about_id for note in rows)

    return connection(info.context.session, statement, args, seen=seen)


FIELDS = {name: ["input", name] for name in ("about", "text", "pk")}


@mutation.field("createPrivateNote")
def resolve_create(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> int:
        body = rest_body("createPrivateNote", {"about": input["about"], "text": input["text"]})
        return rules.create_note(session, caller, body).id

    done, errors = run(info, write, FIELDS)
    return {"privateNote": reread(info, rules.get_note, done), "userErrors": errors}


@mutation.field("updatePrivateNote")
def resolve_update(_, info, input: dict):  # noqa: A002 - the schema's argument name
    changes = {name: input[name] for name in ("about", "text") if input.get(name) is not None}

    def write(session, caller) -> None:
        note = rules.get_note(session, caller, input["pk"])
        rules.update_note(session, caller, note, rest_body("updatePrivateNote", changes))

    _, errors = run(info, write, FIELDS)
    return {"privateNote": reread(info, rules.get_note, input["pk"]), "userErrors": errors}


@mutation.field("deletePrivateNote")
def resolve_delete(_, info, input: dict):  # noqa: A002 - the schema's argument name
    def write(session, caller) -> PrivateNote:
        note = rules.get_note(session, caller, input["pk"])
        rules.delete_note(session, caller, note)
        return note

    gone, errors = run(info, write, FIELDS)
    return {"privateNote": gone, "userErrors": errors}


BINDABLES = [query, mutation, note_node]
FETCHERS: dict = {}
