# Both entry points create .venv on first use; torch comes first as the local CPU build.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install demo test lint bench bot clean mutate eval-llm soak

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev,llm]"
	touch $(STAMP)

install: $(STAMP)

# Ingest knowledge/, then chat; without a terminal, answer three sample questions and exit.
demo: $(STAMP)
	$(BIN)/careerbot ingest
	@if [ -t 0 ] && [ -t 1 ]; then \
		$(BIN)/careerbot chat; \
	else \
		printf '%s\n' \
			"Hoeveel verdient een back-end developer in Vlaanderen per maand?" \
			"Does remote work lower senior backend salaries in Belgium?" \
			"Is 650 euro per day a good rate for a mid-level freelancer?" \
		| $(BIN)/careerbot chat; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) -m pytest -q --durations=15 -n auto --maxprocesses=4 --dist loadfile

bench: $(STAMP)
	$(PY) bench/run.py

# Not part of `make test` (a few minutes): four threads answer for SOAK_SECONDS while another re-ingests SOAK_INGESTS
# times, in a data directory and then against a `chroma run` server; prints answers served and failed, p95 latency
# during ingests and otherwise, and deleted builds' directories left on disk. Exits 1 when an answer failed.
SOAK_SECONDS ?= 60
SOAK_INGESTS ?= 10
soak: $(STAMP)
	$(PY) bench/soak.py --duration $(SOAK_SECONDS) --ingests $(SOAK_INGESTS)

# Mutation run over the core modules, not part of `make test`: each module's mutants against its own test files
# (bench/mutate.py lists them), in a copy under $(MUTATE_DIR), never in the checkout. It keeps to MUTATE_BUDGET
# minutes; a module stopped at its share counts its untried mutants as "not checked". Some modules only:
# `make mutate MODULES="engine router"`. The report: $(MUTATE_DIR)/report.md (README, "Mutation testing").
MUTATE_DIR    ?= $(or $(TMPDIR),/tmp)/careerbot-mutate
MUTATE_BUDGET ?= 30
MODULES       ?=
mutate: $(STAMP)
	$(PY) bench/mutate.py --workdir $(MUTATE_DIR) --budget $(MUTATE_BUDGET) $(MODULES)

# Generated answers with the configured model server (CAREERBOT_LLM, CAREERBOT_LLM_BASE_URL; not part of
# `make test`): the dev answers file through the LLM engine and the extractive one in the same run. The answers
# are also written to $(EVAL_LLM_ANSWERS) for ../shared/tools/score_answers.py (README, "Generated answers").
EVAL_LLM_QUESTIONS ?= ../shared/eval/dev_answers.jsonl
EVAL_LLM_ANSWERS   ?= $(or $(TMPDIR),/tmp)/careerbot-eval-llm.jsonl
eval-llm: $(STAMP)
	$(BIN)/careerbot ingest >/dev/null
	$(PY) bench/eval_llm.py $(EVAL_LLM_QUESTIONS) --answers $(EVAL_LLM_ANSWERS)

bot: $(STAMP)
	$(BIN)/careerbot run

clean:
	rm -rf $(VENV) data .pytest_cache
