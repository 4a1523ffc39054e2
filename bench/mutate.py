"""`make mutate`: mutmut over the core modules, each module's mutants against its own fast test files, in a time budget.

For every module below, a fresh copy of the checkout is made in WORKDIR/NAME (never in the repository: mutmut writes
its `mutants/` folder where it runs), that copy's pyproject.toml gets a `[tool.mutmut]` section (MUTMUT below, with
the module as `only_mutate` and its test files as `pytest_add_cli_args_test_selection`), and `mutmut run` tries every
mutant against the tests among those that call the mutated function. The model's document vectors are kept in
WORKDIR/vectors.pkl (bench/mutate_plugin.py, loaded into each run), so each mutant's tests ingest in under a second.

The run keeps to --budget minutes (default 30): each module gets a share of what is left, by its number of source
lines, and is stopped when its share is spent; its untried mutants are then counted as "not checked" in the report.

Usage: python bench/mutate.py [NAME ...] [--jobs N] [--budget MINUTES] [--workdir DIR]   (no NAME: every module)
Report: WORKDIR/report.md (counts per module, then every mutant that survived, timed out or had no test, with its
diff). `--list` prints the modules and their test files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPIED = ["bot", "ingest", "knowledge", "tests", "pyproject.toml", "bench/mutate_plugin.py"]

# name -> (files to mutate, test files run against them). Only in-process tests that exercise the module: the CLI
# subprocess tests run the installed checkout, not the mutants, and the Discord end-to-end tests take a minute.
# Modules cheapest first, so that time a module leaves over goes to the slow ones at the end; each module's test
# files fastest first, the order bench/mutate_plugin.py runs them in (mutmut stops a mutant's run at its first failure).
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "discord": (["bot/discord/gates.py", "bot/discord/cooldown.py"], [
        "tests/bot/discord/test_gates.py", "tests/bot/discord/cogs/test_ask.py",
        "tests/bot/discord/cogs/test_library.py", "tests/bot/discord/cogs/test_conversation.py",
        "tests/bot/discord/e2e/test_cooldown_e2e.py", "tests/bot/discord/e2e/test_calculators_e2e.py"]),
    "checks": ([f"bot/rag/checks/{name}.py" for name in ("__init__", "citations", "figures", "language", "leaks",
                                                          "links", "shape")], [
        "tests/bot/rag/checks/test_checks_edges.py", "tests/bot/rag/checks/test_llm_checks.py",
        "tests/bot/test_numbers.py"]),
    "router": (["bot/rates/router.py"], [
        "tests/bot/rates/test_router.py", "tests/bot/rates/test_router_chat.py", "tests/bot/rates/test_vocabulary.py",
        "tests/bot/rates/test_router_edges.py"]),
    "calculators": (["bot/rates/calculators.py"], [
        "tests/bot/rates/test_calculators_check.py", "tests/bot/rates/test_calculators_more.py",
        "tests/bot/rates/test_calculators.py", "tests/bot/rates/test_answers.py",
        "tests/bot/rates/test_answers_wording.py", "tests/bot/rates/test_properties.py"]),
    "engine": (["bot/engine.py"], [
        "tests/bot/test_engine_units.py", "tests/bot/test_engine_edges.py", "tests/bot/rag/answerers/test_answerer.py",
        "tests/bot/rag/answerers/test_llm_engine.py", "tests/bot/rates/test_router.py",
        "tests/bot/rates/test_router_chat.py"]),
    # the store's own tests and the pipeline's on a small embedder, both on a real embedded Chroma; the tests that
    # start a `chroma run` server (test_chroma_server.py) or ingest with the model stay in `make test` only, since
    # every surviving store mutant would run them all
    "store": (["bot/rag/index/store.py"], [
        "tests/bot/rag/index/test_store_units.py", "tests/ingest/test_pipeline_runs.py"]),
    "pipeline": (["ingest/pipeline.py"], [
        "tests/ingest/test_pipeline_units.py", "tests/ingest/test_pipeline_runs.py", "tests/ingest/test_ingest.py",
        "tests/ingest/test_maintaining.py"]),
    "answer_llm": (["bot/rag/answerers/answer_llm.py"], [
        "tests/bot/rag/answerers/test_llm_units.py", "tests/bot/rag/answerers/test_llm_engine.py",
        "tests/bot/rag/answerers/test_llm_tools.py", "tests/bot/rag/answerers/test_llm_injection.py",
        "tests/bot/rag/answerers/test_llm_config.py", "tests/bot/rag/answerers/test_llm_prompts.py"]),
    "answer_extractive": (["bot/rag/answerers/answer_extractive.py"], [
        "tests/bot/rag/answerers/test_answerer_shapes.py", "tests/bot/rag/answerers/test_answerer_edges.py",
        "tests/bot/rag/answerers/test_answerer.py", "tests/integration/test_answers_multilingual.py"]),
}
RESULT = re.compile(r"^\s+(\S+): (.+)$")

# The settings mutmut reads from the copy's pyproject.toml; prepare() adds the module and its test files.
MUTMUT: dict[str, str | list[str]] = {
    "source_paths": ["bot", "ingest"],
    # bench/mutate_plugin.py keeps the model's vectors between runs and runs the fast tests first
    "also_copy": ["knowledge", "bench"],
    "pytest_add_cli_args": ["-p", "no:cacheprovider", "-p", "bench.mutate_plugin"],
    # Chroma and the model start threads: a worker forked from a process that ran them can hang, so fork from a
    # clean one.
    "process_isolation": "forkserver",
    # a log message is for the operator, not behaviour the tests can tell apart
    "do_not_mutate_patterns": [r"\blog\.(debug|info|warning|error|exception)\("],
}


def prepare(workdir: Path, mutate: list[str], tests: list[str]) -> None:
    """A fresh copy of the checkout with this module's mutmut settings."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=ignore)
        else:
            (workdir / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, workdir / name)
    text = (workdir / "pyproject.toml").read_text(encoding="utf-8")
    if "mutmut" in tomllib.loads(text).get("tool", {}):
        raise SystemExit("pyproject.toml has a [tool.mutmut] section: the settings are MUTMUT in bench/mutate.py")
    settings = {**MUTMUT, "only_mutate": mutate, "pytest_add_cli_args_test_selection": tests}
    # a JSON string or list of strings is a TOML one too
    text += "\n[tool.mutmut]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    if tomllib.loads(text)["tool"]["mutmut"] != settings:
        raise SystemExit("the [tool.mutmut] section written does not read back as the settings")
    (workdir / "pyproject.toml").write_text(text, encoding="utf-8")


