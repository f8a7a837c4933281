# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every check the collection has, runnable from a fresh clone: `make test` runs them all and stops at
# the first failure. `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Every test, demo and benchmark talks to loopback only: the credential chain must never try the real ECS
# metadata address (100.100.100.200), whatever a run is missing. Tests of that path use the emulator instead.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED := true

PYTHON ?= python3.11
# The Python version ansible-test runs the tests with (inside venvs it creates itself).
TEST_PYTHON ?= 3.11
ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
VENV_2.16 := $(ROOT)/.venv-2.16
# ansible-core versions: the newest (2.19, in .venv) and the oldest the collection supports (2.16).
CORES ?= 2.19 2.16
# The tree ansible-test needs: ansible_collections/<namespace>/<name>.
# Override to keep parallel runs apart: make units TREE=/tmp/me/ansible_collections/alibabacloud/ccc
TREE ?= $(ROOT)/.build/ansible_collections/alibabacloud/ccc
DIST := $(ROOT)/.build/dist
# Where `make install` puts the built collection; ansible.cfg points ad-hoc commands there.
COLLECTIONS := $(ROOT)/.build/collections

# Extra arguments, e.g. make sanity SANITY_ARGS="--test pylint plugins/modules/ccc_phone_numbers.py"
SANITY_ARGS ?=
UNITS_ARGS ?=
INTEGRATION_ARGS ?=
PYTEST_ARGS ?=

venv_for = $(if $(filter 2.16,$(1)),$(VENV_2.16),$(VENV))

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 22

# ---------------------------------------------------------------------------------------------- setup
.PHONY: venv venv-2.16 venvs lock
venv: ## .venv: the pinned dev tools with ansible-core 2.19 (a no-op when up to date)
	@PYTHON=$(PYTHON) scripts/ensure-venv.sh $(VENV) requirements-dev.txt requirements-dev.txt requirements-dev.lock

venv-2.16: ## .venv-2.16: ansible-core 2.16 for units and integration on the oldest core
	@PYTHON=$(PYTHON) scripts/ensure-venv.sh $(VENV_2.16) requirements-dev-2.16.txt requirements-dev-2.16.txt

venvs: venv venv-2.16

lock: ## re-resolve requirements-dev.lock from requirements-dev.txt (needs PyPI)
	@scripts/lock.sh

.PHONY: tree
tree: venv $(if $(filter 2.16,$(CORES)),venv-2.16) ## mirror the repo into .build/ansible_collections/alibabacloud/ccc; seed ansible-test's pip bootstrap
	@$(VENV)/bin/python scripts/sync_tree.py $(ROOT) $(TREE)
	@$(foreach core,$(CORES),$(call venv_for,$(core))/bin/python scripts/seed_get_pip.py;)

# ------------------------------------------------------------------------------------------- checks
.PHONY: lint format
# ansible-lint runs offline, so it does not link the repo in as a collection itself: the playbooks'
# alibabacloud.ccc.* names and the module_defaults group resolve through the installed collection.
lint: install ## ruff (format check + lint), yamllint, ansible-lint --profile production
	@scripts/lint.sh $(VENV)

format: venv ## rewrite Python files in the house format and apply safe lint fixes
	@$(VENV)/bin/ruff format plugins tests benchmarks scripts
	@$(VENV)/bin/ruff check --fix plugins tests benchmarks scripts

.PHONY: sanity sanity-2.16 sanity-2.19
sanity: $(addprefix sanity-,$(CORES)) ## ansible-test sanity (every test that applies) on every core in CORES

sanity-2.19 sanity-2.16: sanity-%: tree
	@scripts/check_sanity_ignores.sh
	@echo "== ansible-test sanity (ansible-core $*)"
	@cd $(TREE) && PATH="$$PATH:$(VENV)/bin" $(call venv_for,$*)/bin/ansible-test sanity --venv --python $(TEST_PYTHON) --color no $(SANITY_ARGS)

