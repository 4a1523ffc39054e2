"""Generated answers through an LLM provider (LangChain), grounded in the retrieved sources and checked."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from pydantic import SecretStr
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_fixed

from bot.deadline import run_within
from bot.errors import UserFacingError
from bot.models import Answer, Language, Source, ToolCall, Turn
from bot.parts import Answerer, report
from bot.rag.answerers.llm_tools import (
    MAX_TOOL_CALLS,
    RefusedToolCall,
    ToolFailure,
    asks_for_amount,
    calculator_tools,
    for_model,
    parse_text_tool_call,
    run_tool,
    tool_source,
)
from bot.rag.answerers.prompts import (
    DEFAULT_LIMITS,
    PromptLimits,
    build_messages,
    calculator_result,
    cut_at_sentence,
    firmer,
    system_prompt,
)
from bot.rag.checks import Review, mask_secrets, review_answer, sanitise_output, tool_text
from bot.rag.retrieval.glossary import Glossary

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import ToolCall as LCToolCall
    from langchain_core.runnables import Runnable
    from langchain_core.tools import BaseTool

    from bot.settings import Settings

log = logging.getLogger(__name__)

PROVIDERS = ("ollama", "openai")
ALLOWED_FORMS = "'ollama:MODEL' (for example ollama:llama3.1:8b) or 'openai:MODEL' (for example openai:gpt-4o-mini)"
DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
# Local OpenAI-compatible servers (vLLM, LM Studio, llama.cpp) ignore the key, but the client insists on one.
PLACEHOLDER_API_KEY = "not-needed"
RETRY_BACKOFF = 0.5
MAX_ANSWER_TOKENS = 600
MAX_ANSWER_CHARS = 1200  # what a member reads on a phone; longer answers end at their last whole sentence before it
THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
# A rejected reply that a second try can mend: the form (tried again without tools) or the language.
RETRIES = {"tool_text": "format", "json": "format", "code": "format", "empty": "format", "echo": "format",
           "language": "language"}
T = TypeVar("T")


class ProviderError(RuntimeError):
    """The provider answered, but not with something usable (empty, malformed, endless tool calls)."""


class Cancelled(RuntimeError):
    """The answer's time budget ran out while the worker was still busy."""


@dataclass(frozen=True)
class ProviderSpec:
    """CAREERBOT_LLM split into its provider and model."""

    provider: str
    model: str


@dataclass
class Draft:
    """What the model produced before the checks: text, calculator runs, and the sources those runs cite."""

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    truncated: bool = False  # the provider stopped at the token limit


def parse_llm_spec(spec: str | None) -> ProviderSpec:
    """Validate CAREERBOT_LLM early, so a typo is a configuration error rather than a silent fallback."""
    provider, sep, model = (spec or "").strip().partition(":")
    if not sep or provider.lower() not in PROVIDERS or not model.strip():
        raise UserFacingError(f"CAREERBOT_LLM must be {ALLOWED_FORMS}; got {spec!r}")
    return ProviderSpec(provider.lower(), model.strip())


def _api_key(settings: Settings) -> SecretStr:
    """The configured key, or a placeholder when a local server (base URL set) needs none."""
    if settings.llm_api_key is not None and settings.llm_api_key.get_secret_value():
        return settings.llm_api_key
    if settings.llm_base_url:
        return SecretStr(PLACEHOLDER_API_KEY)
    raise UserFacingError(
        "openai:MODEL needs CAREERBOT_LLM_API_KEY, or CAREERBOT_LLM_BASE_URL pointing at an OpenAI-compatible server"
    )


def _ollama_client_kwargs(settings: Settings) -> dict[str, Any]:
    """Timeout for the Ollama HTTP client, plus a bearer key for an Ollama behind an authenticating proxy."""
    kwargs: dict[str, Any] = {"timeout": settings.llm_timeout}
    if settings.llm_api_key is not None and settings.llm_api_key.get_secret_value():
        kwargs["headers"] = {"Authorization": f"Bearer {settings.llm_api_key.get_secret_value()}"}
    return kwargs


