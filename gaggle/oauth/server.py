"""The OAuth2 endpoints, composed explicitly: authorization code (PKCE S256 only), resource
owner password, refresh token, revocation and introspection. No implicit or client-credentials
grant is offered.
"""

from __future__ import annotations

import logging

from oauthlib.oauth2 import (
    AuthorizationEndpoint,
    BearerToken,
    IntrospectEndpoint,
    RevocationEndpoint,
    TokenEndpoint,
)
from oauthlib.oauth2.rfc6749 import errors, grant_types

from gaggle import tokens
from gaggle.oauth.validator import _S256_CHALLENGE, _VERIFIER, IntrospectionValidator, Validator
from gaggle.settings import Settings


def _no_debug(record: logging.LogRecord) -> bool:
    # oauthlib's debug messages include issued tokens and refresh tokens verbatim.
    return record.levelno > logging.DEBUG


# Filters do not apply to records propagated from child loggers, so each oauthlib module's
# logger (all created when oauthlib was imported above) gets its own.
for _name in [name for name in logging.Logger.manager.loggerDict if name.startswith("oauthlib")]:
    logging.getLogger(_name).addFilter(_no_debug)


UNSUPPORTED_RESPONSE_TYPE = "Only response_type=code (the authorization-code flow) is offered."
NOT_A_CODE_CLIENT = "This application is not registered for the authorization-code flow."


class CodeGrant(grant_types.AuthorizationCodeGrant):
    """The authorization-code grant with PKCE limited to S256 (RFC 9700 §2.1.1).

    An authorization request is checked in RFC 6749 §4.1.2.1's order: the client and its
    redirect URI first (oauthlib; an error page, never a redirect), then the response type,
    then the rest (PKCE, scope), each answered by a redirect to the client.
    """

    _code_challenge_methods = {
        "S256": grant_types.authorization_code.code_challenge_method_s256,
    }

    def __init__(self, validator: Validator, **kwargs) -> None:
        # oauthlib runs these once the client and redirect URI passed, before its own checks:
        # the response type comes first.
        super().__init__(
            validator, pre_auth=[self._check_response_type, _check_challenge], **kwargs
        )

    def _check_response_type(self, request) -> dict:
        """`code` for a client registered for it; oauthlib checks the same afterwards, less
        strictly (any response type holding the letters `code`)."""
        if request.response_type is None:
            raise errors.MissingResponseTypeError(request=request)
        if request.response_type != "code":
            raise errors.UnsupportedResponseTypeError(
                description=UNSUPPORTED_RESPONSE_TYPE, request=request
            )
        if not self.request_validator.validate_response_type(
            request.client_id, request.response_type, request.client, request
        ):
            raise errors.UnauthorizedClientError(description=NOT_A_CODE_CLIENT, request=request)
        return {}


PKCE_REQUIRED = (
    "This application requires PKCE: send code_challenge (BASE64URL(SHA256(code_verifier))) "
    "with code_challenge_method=S256. For a legacy client that cannot, the application's owner "
    'can turn off "Require PKCE" on its page under /o/applications/.'
)


def _check_challenge(request) -> dict:
    """A pre-authorization check; oauthlib merges what it returns into the request info."""
    if request.code_challenge is None:
        if request.code_challenge_method is not None:
            raise errors.InvalidRequestError(
                description="code_challenge_method without code_challenge.", request=request
            )
        if request.client is not None and request.client.require_pkce:
            raise errors.MissingCodeChallengeError(description=PKCE_REQUIRED, request=request)
        return {}
    if request.code_challenge_method != "S256":
        raise errors.InvalidRequestError(
            description="Only code_challenge_method=S256 is supported.", request=request
        )
    if not _S256_CHALLENGE.match(request.code_challenge):
        raise errors.InvalidRequestError(
            description="code_challenge must be 43 base64url characters.", request=request
        )
    return {}


def _check_verifier(request) -> None:
    if request.code_verifier is None:
        return
    if request.gaggle_code.code_challenge is None:
        # A verifier for a code issued without a challenge is a downgrade attempt.
        raise errors.InvalidGrantError(
            description="code_verifier sent for a code issued without code_challenge.",
            request=request,
        )
    if not _VERIFIER.match(request.code_verifier):
        raise errors.InvalidGrantError(
            description="code_verifier must be 43 to 128 unreserved characters.", request=request
        )


def _add_issuer(grant: dict, token_handler, request) -> dict:
    """RFC 9207: the authorization response names its issuer, against mix-up attacks."""
    from gaggle.requests import issuer

    grant["iss"] = issuer()
    return grant


def _echo_state(token: dict, token_handler, request) -> dict:
    if request.state:
        token["state"] = request.state
    return token


class Server:
    """The endpoints sharing one validator and one token issuer (one per app: gaggle.runtime)."""

    def __init__(self, settings: Settings) -> None:
        validator = Validator()
        bearer = BearerToken(
            validator,
            token_generator=lambda request: tokens.new_secret(32),
            refresh_token_generator=lambda request: tokens.new_secret(32),
            expires_in=settings.access_token_expires,
        )
        code = CodeGrant(validator, post_token=[_check_verifier])
        code.register_token_modifier(_echo_state)
        code.register_code_modifier(_add_issuer)
        password = grant_types.ResourceOwnerPasswordCredentialsGrant(validator)
        refresh = grant_types.RefreshTokenGrant(validator, issue_new_refresh_tokens=True)
        self.validator = validator
        self.authorization = AuthorizationEndpoint(
            default_response_type="code",
            response_types={"code": code},
            default_token_type=bearer,
        )
        self.token = TokenEndpoint(
            default_grant_type="authorization_code",
            grant_types={
                "authorization_code": code,
                "password": password,
                "refresh_token": refresh,
            },
            default_token_type=bearer,
        )
        self.revocation = RevocationEndpoint(validator, supported_token_types=None)
        self.introspection = IntrospectEndpoint(IntrospectionValidator())
