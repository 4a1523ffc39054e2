# CPU image for the Discord bot. Build: docker build -t careerbot .
# For a community: docker compose up -d (compose.yaml: the bot, a Chroma server, a one-shot ingest).
# Alone:           docker run --env-file .env -v careerbot-data:/data careerbot
# The package is installed from a wheel, not editable: the calculators' figures and the vocabulary are found
# through CAREERBOT_KNOWLEDGE_DIR (/app/knowledge here), so no source tree is needed at run time.

# The wheel of this project, built apart so the source never reaches the final image.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY ingest ./ingest
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    OMP_NUM_THREADS=1 \
    CAREERBOT_DATA_DIR=/data \
    CAREERBOT_KNOWLEDGE_DIR=/app/knowledge

WORKDIR /app

# The CPU build of torch first, so sentence-transformers does not pull the CUDA one.
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# Dependencies before the source, so editing code does not reinstall them: a stub package with the same metadata.
COPY pyproject.toml README.md ./
# (hadolint DL3013 wants pins on the line: the stub is this project, its dependencies are declared in pyproject.toml)
# hadolint ignore=DL3013
RUN mkdir bot ingest && touch bot/__init__.py ingest/__init__.py \
    && pip install --no-cache-dir ".[llm]" \
    && pip uninstall -y careerbot \
    && rm -rf bot ingest build ./*.egg-info pyproject.toml README.md

# The project itself (its dependencies are already there) and the documents it ingests.
COPY --from=wheel /wheels /tmp/wheels
RUN pip install --no-cache-dir --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels
COPY knowledge ./knowledge

# A non-root user (careerbot, uid 10001) that owns only the data directory.
RUN useradd --create-home --uid 10001 careerbot \
    && mkdir -p /data && chown careerbot /data
USER 10001
VOLUME ["/data"]

# Healthy when the settings are valid and the index answers (one line; exit 1 otherwise).
HEALTHCHECK --interval=30s --timeout=20s --start-period=120s --retries=3 CMD ["careerbot", "health"]

# Without a Chroma server the bot ingests knowledge/ into /data on its first start. Slash commands are synced
# separately: docker run --env-file .env careerbot careerbot sync-commands (or docker compose run --rm bot ...)
CMD ["careerbot", "run"]