def build_chat_model(settings: Settings, max_tokens: int = MAX_ANSWER_TOKENS) -> BaseChatModel:
    """The LangChain chat model for CAREERBOT_LLM; client retries are off because the answerer retries once."""
    spec = parse_llm_spec(settings.llm)
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:
        raise UserFacingError("CAREERBOT_LLM needs the llm extra: pip install 'careerbot[llm]'") from exc
    if spec.provider == "ollama":
        return init_chat_model(
            spec.model, model_provider="ollama", base_url=settings.llm_base_url or DEFAULT_OLLAMA_URL,
            client_kwargs=_ollama_client_kwargs(settings), num_predict=max_tokens, temperature=0,
        )
    return init_chat_model(
        spec.model, model_provider="openai", base_url=settings.llm_base_url, api_key=_api_key(settings),
        timeout=settings.llm_timeout, max_retries=0, max_tokens=max_tokens, temperature=0,
    )


def secret_values(settings: Settings) -> list[str]:
    """Every secret setting plus the provider URL: strings an answer must never contain."""
    values = [getattr(settings, name) for name in type(settings).model_fields]
    secrets = [value.get_secret_value() for value in values if isinstance(value, SecretStr)]
    return [value for value in [*secrets, settings.llm_base_url] if value and value != PLACEHOLDER_API_KEY]


def run_with_deadline(work: Callable[[threading.Event], T], seconds: float) -> T:
    """work(cancel) within `seconds`, else a TimeoutError (and `cancel` tells the worker to give up)."""
    return run_within(work, seconds, "careerbot-llm",
                      lambda: TimeoutError(f"the provider did not answer within {seconds:g} s"))


def retryable(exc: BaseException) -> bool:
    """Client errors (4xx other than 408/429) and our own cancellation will not improve on a second try."""
    if isinstance(exc, Cancelled):
        return False
    status = getattr(exc, "status_code", None)
    return not (isinstance(status, int) and 400 <= status < 500 and status not in (408, 429))


def describe(exc: BaseException, secrets: Sequence[str] = ()) -> str:
    """One log line for a provider failure: the exception type and its first line, any secret it echoes masked."""
    first_line = mask_secrets((str(exc).strip().splitlines() or [""])[0], secrets)
    return f"{type(exc).__name__}: {first_line[:300]}" if first_line else type(exc).__name__


def stopped_at_limit(reply: AIMessage) -> bool:
    """The provider ended the reply because it reached the token limit (OpenAI and Ollama spellings)."""
    metadata = reply.response_metadata or {}
    return "length" in (metadata.get("finish_reason"), metadata.get("done_reason"))


_masked: set[str] = set()


def mask_in_logs(secrets: Sequence[str]) -> None:
    """Mask these secrets in every log record from now on, whichever logger writes it and whatever handler
    shows it (a provider's error body can echo the API key): the record factory masks message and traceback."""
    new = {secret for secret in secrets if secret} - _masked
    if not new:
        return
    if not _masked:
        make_record = logging.getLogRecordFactory()

        def masking_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return _mask_record(make_record(*args, **kwargs))

        logging.setLogRecordFactory(masking_record)
    _masked.update(new)


def _mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is logging's to report, not ours
        return record
    masked = mask_secrets(message, _masked)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        if mask_secrets(text, _masked) != text:
            record.exc_text = mask_secrets(text, _masked)
    return record


def reply_text(reply: AIMessage) -> str:
    """The visible answer text, without the <think> blocks some local models emit."""
    return THINKING.sub("", reply.text).strip()


