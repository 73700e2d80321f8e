"""The GraphQL contract (`graphql/*.graphql`): it builds, it declares the scope of every root
field and of every field that crosses into another area (or that a mutation's payload reaches
beyond the REST answer: tests/graphql/test_payloads.py), it is described throughout, and it
keeps the legacy API's names and types where Gaggle serves them."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("graphql.language", reason="graphql-core is not installed")

from graphql import (  # noqa: E402
    DocumentNode,
    FieldDefinitionNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    build_ast_schema,
    get_named_type,
    parse,
    validate,
    validate_schema,
    value_from_ast_untyped,
)

SDL_DIR = Path(__file__).resolve().parent.parent / "graphql"
AREAS = (
    "userprofile",
    "network",
    "department",
    "recognition",
    "oneonone",
    "feedback",
    "privatenote",
    "objective",
    "review",
)
SCOPES = {f"{area}:{access}" for area in AREAS for access in ("read", "write")}
PAGINATION = {"offset": "Int", "before": "String", "after": "String", "first": "Int", "last": "Int"}
# Object types that are values inside a response rather than objects with an id of their own.
VALUE_TYPES = {
    "Query",
    "Mutation",
    "PageInfo",
    "UserError",
    "UserProfileFieldValidationErrorNode",
    "CheckinKeyResultValue",
    "FeedbackResponderNode",
    "PerformanceCycleNode",
    "ObjectiveCountForCyclePaginationNode",
    "ObjectiveSummaryNode",
}


def sdl_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SDL_DIR.glob("*.graphql"))}


def documents() -> dict[str, DocumentNode]:
    return {stem: parse(path.read_text(encoding="utf-8")) for stem, path in sdl_files().items()}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    whole = "\n".join(path.read_text(encoding="utf-8") for path in sdl_files().values())
    return build_ast_schema(parse(whole))


def directive_args(node: FieldDefinitionNode | None, name: str) -> list[dict[str, object]]:
    """The literal arguments of each use of directive `name` on a field definition."""
    if node is None:
        return []
    return [
        {arg.name.value: value_from_ast_untyped(arg.value) for arg in directive.arguments or ()}
        for directive in node.directives or ()
        if directive.name.value == name
    ]


def scope_of(field: GraphQLField) -> str | None:
    uses = directive_args(field.ast_node, "requiresScope")
    assert len(uses) <= 1
    return str(uses[0]["scope"]) if uses else None


def type_areas() -> dict[str, str]:
    """Each type belongs to the area of the file that defines it (common types to none)."""
    areas = {}
    for stem, document in documents().items():
        for definition in document.definitions:
            name = getattr(definition, "name", None)
            if stem in AREAS and name is not None and not definition.kind.endswith("_extension"):
                areas[name.value] = stem
    return areas


def declared_fields() -> list[tuple[str, str, str]]:
    """(file stem, type name, field name) for every object field definition, extensions too."""
    found = []
    for stem, document in documents().items():
        for definition in document.definitions:
            if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
                for field in definition.fields:
                    found.append((stem, definition.name.value, field.name.value))
    return found


def signature(field: GraphQLField) -> str:
    args = ", ".join(f"{name}: {arg.type}" for name, arg in field.args.items())
    return f"({args}): {field.type}" if args else f": {field.type}"


def test_the_folder_holds_one_commented_sdl_file_per_area_and_nothing_else():
    assert sorted(path.name for path in SDL_DIR.iterdir()) == sorted(
        f"{stem}.graphql" for stem in ("common", *AREAS)
    )
    for path in sdl_files().values():
        assert path.read_text(encoding="utf-8").startswith(f"# {path.name}: "), path.name


def test_the_schema_builds_and_is_valid(schema: GraphQLSchema):
    assert validate_schema(schema) == []


def test_every_root_field_declares_the_scope_of_its_area():
    for stem, document in documents().items():
        for definition in document.definitions:
            root = getattr(definition, "name", None)
            if root is None or root.value not in ("Query", "Mutation"):
                continue
            access = "read" if root.value == "Query" else "write"
            for field in definition.fields:
                where = f"{stem}: {root.value}.{field.name.value}"
                scopes = directive_args(field, "requiresScope")
                authenticated = directive_args(field, "authenticated")
                if stem == "common":
                    assert authenticated and not scopes, where
                else:
                    assert scopes == [{"scope": f"{stem}:{access}"}], where
                    assert not authenticated, where


def test_a_field_that_crosses_into_another_area_declares_that_areas_read_scope(
    schema: GraphQLSchema,
):
    areas = type_areas()
    for stem, type_name, field_name in declared_fields():
        if type_name in ("Query", "Mutation"):
            continue
        field = schema.get_type(type_name).fields[field_name]
        home = areas.get(type_name)
        target = areas.get(get_named_type(field.type).name)
        crossing = target if target not in (None, home) else stem if stem != home else None
        where = f"{type_name}.{field_name} in {stem}.graphql"
        if crossing and home:
            assert scope_of(field) == f"{crossing}:read", where
        else:
            # Within its area a field needs no scope more, or, where a mutation's payload
            # reaches it beyond what the REST API answers the write with, the area's `:read`
            # (which every query reaching it needed already).
            assert scope_of(field) in ({None, f"{home}:read"} if home else {None}), where


def test_fields_with_a_scope_of_their_own_are_nullable_so_a_refusal_keeps_the_rest(
    schema: GraphQLSchema,
):
    for type_name, graphql_type in schema.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and type_name not in ("Query", "Mutation"):
            for field_name, field in graphql_type.fields.items():
                if scope_of(field):
                    assert not isinstance(field.type, GraphQLNonNull), f"{type_name}.{field_name}"


def test_every_declared_scope_is_one_of_the_rest_apis(schema: GraphQLSchema):
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for field in graphql_type.fields.values():
                assert scope_of(field) in SCOPES | {None}


def test_every_type_field_argument_and_value_is_described(schema: GraphQLSchema):
    missing = []
    for directive in schema.directives:
        if not directive.description:
            missing.append(f"@{directive.name}")
        missing += [
            f"@{directive.name}({a})" for a, arg in directive.args.items() if not arg.description
        ]
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description
            ]
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []


def test_every_connection_pages_with_offset_and_cursors_and_declares_its_cost(
    schema: GraphQLSchema,
):
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            where = f"{type_name}.{field_name}"
            if get_named_type(field.type).name.endswith("Connection"):
                assert {n: str(a.type) for n, a in field.args.items() if n in PAGINATION} == (
                    PAGINATION
                ), where
                [cost] = directive_args(field.ast_node, "cost")
                assert cost["multipliers"] == ["first", "last"], where
                assert cost["complexity"] >= 1 and cost["perCall"] >= 1, where
            elif type_name == "Query" and field_name not in ("requiredScopes", "queryCost"):
                [cost] = directive_args(field.ast_node, "cost")
                assert set(cost) == {"complexity"} and cost["complexity"] >= 1, where


def test_every_object_is_a_node_of_the_rest_api_that_says_what_the_caller_may_do(
    schema: GraphQLSchema,
):
    payloads = {get_named_type(f.type).name for f in schema.mutation_type.fields.values()}
    for type_name, graphql_type in schema.type_map.items():
        if (
            not isinstance(graphql_type, GraphQLObjectType)
            or type_name.startswith("__")
            or type_name in VALUE_TYPES | payloads
            or type_name.endswith(("Connection", "Edge"))
        ):
            continue
        interfaces = {interface.name for interface in graphql_type.interfaces}
        assert {"Node", "DRFNode", "PermissionCheckingNode"} <= interfaces, type_name


def test_every_mutation_answers_a_payload_with_user_errors(schema: GraphQLSchema):
    for name, field in schema.mutation_type.fields.items():
        if name == "requiredScopes":
            continue
        payload = get_named_type(field.type)
        assert str(payload.fields["userErrors"].type) == "[UserError!]!", name


def test_gaggles_own_mutations_take_one_input_object(schema: GraphQLSchema):
    own = {
        n: f
        for n, f in schema.mutation_type.fields.items()
        if "Gaggle's mutation" in (f.description or "")
    }
    assert {"createPrivateNote", "giveRecognition", "createReviewCycle"} <= set(own)
    for name, field in own.items():
        assert list(field.args) == ["input"], name
        assert isinstance(field.args["input"].type, GraphQLNonNull), name
        assert isinstance(field.args["input"].type.of_type, GraphQLInputObjectType), name
        assert get_named_type(field.type).name.endswith("Payload"), name


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("Query.currentUser", ": UserProfileNode"),
        ("Query.profile", "(pk: Int!): UserProfileNode"),
        ("Query.network", ": NetworkNode"),
        ("Query.team", "(pk: Int!): TeamNode"),
        ("Query.oneonone", "(pk: Int!): OneOnOneNode"),
        ("Query.actionItem", "(pk: Int!): ActionItemNode"),
        ("Query.feedback", "(pk: Int!): FeedbackNode"),
        ("Query.feedbackRequest", "(pk: Int!): FeedbackRequestV2Node"),
        ("Query.objective", "(pk: Int!): ObjectiveNode"),
        ("Query.keyResult", "(pk: Int!): KeyResultNode"),
        ("Query.snapshot", "(pk: Int!): SnapshotNode"),
        ("Mutation.deleteTeam", "(pk: Int!): DeleteTeam"),
        ("Mutation.submitFeedback", "(pk: Int!): SubmitFeedback"),
        ("Mutation.deleteOneonone", "(pk: Int!): DeleteOneonone"),
        ("Mutation.deleteKeyResult", "(keyResultId: Int!): DeleteKeyResult"),
        ("Mutation.transitionSnapshotToNextState", "(pk: Int!): TransitionSnapshotToNextState"),
        (
            "Mutation.answerSnapshot",
            "(pk: Int!, answers: [SnapshotAnswerInput]!): AnswerSnapshot",
        ),
        ("Mutation.updateNoteSharing", "(pk: Int!, shared: Boolean!): UpdateNoteSharing"),
        ("Mutation.createObjective", "(objective: NewObjectiveInput!): CreateObjective"),
        ("Mutation.updateObjective", "(objective: ExistingObjectiveInput!): UpdateObjective"),
        ("Mutation.answerFeedback", "(requestPk: Int!, feedback: FeedbackInput!): AnswerFeedback"),
        ("KeyResultNode.measurementType", ": Int"),
        ("BadgeRecipientNode.awardedDate", ": DateTime!"),
        ("UserProfileNode.user", ": UserNode!"),
        ("Node.id", ": ID!"),
        ("DRFNode.pk", ": Int"),
        ("DRFNode.url", ": String"),
        ("PermissionCheckingNode.canDelete", ": Boolean"),
    ],
)
def test_legacy_fields_keep_their_names_and_types(schema: GraphQLSchema, path: str, expected: str):
    type_name, field_name = path.split(".")
    assert signature(schema.get_type(type_name).fields[field_name]) == expected


@pytest.mark.parametrize(
    ("path", "arguments", "result"),
    [
        (
            "Query.profiles",
            {
                "offset": "Int",
                "first": "Int",
                "reportsTo": "ID",
                "pk_In": "[Int]",
                "orderBy": "String",
            },
            "UserProfileConnection",
        ),
        (
            "Query.teams",
            {"hasParent": "Boolean", "parent": "Float", "ledBy": "Int", "exclude": "[Int]"},
            "TeamNodeConnection",
        ),
        (
            "Query.recognitions",
            {
                "senderId": "Int",
                "recipientId": "Int",
                "awardedDate_Gte": "String",
                "awardedDate_Lte": "String",
            },
            "BadgeRecipientNodeConnection",
        ),
        ("Query.badges", {"offset": "Int", "last": "Int"}, "BadgeNodeConnection"),
        (
            "Query.oneonones",
            {"participant": "Float", "startTime_Gte": "String"},
            "OneOnOneNodeConnection",
        ),
        (
            "Query.actionItems",
            {"completed": "Boolean", "oneonone": "Int"},
            "ActionItemNodeConnection",
        ),
        ("Query.feedbacks", {"responderProfileId": "Int", "pk": "Float"}, "FeedbackNodeConnection"),
        ("Query.feedbackRequests", {"orderBy": "String"}, "FeedbackRequestV2NodeConnection"),
        (
            "Query.objectives",
            {"owner": "Float", "team": "Float", "closed": "Boolean", "dueDateGte": "String"},
            "ObjectiveNodeConnection",
        ),
        ("Query.snapshots", {"forUser": "Int", "state": "Int"}, "SnapshotConnection"),
        (
            "UserProfileNode.ownedObjectives",
            {"first": "Int", "closed": "Boolean"},
            "ObjectiveNodeConnection",
        ),
        ("ObjectiveNode.keyResults", {"first": "Int"}, "KeyResultNodeConnection"),
        (
            "Mutation.createCheckin",
            {
                "objectivePk": "Int!",
                "message": "String",
                "assessmentStatus": "Int",
                "closeObjective": "Boolean",
                "keyResults": "[KeyResultInputNode]",
            },
            "CreateCheckin",
        ),
        (
            "Mutation.createOrUpdateTeam",
            {
                "pk": "Int",
                "name": "String",
                "parent": "Int",
                "profilesToAdd": "[Int]",
                "clearParent": "Boolean",
            },
            "CreateOrUpdateTeam",
        ),
        (
            "Mutation.createOrUpdateActionItem",
            {"pk": "Int", "actionItem": "ActionItemInput!"},
            "CreateOrUpdateActionItem",
        ),
        (
            "Mutation.updateUserprofile",
            {"pk": "Int!", "userProfile": "UserProfileInput", "isAdmin": "Boolean"},
            "UpdateUserProfile",
        ),
    ],
)
def test_legacy_arguments_keep_their_names_and_types(
    schema: GraphQLSchema, path: str, arguments: dict[str, str], result: str
):
    type_name, field_name = path.split(".")
    field = schema.get_type(type_name).fields[field_name]
    assert {name: str(field.args[name].type) for name in arguments} == arguments
    assert str(field.type) == result


LEGACY_DOCUMENTS = [
    """
    query Me {
      currentUser {
        id pk url fullName position isManager
        user { firstName lastName email }
        reportsTo { pk }
        ownedObjectives(first: 5, closed: false) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges {
            cursor
            node {
              pk name progress dueDatetime
              keyResults(first: 10) {
                edges { node { pk name measurementType startingValue targetValue currentValue } }
              }
            }
          }
        }
      }
    }
    """,
    """
    query Feed($after: String) {
      recognitions(
        first: 20, after: $after, orderBy: "-awardedDate", awardedDate_Gte: "2020-01-01"
      ) {
        edges {
          node { pk message awardedDate sender { fullName } recipient { pk } badge { name } }
        }
      }
      badges(offset: 0, first: 50) { edges { node { pk name active } } }
    }
    """,
    """
    query People {
      profiles(first: 10, offset: 10, isManager: true, search: "ma", pk_In: [1, 2]) {
        totalCount
        edges { node { ... on DRFNode { pk url } ... on Node { id } canChange canDelete } }
      }
      teams(hasParent: false, ledBy: 3) { edges { node { pk name fullName parent { pk } } } }
      team(pk: 2) { members(first: 5) { edges { node { pk } } } }
      network { name businessCycleLength }
    }
    """,
    """
    query Work {
      oneonones(participant: 4, startTime_Gte: "2020-01-01T00:00:00Z") {
        edges {
          node {
            pk name startTime endTime facilitator { pk } participant { pk }
            actionItems(completed: false) {
              edges { node { pk title dueDate completed assignedTo { pk } } }
            }
          }
        }
      }
      actionItem(pk: 1) { ... on DjangoModelNode { pk } title }
      feedbackRequests(first: 5) {
        edges {
          node {
            pk dueDatetime creator { pk } recipient { pk }
            feedbacks(first: 5) { edges { node { pk state submittedTimestamp } } }
          }
        }
      }
      snapshots(forUser: 3, state: 0) {
        edges {
          node {
            pk state nextState forUser { pk } manager { pk }
            snapshotGroup { title startDate endDate }
          }
        }
      }
    }
    """,
    """
    mutation CheckIn($krs: [KeyResultInputNode]) {
      createCheckin(
        objectivePk: 7, message: "Done", assessmentStatus: 1, closeObjective: false,
        keyResults: $krs
      ) {
        checkin { pk message status }
        objective { pk progress }
      }
      createOrUpdateTeam(name: "Platform", parent: 1, profilesToAdd: [3]) { team { pk } }
      deleteKeyResult(keyResultId: 12) { objective { pk } }
      updateNoteSharing(pk: 8, shared: true) { oneonone { pk } }
      transitionSnapshotToNextState(pk: 5) { snapshot { state } }
      updateUserprofile(pk: 3, userProfile: {firstName: "Maria", hireDate: "2020-01-01"}) {
        profile { pk }
        validationErrors { field errorMessage }
      }
    }
    """,
]


@pytest.mark.parametrize("document", LEGACY_DOCUMENTS)
def test_queries_written_against_the_legacy_api_validate_unchanged(
    schema: GraphQLSchema, document: str
):
    assert validate(schema, parse(document)) == []


def test_the_legacy_cost_field_is_answered_under_a_name_graphql_allows(schema: GraphQLSchema):
    assert "__cost" not in schema.query_type.fields
    assert str(schema.query_type.fields["queryCost"].type) == "JSONObject"
    assert validate(schema, parse("{ __cost: queryCost requiredScopes }")) == []
