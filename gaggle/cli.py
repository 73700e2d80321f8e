"""The `gaggle` command: serve, migrate, manage users and applications, seed demo data."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

import click
from sqlalchemy.exc import OperationalError

from gaggle import logs, migrations
from gaggle.db import Database, DatabaseURLError
from gaggle.models.oauth import ApplicationError
from gaggle.models.people import PeopleError
from gaggle.settings import Settings, SettingsError

# Errors that are the user's to fix: shown as one line, never as a traceback.
_USER_ERRORS = (SettingsError, DatabaseURLError, PeopleError, ApplicationError)


class _UsageError(click.UsageError):
    """A usage error in one line: what was wrong, and where the command's help is (click's own
    prints the usage, a hint, a blank line and the error)."""

    def show(self, file=None) -> None:
        hint = f" Try '{self.ctx.command_path} --help' for help." if self.ctx else ""
        message = " ".join(self.format_message().split())
        if not message.endswith((".", "?")):
            message += "."
        click.echo(f"Error: {message}{hint}", file=file, err=file is None)


def _one_line(error: click.UsageError) -> click.UsageError:
    """`error`, to be shown in one line; a group called without a command still shows its help."""
    if isinstance(error, _UsageError | click.exceptions.NoArgsIsHelpError):
        return error
    return _UsageError(error.format_message(), error.ctx)


class _Group(click.Group):
    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from None
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "unreachable"
            raise click.ClickException(f"cannot use the database: {reason}") from None


def _settings() -> Settings:
    """The settings of a command that serves nothing: the secret key, which signs the server's
    sessions, is neither read nor made."""
    return Settings.from_env(secret_key="")


def _database(create_folder: bool = False) -> Database:
    """The configured database; its connections close when the command ends.

    Only the commands that set a server up (migrate, demo, serve) create the folder of a
    SQLite file: for any other, a missing folder means that DATABASE_URL or GAGGLE_DATA_DIR
    names the wrong place, which a new, empty database there would hide.
    """
    database = Database(_settings().database_url, create_folder)
    click.get_current_context().call_on_close(database.dispose)
    return database


def _ready_database(create_folder: bool = False) -> Database:
    """The configured database, migrated."""
    database = _database(create_folder)
    migrations.upgrade(database)
    return database


_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _say(as_json: bool, data: object, text: str) -> None:
    """Print `data` as JSON with --json, else the line(s) of `text`."""
    click.echo(json.dumps(data) if as_json else text)


def _columns(rows: list[dict], fields: list[str]) -> str:
    """`rows` as a text table of `fields`, aligned, with a header."""
    cells = [fields] + [["" if row[f] is None else str(row[f]) for f in fields] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(fields))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gaggle", prog_name="gaggle")
def main() -> None:
    """Gaggle: OAuth2 authorization server and performance-management API.

    Settings come from the environment; DATABASE_URL selects the database (a SQLite file
    under ./data by default).
    """


@main.command()
def migrate() -> None:
    """Apply pending database migrations."""
    database = _database(create_folder=True)
    applied = migrations.pending(database)
    migrations.upgrade(database)
    click.echo(f"applied {len(applied)} migration(s); the database is up to date")


def _check_free(host: str, port: int) -> None:
    """Raise ClickException, in one line, when nothing can listen on `host:port` (another server
    holds it, the address is not this machine's, the port is reserved), before serve prints
    the URLs of a server that would not start."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Number of worker processes.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Apply pending migrations, then serve the API and the OAuth2 server."""
    import tempfile

    import uvicorn

    settings = Settings.from_env()
    _check_free(host, port)
    if settings.metrics_port is not None:
        _check_free(settings.metrics_host, settings.metrics_port)
    logs.configure(settings.log_level)
    if settings.metrics_port is not None:
        # Every worker writes its metrics here; set before any of them imports the client.
        shared = tempfile.TemporaryDirectory(prefix="gaggle-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared.name
        from gaggle import metrics

        metrics.serve(settings.metrics_host, settings.metrics_port)
    _ready_database(create_folder=True).dispose()
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
    click.echo(f"API root:    {base}/api/v/2.0/")
    click.echo(f"Swagger UI:  {base}/api/v/2.0/ui/")
    click.echo(f"GraphQL IDE: {base}/graphql")
    click.echo(f"Log in at:   {base}/accounts/login/")
    if settings.metrics_port is not None:
        click.echo(f"Metrics:     http://{settings.metrics_host}:{settings.metrics_port}/metrics")
    # Once it has drained, uvicorn raises the signal that stopped it again under the handler it
    # found; a stop that was asked for is a clean exit (status 0), with one worker or many.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: None)
    uvicorn.run(
        "gaggle.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=30,
        # gaggle.logs writes the JSON lines and the access log (without query strings).
        log_config=None,
        access_log=False,
    )


@main.group()
def users() -> None:
    """Manage users."""


@users.command("create")
@click.option("--email", required=True, help="The user's email address; they log in with it.")
@click.option("--password", required=True, help="At least 8 characters, not a common password.")
@click.option("--first-name", default="", help="First name.")
@click.option("--last-name", default="", help="Last name.")
@click.option(
    "--network",
    "network_name",
    default=None,
    help="Network to join; created if it does not exist. Default: the default network.",
)
@click.option("--admin", is_flag=True, help="Make the user an admin of the network.")
def users_create(
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    network_name: str | None,
    admin: bool,
) -> None:
    """Create a user with a profile in a network."""
    from gaggle.models.people import DEFAULT_NETWORK_NAME, create_user, get_or_create_network

    with _ready_database().transaction() as session:
        network = get_or_create_network(session, network_name or DEFAULT_NETWORK_NAME)
        user = create_user(
            session=session,
            email=email,
            password=password,
            network=network,
            first_name=first_name,
            last_name=last_name,
            is_admin=admin,
        )
        click.echo(
            json.dumps(
                {"id": user.id, "email": user.email, "network": network.name, "is_admin": admin}
            )
        )


@users.command("list")
@click.option("--network", "network_name", default=None, help="Only this network's users.")
@_JSON
def users_list(network_name: str | None, as_json: bool) -> None:
    """List users with their network and whether they may sign in."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from gaggle.models.people import Network, User, UserProfile, find_network

    with _ready_database().reading() as session:
        query = (
            select(User)
            .join(UserProfile, UserProfile.user_id == User.id)
            .join(Network, Network.id == UserProfile.network_id)
            .options(joinedload(User.profile).joinedload(UserProfile.network))
            .order_by(User.id)
        )
        if network_name is not None:
            query = query.where(Network.id == find_network(session, network_name).id)
        rows = [
            {
                "id": user.id,
                "email": user.email,
                "name": f"{user.first_name} {user.last_name}".strip(),
                "network": user.profile.network.name,
                "is_admin": user.profile.is_admin,
                "active": user.is_active and user.profile.activated,
            }
            for user in session.scalars(query).unique()
        ]
    fields = ["id", "email", "name", "network", "is_admin", "active"]
    _say(as_json, rows, _columns(rows, fields) if rows else "no users")


@users.command("deactivate")
@click.argument("email")
@_JSON
def users_deactivate(email: str, as_json: bool) -> None:
    """Switch an account off: it can no longer sign in, and every token and sign-in session it
    had ends."""
    from gaggle.models.people import deactivate_user, find_user

    with _ready_database().transaction() as session:
        deactivate_user(session, find_user(session, email))
    _say(as_json, {"email": email, "active": False}, f"{email} is deactivated")


@users.command("reactivate")
@click.argument("email")
@_JSON
def users_reactivate(email: str, as_json: bool) -> None:
    """Switch an account (and its profile) on again: it may sign in again. Tokens revoked when
    it was switched off stay revoked."""
    from gaggle.models.people import find_user, reactivate_user

    with _ready_database().transaction() as session:
        reactivate_user(session, find_user(session, email))
    _say(as_json, {"email": email, "active": True}, f"{email} is active")


@users.command("set-password")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The new password (asked for when not given).",
)
@_JSON
def users_set_password(email: str, password: str, as_json: bool) -> None:
    """Set a user's password; every token and sign-in session they had ends."""
    from gaggle.models.people import find_user, set_password

    with _ready_database().transaction() as session:
        set_password(session, find_user(session, email), password)
    _say(as_json, {"email": email, "password_set": True}, f"{email} has a new password")


@main.group()
def apps() -> None:
    """Manage OAuth2 applications."""


@apps.command("create")
@click.option("--owner", required=True, help="Email of the user who owns the application.")
@click.option("--name", required=True, help="The name users see on the consent page.")
@click.option(
    "--grant-type",
    required=True,
    type=click.Choice(["authorization-code", "password"]),
    help="The authorization grant the application uses.",
)
@click.option(
    "--client-type",
    required=True,
    type=click.Choice(["confidential", "public"]),
    help="confidential: can keep a secret (a server); public: cannot (a browser or mobile app).",
)
@click.option("--redirect-uris", default="", help="Space-separated redirect URIs.")
@click.option(
    "--allowed-origins",
    default="",
    help="Space-separated web origins whose pages may call the token endpoints and the API.",
)
@click.option("--no-pkce", is_flag=True, help="Do not require PKCE (legacy clients only).")
def apps_create(
    owner: str,
    name: str,
    grant_type: str,
    client_type: str,
    redirect_uris: str,
    allowed_origins: str,
    no_pkce: bool,
) -> None:
    """Register an application; prints its client_id and client_secret as JSON."""
    from gaggle.models.oauth import create_application
    from gaggle.models.people import find_user

    with _ready_database().transaction() as session:
        application, secret = create_application(
            session=session,
            owner=find_user(session, owner),
            name=name,
            grant_type=grant_type,
            client_type=client_type,
            redirect_uris=redirect_uris,
            require_pkce=not no_pkce,
            allowed_origins=allowed_origins,
        )
        click.echo(json.dumps({"client_id": application.client_id, "client_secret": secret}))


@apps.command("set-redirect-uris")
@click.argument("client_id")
@click.argument("redirect_uris")
def apps_set_redirect_uris(client_id: str, redirect_uris: str) -> None:
    """Replace an application's redirect URIs (space separated).

    For example, to let Swagger UI authorize on your host:
    gaggle apps set-redirect-uris gaggle-docs "https://api.example.com/api/v/2.0/ui/oauth2-redirect.html"
    """
    from gaggle.models.oauth import find_application, update_application

    with _ready_database().transaction() as session:
        application = find_application(session, client_id)
        update_application(
            application,
            name=application.name,
            redirect_uris=redirect_uris,
            require_pkce=application.require_pkce,
        )
        click.echo(json.dumps({"client_id": client_id, "redirect_uris": redirect_uris.split()}))


@apps.command("set-allowed-origins")
@click.argument("client_id")
@click.argument("origins")
def apps_set_allowed_origins(client_id: str, origins: str) -> None:
    """Replace the web origins (space separated) whose pages may call the token endpoints and
    the API from a browser, e.g. "https://app.example.com"; "" for none."""
    from gaggle.models.oauth import check_origins, find_application

    with _ready_database().transaction() as session:
        find_application(session, client_id).allowed_origins = " ".join(check_origins(origins))
    click.echo(json.dumps({"client_id": client_id, "allowed_origins": origins.split()}))


def _application_facts(application) -> dict:
    return {
        "client_id": application.client_id,
        "name": application.name,
        "owner": application.owner.email if application.owner else None,
        "grant_type": application.grant_type.value,
        "client_type": application.client_type.value,
        "redirect_uris": application.redirect_uri_list,
        "allowed_origins": application.allowed_origins.split(),
        "require_pkce": application.require_pkce,
        "enabled": application.enabled,
        "created": application.created.isoformat(),
    }


@apps.command("list")
@_JSON
def apps_list(as_json: bool) -> None:
    """List the registered applications."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from gaggle.models.oauth import Application

    with _ready_database().reading() as session:
        found = session.scalars(
            select(Application).options(joinedload(Application.owner)).order_by(Application.id)
        ).all()
        rows = [_application_facts(application) for application in found]
    fields = ["client_id", "name", "owner", "grant_type", "client_type", "enabled"]
    _say(as_json, rows, _columns(rows, fields) if rows else "no applications")


@apps.command("show")
@click.argument("client_id")
@_JSON
def apps_show(client_id: str, as_json: bool) -> None:
    """Show one application."""
    from gaggle.models.oauth import find_application

    with _ready_database().reading() as session:
        facts = _application_facts(find_application(session, client_id))
    text = "\n".join(
        f"{name}: {' '.join(value) if isinstance(value, list) else value}"
        for name, value in facts.items()
    )
    _say(as_json, facts, text)


def _switch(client_id: str, enabled: bool, as_json: bool) -> None:
    from gaggle.models.oauth import find_application

    with _ready_database().transaction() as session:
        find_application(session, client_id).enabled = enabled
    state = "enabled" if enabled else "disabled"
    _say(as_json, {"client_id": client_id, "enabled": enabled}, f"{client_id} is {state}")


@apps.command("disable")
@click.argument("client_id")
@_JSON
def apps_disable(client_id: str, as_json: bool) -> None:
    """Disable an application: it can no longer get tokens or be authorized, and its tokens
    stop working until it is enabled again."""
    _switch(client_id, False, as_json)


@apps.command("enable")
@click.argument("client_id")
@_JSON
def apps_enable(client_id: str, as_json: bool) -> None:
    """Enable a disabled application again; its unexpired tokens work again."""
    _switch(client_id, True, as_json)


@apps.command("delete")
@click.argument("client_id")
@_JSON
def apps_delete(client_id: str, as_json: bool) -> None:
    """Delete an application with every code and token it was given. The client of Swagger UI
    (GAGGLE_DOCS_CLIENT_ID) cannot be deleted."""
    from gaggle.models.oauth import delete_application, find_application

    docs_client_id = _settings().docs_client_id
    with _ready_database().transaction() as session:
        delete_application(session, find_application(session, client_id), docs_client_id)
    _say(as_json, {"client_id": client_id, "deleted": True}, f"{client_id} is deleted")


@apps.command("rotate-secret")
@click.argument("client_id")
def apps_rotate_secret(client_id: str) -> None:
    """Give a confidential application a new client secret; prints it as JSON (only now). The
    old secret stops working at once; issued tokens keep working."""
    from gaggle.models.oauth import find_application, rotate_secret

    with _ready_database().transaction() as session:
        secret = rotate_secret(find_application(session, client_id))
    click.echo(json.dumps({"client_id": client_id, "client_secret": secret}))


@main.group()
def tokens() -> None:
    """Maintain OAuth2 tokens and authorization codes."""


@tokens.command("cleanup")
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows of each kind deleted per transaction.",
)
def tokens_cleanup(batch_size: int) -> None:
    """Delete codes, tokens, sessions and limiter counters nothing needs any more; prints the
    counts as JSON.

    Deletes expired authorization codes, expired or revoked access tokens, expired refresh
    tokens, expired sign-in sessions and forgotten failed-attempt counters. Rotated and
    revoked refresh tokens are kept until they expire: they are what detects a replayed
    refresh token. Safe to run while serving, e.g. hourly from cron.
    """
    from gaggle.models.base import utcnow
    from gaggle.models.oauth import delete_expired
    from gaggle.models.ratelimit import Limiter
    from gaggle.models.sessions import delete_expired as delete_expired_sessions

    settings = _settings()
    database = _ready_database()
    now = utcnow()
    totals = {"authorization_codes": 0, "access_tokens": 0, "refresh_tokens": 0}
    while True:
        with database.transaction() as session:
            counts = delete_expired(session, now, batch_size)
        for kind, count in counts.items():
            totals[kind] += count
        if all(count < batch_size for count in counts.values()):
            break
    limiter = Limiter(attempts=settings.login_attempts, window=settings.login_window)
    with database.transaction() as session:
        totals["sessions"] = delete_expired_sessions(session, now)
        totals["rate_limit_counters"] = limiter.delete_expired(session, now)
    click.echo(json.dumps(totals))


@tokens.command("revoke")
@click.option("--user", "email", default=None, help="Every token this user granted.")
@click.option("--client", "client_id", default=None, help="Every token of this application.")
@_JSON
def tokens_revoke(email: str | None, client_id: str | None, as_json: bool) -> None:
    """Revoke every access and refresh token of a user, or of an application."""
    from gaggle.models.base import utcnow
    from gaggle.models.oauth import find_application, revoke_application_tokens, revoke_user_grants
    from gaggle.models.people import find_user

    if (email is None) == (client_id is None):
        raise click.UsageError("give exactly one of --user EMAIL and --client CLIENT_ID")
    now = utcnow()
    with _ready_database().transaction() as session:
        if email is not None:
            live = revoke_user_grants(session, find_user(session, email), None, now)
            subject = {"user": email}
        else:
            live = revoke_application_tokens(session, find_application(session, client_id), now)
            subject = {"client": client_id}
    _say(as_json, {**subject, "access_tokens_revoked": live}, f"revoked {live} access token(s)")


@main.command()
def demo() -> None:
    """Seed a demo network (idempotent) and print how to log in."""
    from gaggle import demo as demo_data

    with _ready_database(create_folder=True).transaction() as session:
        summary = demo_data.seed(session)
    for line in summary:
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