class LLMAnswerer:
    """An Answerer that generates with a chat model and falls back to `fallback` whenever it cannot be trusted."""

    def __init__(
        self,
        settings: Settings,
        fallback: Answerer,
        tools: Sequence[BaseTool] | None = None,
        *,
        model: BaseChatModel | None = None,
        limits: PromptLimits = DEFAULT_LIMITS,
        stream: bool = True,
        glossary: Glossary | None = None,
    ) -> None:
        self.fallback = fallback
        self.glossary = glossary  # matches a generated sentence to its source across languages
        self.timeout = settings.llm_timeout
        self.model = model if model is not None else build_chat_model(settings)
        self.tools = {tool.name: tool for tool in (tools if tools is not None else calculator_tools())}
        self.tool_mode = settings.llm_tools
        self.limits = limits
        self.stream = stream
        self.secrets = secret_values(settings)
        mask_in_logs([secret for secret in self.secrets if secret != settings.llm_base_url])
        self.prompt = system_prompt(limits)

    def tools_for(self, question: str) -> dict[str, BaseTool]:
        """The calculators offered for this question: CAREERBOT_LLM_TOOLS on, off, or auto (only for a question
        asking for an amount; the router has already answered the calculations it recognises)."""
        if self.tool_mode == "on" or (self.tool_mode == "auto" and asks_for_amount(question)):
            return self.tools
        return {}

    def compose(self, question: str, language: Language, sources: list[Source], history: Sequence[Turn]) -> Answer:
        """Generate, check, and return the generated answer, or the fallback's answer with the cause logged."""
        started = time.monotonic()
        # The fallback first: it costs no model time, and when it finds the documents do not answer the question
        # (off topic, or not covered), no model is asked: a small model answers anything, citing something.
        fallback = self.fallback.compose(question, language, sources, history)
        if not fallback.confident:
            return self._fallback(fallback, "not_in_documents")
        context = contextvars.copy_context()  # the worker reports progress to this answer's callback
        try:
            answer, reason = run_with_deadline(
                lambda cancel: context.run(self._attempts, question, language, sources, history, cancel),
                self.timeout)
        except Exception as exc:  # any provider failure: refused, timeout, HTTP error, malformed reply
            timed_out = isinstance(exc, TimeoutError | Cancelled) or "timeout" in type(exc).__name__.lower()
            reason = "timeout" if timed_out else "provider_error"
            log.warning("LLM provider failed, answering extractively (fallback_reason=%s): %s", reason,
                        describe(exc, self.secrets))
            return self._fallback(fallback, reason)
        if answer is None:
            return self._fallback(fallback, reason)
        log.info("answered_by=llm in %.1f s (%d calculator runs, confident=%s)", time.monotonic() - started,
                 len(answer.tool_calls), answer.confident)
        return answer

    def _attempts(
        self, question: str, language: Language, sources: list[Source], history: Sequence[Turn],
        cancel: threading.Event,
    ) -> tuple[Answer | None, str | None]:
        """A first try and, when a second can help (a reply in the wrong form or language), one more; the checked
        answer, or None with the reason it cannot be shown."""
        deadline = time.monotonic() + self.timeout
        messages = build_messages(question, language, sources, history, self.limits)
        tools = self.tools_for(question)
        report("generating")
        draft = self._generate(messages, sources, tools, language, cancel, deadline)
        answer, review = self._checked(question, language, sources, history, draft)
        if answer is not None:
            return answer, None
        reason = review.reasons[0]
        retry = RETRIES.get(reason)
        if retry is None:
            log.warning("generated answer replaced by the extractive answer (fallback_reason=%s): %s", reason,
                        "; ".join(review.problems))
            return None, reason
        log.info("generated answer rejected (%s), trying once more: %s", reason, "; ".join(review.problems))
        report("retrying")
        draft = self._generate(self._retry_messages(messages, draft, retry, language), sources, {}, language,
                               cancel, deadline)
        answer, review = self._checked(question, language, sources, history, draft)
        if answer is None:
            reason = review.reasons[0]
            log.warning("generated answer replaced by the extractive answer after a second try "
                        "(fallback_reason=%s): %s", reason, "; ".join(review.problems))
        return answer, reason if answer is None else None

    @staticmethod
    def _retry_messages(messages: list[BaseMessage], draft: Draft, retry: str, language: Language
                        ) -> list[BaseMessage]:
        """The second try's conversation: a wrong-language answer stays in it to be rewritten; a reply that was
        not an answer (JSON, a tool call as text) is left out, so the model is not led to repeat it."""
        if retry == "language":
            return [*messages, AIMessage(draft.text), firmer("language", language)]
        return [*messages, firmer("format", language)]

    def _checked(
        self, question: str, language: Language, sources: list[Source], history: Sequence[Turn], draft: Draft
    ) -> tuple[Answer | None, Review]:
        """Apply the checks: the answer to show, or None and the review saying why not."""
        report("checking")
        all_sources = [*sources, *draft.sources]
        evidence = self._evidence(question, history, all_sources, draft.tool_calls)
        text = cut_at_sentence(draft.text, MAX_ANSWER_CHARS)
        truncated = draft.truncated or text is None
        text = text or draft.text
        review = review_answer(text, all_sources, evidence, self.secrets, self.prompt, question=question,
                               language=language, truncated=truncated, glossary=self.glossary)
        if review.reasons:
            return None, review
        return Answer(question=question, language=language, text=review.text, confident=review.confident,
                      sources=all_sources, tool_calls=draft.tool_calls, answered_by="llm"), review

    @staticmethod
    def _evidence(question: str, history: Sequence[Turn], sources: list[Source], calls: list[ToolCall]) -> list[str]:
        """Texts a figure may come from: sources, calculator runs, and what the user wrote."""
        texts = [question, *(turn.text for turn in history if turn.role == "user")]
        texts += [f"{source.title}\n{source.section}\n{source.text}" for source in sources]
        texts += [json.dumps([call.arguments, call.result], ensure_ascii=False) for call in calls]
        return texts

    @staticmethod
    def _fallback(answer: Answer, reason: str | None) -> Answer:
        """The fallback's answer, with the same output hygiene as a generated one and the reason it was used."""
        urls = [source.url for source in answer.sources if source.url]
        log.info("answered_by=%s fallback_reason=%s", answer.answered_by, reason)
        return answer.model_copy(update={"text": sanitise_output(answer.text, urls), "fallback_reason": reason})

    def _generate(
        self, messages: list[BaseMessage], sources: list[Source], tools: dict[str, BaseTool], language: Language,
        cancel: threading.Event, deadline: float,
    ) -> Draft:
        """The tool-calling loop: at most MAX_TOOL_CALLS calculator runs, then the model must answer. A calculator
        call written as text is run too when it names an offered calculator with arguments it accepts."""
        runnable: Runnable = self.model.bind_tools(list(tools.values())) if tools else self.model
        draft = Draft()
        for _ in range(MAX_TOOL_CALLS + 1):
            reply = self._call(runnable, messages, cancel, deadline)
            if reply.invalid_tool_calls and not reply.tool_calls:
                raise ProviderError(f"malformed tool call: {reply.invalid_tool_calls[0].get('error')}")
            if reply.tool_calls:
                messages = [*messages, reply, *self._run_tools(reply, draft, tools, first_rank=len(sources) + 1)]
                continue
            draft.text, draft.truncated = reply_text(reply), stopped_at_limit(reply)
            ran = self._text_tool_call(draft, tools, first_rank=len(sources) + 1) if tools else None
            if ran is None:
                return draft
            runnable = self.model  # answer from the result now, in words
            messages = [*messages, AIMessage(draft.text), calculator_result(*ran, language=language)]
        raise ProviderError(f"the model kept calling tools after {MAX_TOOL_CALLS} calls")

    def _text_tool_call(self, draft: Draft, tools: dict[str, BaseTool], first_rank: int
                        ) -> tuple[str, int, str] | None:
        """Run a calculator call the model wrote as text; (name, rank, result) to hand back, or None when the text
        is no tool call, or one refused (it then fails the checks as tool_text)."""
        if not tool_text(draft.text) or len(draft.tool_calls) >= MAX_TOOL_CALLS:
            return None
        try:
            call = parse_text_tool_call(draft.text, tools)
            result = run_tool(tools[call.name], call.arguments)
        except (RefusedToolCall, ToolFailure) as exc:
            log.info("tool call written as text refused: %s", exc)
            return None
        record = ToolCall(name=call.name, arguments=call.arguments, result=result)
        source = tool_source(record, rank=first_rank + len(draft.sources))
        draft.tool_calls.append(record)
        draft.sources.append(source)
        return call.name, source.rank, json.dumps(for_model(result), ensure_ascii=False)

    def _run_tools(self, reply: AIMessage, draft: Draft, tools: dict[str, BaseTool], first_rank: int
                   ) -> list[ToolMessage]:
        """Run the calculators the model asked for; anything else, or past the cap, is refused in a tool message."""
        return [ToolMessage(self._tool_content(call, draft, tools, first_rank), tool_call_id=call["id"] or "")
                for call in reply.tool_calls]

    def _tool_content(self, call: LCToolCall, draft: Draft, tools: dict[str, BaseTool], first_rank: int) -> str:
        """One tool call's reply to the model, recording the calculator run and its citable source."""
        tool = tools.get(call["name"])
        if tool is None:
            log.warning("model asked for a tool that does not exist: %r", call["name"])
            return json.dumps({"error": f"no tool named {call['name']!r}; only {sorted(tools)} exist"})
        if len(draft.tool_calls) >= MAX_TOOL_CALLS:
            return json.dumps({"error": f"limit of {MAX_TOOL_CALLS} calculator calls reached; answer now"})
        try:
            result = run_tool(tool, call["args"])
        except ToolFailure as exc:
            return json.dumps({"error": str(exc)}, ensure_ascii=False)
        record = ToolCall(name=tool.name, arguments=call["args"], result=result)
        source = tool_source(record, rank=first_rank + len(draft.sources))
        draft.tool_calls.append(record)
        draft.sources.append(source)
        return json.dumps({"cite_as": f"[{source.rank}]", "result": for_model(result)}, ensure_ascii=False)

    def _call(
        self, runnable: Runnable, messages: list[BaseMessage], cancel: threading.Event, deadline: float
    ) -> AIMessage:
        """One model call, retried once after a short backoff when the failure is transient and time remains."""

        def worth_another_try(exc: BaseException) -> bool:  # an interrupt (not an Exception) never is
            return isinstance(exc, Exception) and retryable(exc) and time.monotonic() + RETRY_BACKOFF < deadline

        def pause(seconds: float) -> None:
            if cancel.wait(seconds):  # the answer's deadline passed during the backoff
                raise Cancelled("time budget used up")

        retrying = Retrying(retry=retry_if_exception(worth_another_try), stop=stop_after_attempt(2),
                            wait=wait_fixed(RETRY_BACKOFF), sleep=pause, before_sleep=self._log_retry, reraise=True)
        return retrying(self._once, runnable, messages, cancel)

    def _log_retry(self, attempt: RetryCallState) -> None:
        """Why the call is made again (tenacity calls this only after a failed attempt)."""
        failure = attempt.outcome.exception() if attempt.outcome else None
        log.info("LLM call failed, retrying once in %.1f s: %s", RETRY_BACKOFF,
                 describe(failure, self.secrets) if failure else "")

    def _once(self, runnable: Runnable, messages: list[BaseMessage], cancel: threading.Event) -> AIMessage:
        """Stream (so a trickling server is cut off at the deadline) or invoke, returning the whole reply."""
        if cancel.is_set():
            raise Cancelled("time budget used up")
        if not self.stream:
            return _as_message(runnable.invoke(messages))
        reply = None
        for chunk in runnable.stream(messages):
            if cancel.is_set():
                raise Cancelled("time budget used up")
            reply = chunk if reply is None else reply + chunk
        return _as_message(reply)


def _as_message(reply: object) -> AIMessage:
    """Insist on a chat message; anything else means the provider's response was malformed."""
    if not isinstance(reply, AIMessage):
        raise ProviderError(f"expected a chat message, got {type(reply).__name__}")
    return reply


def build_llm_answerer(settings: Settings, fallback: Answerer, tools: Sequence[BaseTool] | None = None,
                       glossary: Glossary | None = None) -> Answerer:
    """What build_runtime calls: the fallback alone when CAREERBOT_LLM is unset, else the checked LLM answerer."""
    if not settings.llm:
        return fallback
    return LLMAnswerer(settings, fallback, tools, glossary=glossary)