def mutmut(workdir: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=workdir, env=env, capture_output=True,
                          text=True).stdout


def mutmut_run(workdir: Path, env: dict[str, str], jobs: int, log: Path, seconds: float) -> bool:
    """`mutmut run` in its own process group (it forks workers); False when stopped at the end of its share."""
    with log.open("w", encoding="utf-8") as out:
        run = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)], cwd=workdir,
                               env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = run.wait(timeout=max(seconds, 1))
        except subprocess.TimeoutExpired:
            stop(run)
            return False
        except BaseException:  # Ctrl-C or a kill of this driver: its workers, in their own session, go too
            stop(run)
            raise
    if code != 0:
        print(f"mutmut run exited {code}; see {log}", file=sys.stderr)
    return True


def stop(run: subprocess.Popen) -> None:
    """Stop mutmut and the workers it forked."""
    os.killpg(run.pid, signal.SIGTERM)
    try:
        run.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()


def run_module(name: str, base: Path, jobs: int, env: dict[str, str],
               share: float) -> tuple[dict[str, int], list[str], bool]:
    mutate, tests = MODULES[name]
    tests = [t for t in tests if (REPO / t).is_file()]
    workdir = base / name
    prepare(workdir, mutate, tests)
    env = {**env, "CAREERBOT_MUTATE_ORDER": ",".join(tests)}  # bench/mutate_plugin.py runs them in this order
    finished = mutmut_run(workdir, env, jobs, base / f"{name}.log", share)
    counts: dict[str, int] = {}
    details = []
    for found in filter(None, map(RESULT.match, mutmut(workdir, env, "results", "--all", "true").splitlines())):
        mutant, status = found.groups()
        counts[status] = counts.get(status, 0) + 1
        if status not in ("killed", "not checked"):
            details.append(mutmut(workdir, env, "show", mutant).rstrip())
    return counts, details, finished


def lines_of(name: str) -> int:
    return sum(len((REPO / path).read_text(encoding="utf-8").splitlines()) for path in MODULES[name][0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"modules to mutate (default: all): {', '.join(MODULES)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--budget", type=float, default=30.0, help="minutes for the whole run (default 30)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "careerbot-mutate")
    parser.add_argument("--list", action="store_true", help="print the modules and their test files, and exit")
    options = parser.parse_args()
    if options.list:
        for name, (mutate, tests) in MODULES.items():
            print(f"{name}: {' '.join(mutate)}\n    {' '.join(tests)}")
        return 0
    unknown = [name for name in options.names if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    base = options.workdir.resolve()
    if base == REPO or REPO in base.parents:
        parser.error("the work directory must be outside the repository (mutmut writes mutants/ there)")
    base.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(OMP_NUM_THREADS="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               CAREERBOT_TEST_VECTOR_CACHE=str(base / "vectors.pkl"))

    names = options.names or list(MODULES)
    deadline = time.monotonic() + options.budget * 60
    rows, survivors, started = [], [], time.monotonic()
    for index, name in enumerate(names):
        begun = time.monotonic()
        share = (deadline - begun) * lines_of(name) / sum(lines_of(n) for n in names[index:])
        counts, details, finished = run_module(name, base, options.jobs, env, share)
        seconds = time.monotonic() - begun
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "no mutants"
        summary += "" if finished else f" (stopped after its share of {share / 60:.1f} min)"
        rows.append(f"| {name} | {' '.join(MODULES[name][0])} | {summary} | {seconds / 60:.1f} min |")
        survivors += [f"### {name}\n"] + [f"```diff\n{detail}\n```\n" for detail in details] if details else []
        print(f"{name}: {summary} ({seconds:.0f} s)", flush=True)
    total = time.monotonic() - started
    report = ["# Mutation run", "", f"{total / 60:.1f} minutes, {options.jobs} jobs, a budget of {options.budget:g}.",
              "", "| module | files | mutants | time |", "|---|---|---|---|", *rows, "",
              "## Not killed (survived, timeout, suspicious or no tests; not checked ones are only counted)", "",
              *survivors]
    (base / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"report: {base / 'report.md'}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill stops the workers as Ctrl-C does
    sys.exit(main())
