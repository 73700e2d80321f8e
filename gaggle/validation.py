"""Request validation details Connexion leaves out: formats it does not check, and error
messages that say what was wrong and where in one line."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from urllib.parse import urlsplit

import orjson
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator, format_error_with_path, resolve_refs
from connexion.validators import VALIDATOR_MAP, JSONRequestBodyValidator, ParameterValidator
from connexion.validators.parameter import is_null, is_nullable
from jsonschema import Draft4Validator, FormatChecker, ValidationError

from gaggle.problems import Problem

FORMATS = FormatChecker()
for _name, _check in Draft4Validator.FORMAT_CHECKER.checkers.items():
    FORMATS.checkers[_name] = _check


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    dt.date.fromisoformat(value)
    return len(value) == 10


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


NUL = "\x00"
TOO_DEEP = "The body nests its values deeper than this operation takes."

# What a change that changes nothing is told: a body that names no field, or a write that
# leaves every value as it was.
UNCHANGED = "Nothing to change: the request leaves everything as it is."


def nul_in(value: object) -> bool:
    """Whether a NUL character hides anywhere in `value` (PostgreSQL text cannot hold one).

    Walked without recursion: a JSON body may nest 1024 levels deep, past Python's stack.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


# Validators compiled once per schema of the document (the schemas live as long as the app),
# rather than once per parameter of every request.
_compiled: dict[int, tuple[dict, Draft4Validator]] = {}


def _compiled_validator(schema: dict, kind: type[Draft4Validator]) -> Draft4Validator:
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema or type(entry[1]) is not kind:
        entry = _compiled[id(schema)] = (
            schema,
            kind(copy.deepcopy(schema), format_checker=FORMATS),
        )
    return entry[1]


class JSONBodyValidator(JSONRequestBodyValidator):
    @property
    def _validator(self):
        return _compiled_validator(self._schema, Draft4RequestValidator)

    def _validate(self, body):
        """Connexion's check without its log line, which quotes the offending value."""
        if nul_in(body):
            raise BadRequestProblem(detail="The body holds a NUL character, which text cannot.")
        if not self._nullable and body is None:
            raise BadRequestProblem(detail="Request body must not be empty")
        try:
            return self._validator.validate(body)
        except ValidationError as exception:
            where = format_error_with_path(exception=exception)
            raise BadRequestProblem(detail=f"{exception.message}{where}") from None
        except RecursionError:
            # The message would quote a value nested deeper than Python's stack reaches (the
            # reader takes 1024 levels); no schema of the document nests anywhere near that.
            raise BadRequestProblem(detail=TOO_DEEP) from None

    async def _parse(self, stream, scope):
        """Strict JSON (RFC 8259): no NaN or Infinity, no lone surrogates, numbers a double
        can hold, at most 1024 levels deep; anything else is a 400 that says where."""
        raw = b"".join([chunk async for chunk in stream])
        if not raw.strip():
            return None
        if self._encoding.lower().replace("-", "") != "utf8":
            try:
                raw = raw.decode(self._encoding).encode()
            except (LookupError, UnicodeError) as exc:
                raise BadRequestProblem(
                    detail=f"The body is not valid {self._encoding}: {exc}"
                ) from None
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise BadRequestProblem(detail=f"The body is not valid JSON: {exc}") from None


class QueryValidator(ParameterValidator):
    @staticmethod
    def validate_parameter(parameter_type, value, param, param_name=None):
        if is_nullable(param) and is_null(value):
            return None
        name = param_name or param["name"]
        if nul_in(value):
            return f"{parameter_type} parameter {name}: holds a NUL character, which text cannot"
        if value is not None:
            try:
                _compiled_validator(param.get("schema", param), Draft4Validator).validate(value)
            except ValidationError as exception:
                return (
                    f"{parameter_type} parameter {param_name or param['name']}: {exception.message}"
                )
            return None
        if param.get("required"):
            return f"Missing {parameter_type} parameter '{param['name']}'"
        return None


def validator_map() -> dict:
    validators = copy.copy(VALIDATOR_MAP)
    validators["parameter"] = QueryValidator
    body = copy.copy(VALIDATOR_MAP["body"])
    body["*/*json"] = JSONBodyValidator
    validators["body"] = body
    return validators


class _Unchecked:
    """A request validator that lets everything through, for the OAuth2 endpoints: oauthlib
    checks their requests and answers in RFC 6749's terms, which a schema check cannot."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def validate(self, scope) -> None:
        pass

    async def wrap_receive(self, receive, *, scope):
        return receive, scope


def unchecked_requests_map() -> dict:
    """Validators that check no request (responses are still checked when asked)."""
    return {
        "parameter": _Unchecked,
        "body": MediaTypeDict({"*/*": _Unchecked}),
        "response": VALIDATOR_MAP["response"],
    }


@functools.cache
def _request_bodies(document: str) -> dict[str, Draft4RequestValidator]:
    """The JSON request-body check of every operation of a document, by operationId."""
    from gaggle import spec  # the documents are read when first checked, not on import

    resolved = resolve_refs(spec.bundled(document))
    found = {}
    for item in resolved["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found[operation["operationId"]] = Draft4RequestValidator(
                    content["application/json"]["schema"], format_checker=FORMATS
                )
    return found


def check_body(document: str, operation_id: str, body: object) -> None:
    """Check `body` as the document's operation describes its JSON body, for bodies Connexion
    does not check (the platform document's, and the REST bodies GraphQL's mutations build).
    Raises Problem(400) naming where the body is wrong, or saying that a change names nothing
    to change (a body under `minProperties`)."""
    if nul_in(body):
        raise Problem(400, "The body holds a NUL character, which text cannot.")
    try:
        _request_bodies(document)[operation_id].validate(body)
    except ValidationError as error:
        if error.validator == "minProperties" and not error.absolute_path:
            raise Problem(400, UNCHANGED) from None
        where = ".".join(str(part) for part in error.absolute_path)
        raise Problem(400, f"{where}: {error.message}" if where else error.message) from None
