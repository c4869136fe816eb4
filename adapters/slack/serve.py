"""`cohort run` on Slack: Socket Mode or HTTP, with a Web API client that retries faults."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.directory import Directory
from adapters.slack.errors import error_code
from adapters.slack.gate import SlackGate, Verdict
from adapters.slack.http_mode import EventsEndpoint, OAuthPages, events_app
from adapters.slack.installations import InstalledWorkspaces, open_stores
from adapters.slack.listeners import SlackListeners
from adapters.slack.metering import report_socket_connection
from adapters.slack.oauth import Uninstalls, oauth_settings
from adapters.slack.platform import SlackPlatform
from adapters.slack.retries import retry_handlers
from adapters.slack.settings import SlackSettings
from adapters.slack.workspaces import OneWorkspace
from bot.errors import PlatformUnreachable, StartupError
from bot.port import ConnectionReports, Core, PlatformCounts
from bot.settings import Settings, load_settings

EVENTS_PATH = "/slack/events"
SLACK = "slack"


@dataclass
class SlackRuntime:
    """A connected Slack app: its platform, and where HTTP mode listens (None in Socket Mode)."""

    platform: SlackPlatform
    bolt: AsyncApp
    http_url: str | None


async def serve(core: Core[object]) -> None:
    """Connect to Slack with the settings in the environment; serve until cancelled."""
    settings = load_settings(SlackSettings)
    database_url = load_settings(Settings).database_url
    async with connected_slack(core, settings, database_url=database_url):
        await asyncio.Event().wait()  # until cancelled by a signal


@asynccontextmanager
async def connected_slack(
    core: Core[object], settings: SlackSettings, *, database_url: str | None = None
) -> AsyncIterator[SlackRuntime]:
    """Yield the Slack app connected in the configured mode; disconnect afterwards.

    With SLACK_CLIENT_ID, the app installed in many workspaces (its installations in the
    database at `database_url`, the bot's own); else the one workspace of SLACK_BOT_TOKEN.
    """
    if settings.installs:
        if database_url is None:
            raise StartupError("installing in many Slack workspaces needs the database URL")
        async with _installed_slack(core, settings, database_url) as runtime:
            yield runtime
        return
    bot_token = _secret(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    client = web_client(settings, bot_token, core.metrics)
    admin_token = settings.slack_admin_user_token
    admin = (
        web_client(settings, admin_token.get_secret_value(), core.metrics) if admin_token else None
    )
    directory = Directory(client)
    workspaces = OneWorkspace(client, directory)
    platform = SlackPlatform(admin=admin, workspaces=workspaces)
    http_mode = settings.slack_mode == "http"
    signing_secret = settings.slack_signing_secret
    bolt = AsyncApp(
        client=client,
        logger=_bolt_logger(),
        signing_secret=signing_secret.get_secret_value() if signing_secret else None,
        request_verification_enabled=http_mode,
    )
    SlackListeners(core, platform, workspaces, prefix=settings.slack_command_prefix).register(bolt)
    gate = SlackGate(core.deliveries, directory)
    await core.attach(platform)
    connect = _http_mode if http_mode else _socket_mode
    async with connect(bolt, gate, settings, core.health) as http_url:
        yield SlackRuntime(platform, bolt, http_url)


@asynccontextmanager
async def _installed_slack(
    core: Core[object], settings: SlackSettings, database_url: str
) -> AsyncIterator[SlackRuntime]:
    """The app installed in many workspaces: HTTP mode, the OAuth flow, a token each."""
    stores = open_stores(database_url, settings.slack_client_id or "")
    try:
        workspaces = InstalledWorkspaces(
            stores.installations, lambda token: web_client(settings, token, core.metrics)
        )
        platform = SlackPlatform(workspaces=workspaces)
        bolt = AsyncApp(
            # No token: bolt's authorization gives each request its workspace's client.
            client=AsyncWebClient(
                base_url=settings.slack_api_url, retry_handlers=retry_handlers(core.metrics)
            ),
            logger=_bolt_logger(),
            signing_secret=_secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET"),
            oauth_settings=oauth_settings(settings, stores),
        )
        prefix = settings.slack_command_prefix
        SlackListeners(core, platform, workspaces, prefix=prefix).register(bolt)
        Uninstalls(stores, workspaces).register(bolt)
        await core.attach(platform)
        assert bolt.oauth_flow is not None
        pages = OAuthPages(bolt.oauth_flow)
        gate = SlackGate(core.deliveries, None)
        async with _http_mode(bolt, gate, settings, core.health, pages) as http_url:
            yield SlackRuntime(platform, bolt, http_url)
    finally:
        await stores.close()


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, without its warning that SLACK_BOT_TOKEN (read by bolt too) is unused."""
    logger = logging.getLogger("slack_bolt.AsyncApp")
    if not any(isinstance(f, _TokenSkippedFilter) for f in logger.filters):
        logger.addFilter(_TokenSkippedFilter())
    return logger


class _TokenSkippedFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def web_client(
    settings: SlackSettings, token: str, counts: PlatformCounts | None = None
) -> AsyncWebClient:
    """Return a Web API client on SLACK_API_URL that waits out 429s and retries faults.

    A connection error or a server error after a message was sent may come after Slack posted
    it, so those are not resent for the methods that post: the platform looks first. With
    `counts`, retries and failures are counted there.
    """
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=retry_handlers(counts),
    )


