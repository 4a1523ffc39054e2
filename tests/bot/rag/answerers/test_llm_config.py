"""CAREERBOT_LLM and friends: provider forms, the chat models they build, deadlines and retries."""

from __future__ import annotations

import threading

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from bot.errors import UserFacingError
from bot.rag.answerers.answer_llm import (
    DEFAULT_OLLAMA_URL,
    LLMAnswerer,
    ProviderSpec,
    build_chat_model,
    build_llm_answerer,
    parse_llm_spec,
    retryable,
    run_with_deadline,
    secret_values,
)
from tests.bot.rag.answerers.llm_support import StandInExtractive, make_settings


@pytest.mark.parametrize(("spec", "expected"), [
    ("ollama:llama3.1:8b", ProviderSpec("ollama", "llama3.1:8b")),
    ("openai:gpt-4o-mini", ProviderSpec("openai", "gpt-4o-mini")),
    (" OpenAI:Qwen/Qwen2.5-7B-Instruct ", ProviderSpec("openai", "Qwen/Qwen2.5-7B-Instruct")),
])
def test_the_two_provider_forms_parse(spec: str, expected: ProviderSpec) -> None:
    assert parse_llm_spec(spec) == expected


@pytest.mark.parametrize("spec", ["llama3", "anthropic:claude", "ollama:", "openai:  ", ":gpt-4o", "", None])
def test_anything_else_is_a_user_facing_error_naming_the_allowed_forms(spec: str | None) -> None:
    with pytest.raises(UserFacingError, match=r"'ollama:MODEL'.*'openai:MODEL'"):
        parse_llm_spec(spec)


def test_an_unknown_provider_fails_when_the_answerer_is_built() -> None:
    with pytest.raises(UserFacingError, match="CAREERBOT_LLM must be"):
        build_llm_answerer(make_settings("mistral:large", None), StandInExtractive())


def test_unset_llm_keeps_the_extractive_answerer() -> None:
    fallback = StandInExtractive()
    assert build_llm_answerer(make_settings(None, None), fallback) is fallback


def test_a_set_llm_builds_the_checked_answerer_with_the_calculators() -> None:
    answerer = build_llm_answerer(make_settings("ollama:llama3.1:8b", None), StandInExtractive())
    assert isinstance(answerer, LLMAnswerer) and "salary" in answerer.tools


def test_ollama_uses_the_local_default_url_the_timeout_and_the_answer_cap() -> None:
    model = build_chat_model(make_settings("ollama:llama3.1:8b", None, llm_timeout=7.0))
    assert isinstance(model, ChatOllama)
    assert (model.model, model.base_url, model.num_predict, model.temperature) == ("llama3.1:8b", DEFAULT_OLLAMA_URL,
                                                                                  600, 0)
    assert model.client_kwargs["timeout"] == 7.0


def test_openai_compatible_server_gets_base_url_timeout_no_client_retries_and_a_placeholder_key() -> None:
    model = build_chat_model(make_settings("openai:local-model", "http://127.0.0.1:8000/v1", llm_timeout=9.0))
    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.openai_api_base, model.request_timeout, model.max_retries) == (
        "local-model", "http://127.0.0.1:8000/v1", 9.0, 0)
    assert model.openai_api_key.get_secret_value() == "not-needed"
    assert model.max_tokens == 600


def test_openai_without_a_key_or_a_base_url_is_a_configuration_error() -> None:
    with pytest.raises(UserFacingError, match="CAREERBOT_LLM_API_KEY"):
        build_chat_model(make_settings("openai:gpt-4o-mini", None))


def test_secret_values_cover_keys_tokens_and_the_provider_url_but_not_the_placeholder() -> None:
    settings = make_settings("openai:m", "http://10.0.0.5:8000/v1", llm_api_key=SecretStr("sk-abc-123456"),
                             discord_token=SecretStr("discord-token-xyz"))
    assert sorted(secret_values(settings)) == ["discord-token-xyz", "http://10.0.0.5:8000/v1", "sk-abc-123456"]
    assert "not-needed" not in secret_values(make_settings("openai:m", "http://127.0.0.1:1/v1"))


def test_run_with_deadline_returns_raises_and_gives_up_on_time() -> None:
    assert run_with_deadline(lambda cancel: 42, 1.0) == 42
    with pytest.raises(KeyError):
        run_with_deadline(lambda cancel: {}["missing"], 1.0)
    release, seen = threading.Event(), threading.Event()

    def stubborn(cancel: threading.Event) -> str:
        """Holds on until the test releases it, then reports whether it was told to give up."""
        release.wait(30)
        if cancel.is_set():
            seen.set()
        return "too late"

    try:
        with pytest.raises(TimeoutError, match="did not answer within 0.2 s"):
            run_with_deadline(stubborn, 0.2)  # a deadline that waited for the worker would return "too late"
    finally:
        release.set()
    assert seen.wait(30), "the worker is told to give up"


class StatusError(Exception):
    """An error carrying an HTTP status, like the provider clients raise."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"status {status_code}")
        self.status_code = status_code


@pytest.mark.parametrize(("error", "again"), [
    (ConnectionRefusedError(), True), (TimeoutError(), True), (ValueError("bad json"), True),
    (StatusError(500), True), (StatusError(503), True), (StatusError(429), True), (StatusError(408), True),
    (StatusError(400), False), (StatusError(401), False), (StatusError(404), False),
])
def test_only_transient_failures_are_retried(error: Exception, again: bool) -> None:
    assert retryable(error) is again
