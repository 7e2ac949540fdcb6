# The two commands that matter: `make demo` and `make test` (README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_ENV := GONGKAI_DEMO=1

.PHONY: demo test setup system-packages lint migrate seed clean-demo

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Gongkai needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changes, so a second `make demo` starts within seconds.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests and PDF output need (chromium, CJK fonts, poppler); installed when
# missing and we are root, otherwise the script says what is missing.
system-packages:
	@bash scripts/system-packages.sh

migrate: setup
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/gongkai migrate --noinput

seed: migrate
	$(DEMO_ENV) $(BIN)/gongkai seed-demo

demo: system-packages seed
	@bash scripts/demo.sh

# ruff (lint and format), migrations in step, the layer contract, the type check.
lint: setup
	@bash scripts/check.sh

test: setup system-packages
	@bash scripts/check.sh
	@bash scripts/test.sh

clean-demo:
	rm -rf var
