"""The LLM answerer in place of the default one: through Engine.answer, falling back to the real extractive answerer."""

from __future__ import annotations

from bot.engine import Engine
from bot.models import Source, Turn
from bot.rag.answerers.answer_extractive import ExtractiveAnswerer
from bot.rag.answerers.answer_llm import LLMAnswerer, build_llm_answerer
from tests.bot.rag.answerers.llm_scripted_server import Reply, ScriptedServer, free_port
from tests.bot.rag.answerers.llm_support import make_settings


class FixedRetriever:
    """Returns the same chunks for every query and remembers the queries."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.queries: list[str] = []

    def search(self, query: str, k: int) -> list[Source]:
        self.queries.append(query)
        return self.sources[:k]


def test_engine_answer_uses_the_generated_answer_and_bounded_history(
    openai_server: ScriptedServer, sources: list[Source]
) -> None:
    openai_server.add(Reply("Seniors earn €75,000 or more [1]."))
    llm = build_llm_answerer(make_settings("openai:test-model", openai_server.url), ExtractiveAnswerer(), tools=[])
    engine = Engine(retriever=FixedRetriever(sources), answerer=llm)
    history = [Turn(role="user" if i % 2 == 0 else "assistant", text=f"turn {i}") for i in range(12)]
    answer = engine.answer("And what do seniors earn in Brussels?", history)
    assert answer.to_json_dict()["answer"] == "Seniors earn €75,000 or more [1]."
    assert answer.confident and answer.question == "And what do seniors earn in Brussels?"
    sent = [m["content"] for m in openai_server.requests[0]["messages"][1:-1]]
    assert sent == [f"turn {i}" for i in range(6, 12)]


def test_the_real_extractive_answerer_answers_when_the_provider_is_down(sources: list[Source]) -> None:
    llm = LLMAnswerer(make_settings("ollama:llama3.1:8b", f"http://127.0.0.1:{free_port()}"), ExtractiveAnswerer(),
                      tools=[])
    question = "What does a medior backend developer earn in Brussels?"
    answer = llm.compose(question, "en", sources, [])
    extractive = ExtractiveAnswerer().compose(question, "en", sources, [])
    assert answer == extractive.model_copy(update={"fallback_reason": "provider_error"})
    assert answer.to_json_dict()["answered_by"] == "extractive"
    assert "€55.000" in answer.text and "[1]" in answer.text