.PHONY: units units-2.19 units-2.16
units: $(addprefix units-,$(CORES)) ## ansible-test units on every core in CORES

units-2.19 units-2.16: units-%: tree
	@echo "== ansible-test units (ansible-core $*)"
	@cd $(TREE) && $(call venv_for,$*)/bin/ansible-test units --venv --python $(TEST_PYTHON) --color no $(UNITS_ARGS)

.PHONY: integration integration-2.19 integration-2.16
integration: $(addprefix integration-,$(CORES)) ## integration targets against the emulator on every core

integration-2.19 integration-2.16: integration-%: tree
	@echo "== ansible-test integration (ansible-core $*)"
	@scripts/integration.sh $(call venv_for,$*) $(TREE) $(TEST_PYTHON) $(INTEGRATION_ARGS)

.PHONY: changelog-lint docs-lint
changelog-lint: venv ## antsibull-changelog lint
	@echo "== antsibull-changelog lint"
	@$(VENV)/bin/antsibull-changelog lint

docs-lint: tree ## antsibull-docs lint-collection-docs --plugin-docs
	@echo "== antsibull-docs lint-collection-docs"
	@cd $(TREE) && PATH="$(VENV)/bin:$$PATH" antsibull-docs lint-collection-docs --plugin-docs .

.PHONY: emulator-tests reliability docs-tests adhoc adhoc-2.19 adhoc-2.16
emulator-tests: venv ## pytest tests/emulator
	@echo "== pytest tests/emulator"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/emulator $(PYTEST_ARGS)

docs-tests: install ## pytest tests/docs (site checker, role and demo contract, execution environment)
	@echo "== pytest tests/docs"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/docs $(PYTEST_ARGS)

adhoc: $(addprefix adhoc-,$(CORES)) ## the ad-hoc short-name form from the repo root, on every core

adhoc-2.19 adhoc-2.16: adhoc-%: install
	@echo "== ad-hoc ansible localhost -m ccc_phone_numbers (ansible-core $*)"
	@scripts/adhoc.sh $(call venv_for,$*)

reliability: install ## pytest tests/reliability (fault injection through the emulator)
	@echo "== pytest tests/reliability"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/reliability $(PYTEST_ARGS)

.PHONY: docs docs-check bench bench-smoke
docs: venv ## build the documentation site (docs/build-site.sh)
	@PATH="$(VENV)/bin:$$PATH" bash docs/build-site.sh

docs-check: venv ## check the built site (tests/docs/check_site.py)
	@$(VENV)/bin/python tests/docs/check_site.py

bench: install ## full benchmark run (benchmarks/run.py)
	@PATH="$(VENV)/bin:$$PATH" $(VENV)/bin/python benchmarks/run.py

bench-smoke: install ## a short benchmark run that proves the harness works
	@PATH="$(VENV)/bin:$$PATH" $(VENV)/bin/python benchmarks/run.py --smoke

# ------------------------------------------------------------------------------------- build + demo
.PHONY: build install demo
build: venv ## ansible-galaxy collection build into .build/dist, then check what the tarball holds
	@mkdir -p $(DIST)
	@rm -f $(DIST)/alibabacloud-ccc-*.tar.gz
	@$(VENV)/bin/ansible-galaxy collection build --force --output-path $(DIST) .
	@scripts/check_tarball.sh $(DIST)/alibabacloud-ccc-*.tar.gz

install: build ## install the built collection into .build/collections (what ansible.cfg points at)
	@$(VENV)/bin/ansible-galaxy collection install --force --collections-path $(COLLECTIONS) $(DIST)/alibabacloud-ccc-*.tar.gz

demo: install ## run demo/demo.yml against the local emulator
	@scripts/demo.sh $(VENV)

# ------------------------------------------------------------------------------------------ test
.PHONY: test test-matrix clean
test: ## every check, stopping at the first failure
	@scripts/test.sh

test-matrix: ## units and integration on every core in CORES
	@$(MAKE) units integration

clean: ## remove build output (keeps the venvs)
	rm -rf .build tests/output