class _GatedSocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler, asking the gate before bolt sees an envelope."""

    def __init__(self, bolt: AsyncApp, app_token: str, gate: SlackGate) -> None:
        super().__init__(bolt, app_token)
        self._gate = gate

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Acknowledge a redelivered envelope (or another workspace's) without acting on it."""
        verdict = await self._gate.admit(req.payload, f"slack:envelope:{req.envelope_id}")
        if verdict is Verdict.ACT:
            await super().handle(client, req)
        else:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))


@asynccontextmanager
async def _socket_mode(
    bolt: AsyncApp, gate: SlackGate, settings: SlackSettings, health: ConnectionReports
) -> AsyncIterator[None]:
    app_token = _secret(settings.slack_app_token, "SLACK_APP_TOKEN")
    handler = _GatedSocketModeHandler(bolt, app_token, gate)
    report_socket_connection(handler.client, health)
    try:
        # The SDK retries a refused token forever in silence; ask once so start-up can say why.
        handler.client.wss_uri = await _socket_url(bolt.client, app_token)
        await handler.connect_async()
    except BaseException:
        await handler.close_async()
        raise
    try:
        yield None
    finally:
        await handler.close_async()


@asynccontextmanager
async def _http_mode(
    bolt: AsyncApp,
    gate: SlackGate,
    settings: SlackSettings,
    health: ConnectionReports,
    installs: OAuthPages | None = None,
) -> AsyncIterator[str]:
    secret = _secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
    endpoint = EventsEndpoint(bolt, gate, secret)
    runner = web.AppRunner(events_app(endpoint, EVENTS_PATH, installs))
    await runner.setup()
    site = web.TCPSite(runner, settings.slack_host, settings.slack_port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        where = f"{settings.slack_host}:{settings.slack_port}"
        raise StartupError(f"cannot listen on {where}: {error}") from None
    host, port = runner.addresses[0][:2]
    health.connected(SLACK)  # HTTP mode is connected once Slack can reach the listener
    try:
        yield f"http://{host}:{port}{EVENTS_PATH}"
    finally:
        health.disconnected(SLACK)
        with contextlib.suppress(Exception):
            await runner.cleanup()


async def _socket_url(client: AsyncWebClient, app_token: str) -> str:
    try:
        opened = await client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        code = error_code(error)
        hint = " (SLACK_APP_TOKEN must be an xapp- token with connections:write)"
        raise StartupError(f"Slack refused the Socket Mode connection: {code}{hint}") from None
    except (TimeoutError, aiohttp.ClientError) as error:
        raise PlatformUnreachable("Slack", error) from None
    return str(opened["url"])


def _secret(secret: object, name: str) -> str:
    value = secret.get_secret_value() if secret is not None else ""  # type: ignore[attr-defined]
    if not value:
        raise StartupError(f"{name} is not set (see .env.example and the README)")
    return str(value)
