#!/usr/bin/env bash
# The static checks `make test` runs before the suite: lint, formatting, migrations in step with the
# models, the layer contract between the apps, and the type check of the pure modules.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=gongkai.settings_test

echo "== ruff check"
"$BIN/ruff" check .
echo "== ruff format --check"
"$BIN/ruff" format --check .
echo "== migrations match the models"
"$BIN/gongkai" makemigrations --check --dry-run
echo "== layer contract (import-linter)"
"$BIN/lint-imports" --no-cache
echo "== type check (mypy)"
"$BIN/mypy"
