"""`careerbot run`: check the token, take the data directory's lock, build the resources, serve until a signal."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import re
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import discord
from filelock import FileLock, Timeout
from pydantic import SecretStr

from bot.discord.ports import Runtime
from bot.errors import UserFacingError
from bot.feedback.store import FeedbackStore
from bot.settings import Settings

log = logging.getLogger(__name__)

LOCK_NAME = "bot.lock"
WORKER_THREADS = 4
# Seconds to wait before each new login attempt while Discord cannot be reached; then `careerbot run` gives up.
LOGIN_RETRY_WAITS = (2.0, 5.0, 10.0, 20.0)
# What "Discord cannot be reached" looks like from discord.py: no connection, a timeout, a 5xx after its retries.
UNREACHABLE = (aiohttp.ClientConnectionError, OSError, asyncio.TimeoutError, discord.DiscordServerError)
# Three base64url parts: the bot's user id, a timestamp, an HMAC.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


def check_token(secret: SecretStr | None) -> str:
    """The token, or a UserFacingError before any connection is attempted; the token is never echoed."""
    token = secret.get_secret_value().strip() if secret else ""
    if not token:
        raise UserFacingError(
            "CAREERBOT_DISCORD_TOKEN is not set; copy the bot token from the Discord developer portal "
            "(Application > Bot > Reset Token) into the environment or .env"
        )
    if token.lower().startswith("bot "):
        raise UserFacingError("CAREERBOT_DISCORD_TOKEN starts with 'Bot '; set the token alone, without the prefix")
    if not TOKEN_SHAPE.match(token) or not _encodes_an_id(token.split(".", 1)[0]):
        raise UserFacingError(
            "CAREERBOT_DISCORD_TOKEN does not look like a Discord bot token (three dot-separated parts, the first "
            "one the bot's id in base64); copy it again from the developer portal's Bot page"
        )
    return token


def _encodes_an_id(part: str) -> bool:
    """A bot token starts with the bot's numeric user id in base64."""
    try:
        decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return decoded.isdigit() and 15 <= len(decoded) <= 21


@contextmanager
def instance_lock(data_dir: Path) -> Iterator[None]:
    """One bot process per data directory: two would fight over the embedded index and answer twice."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / LOCK_NAME), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UserFacingError(
            f"another careerbot process is already running with the data directory '{data_dir}'; stop it first"
        ) from None
    try:
        yield
    finally:
        lock.release()


def ensure_index(runtime: Runtime) -> None:
    """Answers need an index: ingest knowledge/ first when it is empty, and say so in the log."""
    if not runtime.index_is_empty():
        return
    log.info("the index is empty: ingesting %s before connecting to Discord", runtime.settings.knowledge_dir)
    report = runtime.ingest()  # before connecting: no answers to leave a core for
    log.info("ingested %s documents, %s chunks in %.1f s", report.documents, report.chunks, report.seconds)


def run_bot(settings: Settings, build_runtime: Callable[[Settings], Runtime] | None = None) -> None:
    """Everything `careerbot run` does, in order; returns normally (exit 0) after SIGTERM or Ctrl-C."""
    token = check_token(settings.discord_token)
    with instance_lock(settings.data_dir):
        runtime = (build_runtime or _default_runtime)(settings)
        feedback: FeedbackStore | None = None
        try:
            ensure_index(runtime)
            feedback = FeedbackStore.from_settings(settings)  # CAREERBOT_FEEDBACK_URL or the data directory
            asyncio.run(_serve_with_pool(settings, runtime, feedback, token))
        finally:
            if feedback is not None:
                feedback.close()
            runtime.close()
    log.info("stopped")


def _default_runtime(settings: Settings) -> Runtime:
    """The real runtime; imported here so the CLI stays fast and Discord code never imports it at module load."""
    from bot.runtime import build_runtime

    return build_runtime(settings)


async def _serve_with_pool(settings: Settings, runtime: Runtime, feedback: FeedbackStore, token: str) -> None:
    """asyncio.to_thread runs in our own pool, which is shut down with the bot."""
    from bot.discord.client import CareerBot

    pool = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="careerbot")
    asyncio.get_running_loop().set_default_executor(pool)
    try:
        await serve(CareerBot(settings=settings, runtime=runtime, feedback=feedback), token)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def serve(bot: discord.Client, token: str) -> None:
    """Run the client until it stops or SIGTERM/SIGINT arrives, then close the gateway."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    running = asyncio.create_task(_start(bot, token), name="discord-client")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stopping in done:
            log.info("signal received: closing the Discord connection")
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await bot.close()
        stopping.cancel()
        await _finish(running)


async def _start(bot: discord.Client, token: str) -> None:
    """Client.start, with the login retried while Discord cannot be reached; once connected, discord.py itself
    reconnects with backoff."""
    await login_with_retries(bot, token)
    await bot.connect(reconnect=True)


async def login_with_retries(bot: discord.Client, token: str, waits: tuple[float, ...] | None = None) -> None:
    """Log in; when Discord cannot be reached, say so in one log line and try again after each wait, then give
    up with one line for the operator (the details of each attempt are in the log)."""
    waits = LOGIN_RETRY_WAITS if waits is None else waits
    for attempt, wait in enumerate((*waits, None), start=1):
        try:
            await bot.login(token)
            return
        except UNREACHABLE as err:
            reason = unreachable_reason(err)
            if wait is None:
                raise UserFacingError(f"cannot reach Discord ({reason}) after {attempt} attempts; check the network "
                                      "connection (and https://discordstatus.com), then start the bot again") from None
            log.warning("cannot reach Discord (%s); trying again in %g s (attempt %d of %d)", reason, wait, attempt,
                        len(waits) + 1)
            log.debug("login attempt %d failed", attempt, exc_info=True)
            await asyncio.sleep(wait)


def unreachable_reason(err: BaseException) -> str:
    """A few words on why Discord could not be reached, without a traceback."""
    if isinstance(err, asyncio.TimeoutError):
        return "timed out"
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 160 else text[:159] + "…"


async def _finish(task: asyncio.Task[None]) -> None:
    """Wait for the client task; an error in it (bad token, no network) propagates to the CLI."""
    if not task.done():
        task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    except discord.LoginFailure:
        raise UserFacingError("Discord rejected CAREERBOT_DISCORD_TOKEN; reset it in the developer portal") from None
    except discord.PrivilegedIntentsRequired:
        raise UserFacingError(
            "CAREERBOT_MESSAGE_CONTENT=true needs the Message Content intent: enable it on the developer portal's "
            "Bot page, or set CAREERBOT_MESSAGE_CONTENT=false"
        ) from None
