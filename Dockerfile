# GD Lab for a whole class: one replica (about one core). Several behind HAProxy:
# deploy/compose.yaml; sizing and probes in docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 gdlab
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=gdlab:gdlab app.py ./
COPY --chown=gdlab:gdlab gdcore/ gdcore/
COPY --chown=gdlab:gdlab ui/ ui/
COPY --chown=gdlab:gdlab topics/ topics/
COPY --chown=gdlab:gdlab pages/ pages/
COPY --chown=gdlab:gdlab assets/ assets/
COPY --chown=gdlab:gdlab .streamlit/ .streamlit/
COPY --chown=gdlab:gdlab static/ static/

USER gdlab
EXPOSE 8501

# A replica whose one core is busy with students' scripts answers /_stcore/health late
# (seconds), not never: 10 s, 3 retries, so that busy is not mistaken for dead.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=9).status != 200)"

CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
