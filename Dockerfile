# The Casetrail image used by docker-compose.yml: one image, several commands (api, relay, consumers).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain domain
COPY projections projections
COPY api api
COPY consumers consumers
COPY runtime runtime
COPY web web
RUN pip install --no-cache-dir . && useradd --system casetrail
USER casetrail
EXPOSE 8000
CMD ["casetrail", "serve", "--host", "0.0.0.0"]
