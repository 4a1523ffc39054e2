# CPU image for the Discord bot. Build: docker build -t careerbot .
# Run:   docker run --env-file .env -v careerbot-data:/data careerbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    CAREERBOT_DATA_DIR=/data \
    CAREERBOT_KNOWLEDGE_DIR=/app/knowledge

WORKDIR /app

# The CPU build of torch first, so sentence-transformers does not pull the CUDA one.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# Dependencies before the source, so editing code does not reinstall them: a stub package with the same metadata.
COPY pyproject.toml README.md ./
RUN mkdir bot ingest && touch bot/__init__.py ingest/__init__.py \
    && pip install ".[llm]" \
    && pip uninstall -y careerbot \
    && rm -rf bot ingest build *.egg-info

# The source and the documents; editable, because the calculators read knowledge/rates next to the package.
COPY bot ./bot
COPY ingest ./ingest
COPY knowledge ./knowledge
RUN pip install --no-deps -e . \
    && useradd --create-home --uid 10001 careerbot \
    && mkdir -p /data && chown careerbot /data

USER careerbot
VOLUME ["/data"]
# The bot ingests knowledge/ into /data on its first start; slash commands are synced separately:
#   docker run --env-file .env careerbot careerbot sync-commands
CMD ["careerbot", "run"]
