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

# ---------------------------------------------------------------------------------------- the matrix
# The ansible-core versions tested, newest first: 2.21 (current) runs in .venv with every dev tool, and is
# what lint, docs, demo and bench use; each other core has a small venv of its own, .venv-<core>, built
# from requirements-dev-<core>.txt. 2.16 stays as the oldest because Ansible Automation Platform 2.5 ships it.
KNOWN_CORES := 2.21 2.20 2.16
NEWEST_CORE := 2.21
CORES ?= $(KNOWN_CORES)
# The checks run once per core: sanity-2.21, units-2.21, ... (`make sanity` runs every core in CORES).
CORE_CHECKS := sanity units integration adhoc
# The controller Python of each core's venv; ansible-test runs its units and integration with it.
CONTROLLER_PYTHON_2.21 := 3.12
CONTROLLER_PYTHON_2.20 := 3.13
CONTROLLER_PYTHON_2.16 := 3.11
# The Pythons the modules run on (tests/config.yml: 3.9 or later). scripts/pythons.sh puts a launcher for
# each one the machine has into .build/pythons, first on ansible-test's PATH: sanity compiles and imports
# the modules on every one of them; the ones missing are reported as skipped.
MODULE_PYTHONS := 3.9 3.10 3.11 3.12 3.13 3.14
ROOT := $(CURDIR)
PYTHONS := $(ROOT)/.build/pythons
# The interpreter .venv is built with (make venv PYTHON=/path/to/python3.13 for another).
PYTHON ?= $(PYTHONS)/python$(CONTROLLER_PYTHON_$(NEWEST_CORE))
VENV := $(ROOT)/.venv
# The tree ansible-test needs: ansible_collections/<namespace>/<name>.
# Override to keep parallel runs apart: make units-2.21 TREE=/tmp/me/ansible_collections/alibabacloud/ccc
TREE ?= $(ROOT)/.build/ansible_collections/alibabacloud/ccc
DIST := $(ROOT)/.build/dist
# Where `make install` puts the built collection; ansible.cfg points ad-hoc commands there.
COLLECTIONS := $(ROOT)/.build/collections

# Extra arguments, e.g. make sanity-2.21 SANITY_ARGS="--test pylint plugins/modules/ccc_phone_numbers.py"
SANITY_ARGS ?=
UNITS_ARGS ?=
INTEGRATION_ARGS ?=
PYTEST_ARGS ?=

venv_for = $(if $(filter $(NEWEST_CORE),$(1)),$(VENV),$(ROOT)/.venv-$(1))
venv_target = $(if $(filter $(NEWEST_CORE),$(1)),venv,venv-$(1))
OLDER_CORES := $(filter-out $(NEWEST_CORE),$(KNOWN_CORES))
# ansible-test looks interpreters up by name (python3.X) on PATH.
TEST_PATH = $(PYTHONS):$$PATH
# Runs the command after `--` beside a fresh emulator, with its URL, its built-in keys and a file of
# Ansible variables holding both in CCC_EMULATOR_* (tests/emulator/README.md), and stops it afterwards.
WITH_EMULATOR = $(VENV)/bin/python $(ROOT)/tests/emulator/run.py
# Where `make emulator` keeps the emulator it leaves running: url, pid, port, emulator.log, ansible-vars.yml.
EMULATOR_DIR := $(ROOT)/.build/emulator
# Extra run.py options for `make emulator`, e.g. EMULATOR_ARGS="--seed demo/seed.json --verbose".
EMULATOR_ARGS ?=

.SECONDEXPANSION:

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 22

# ---------------------------------------------------------------------------------------------- setup
.PHONY: pythons venv venvs lock $(addprefix venv-,$(OLDER_CORES))
pythons: ## .build/pythons: a launcher for each Python in MODULE_PYTHONS this machine really has
	@scripts/pythons.sh $(PYTHONS) $(MODULE_PYTHONS)

venv: pythons ## .venv: ansible-core 2.21 and the pinned dev tools (a no-op when up to date)
	@PYTHON=$(PYTHON) scripts/ensure-venv.sh $(VENV) requirements-dev.txt requirements-dev.txt requirements-dev.lock

$(addprefix venv-,$(OLDER_CORES)): venv-%: pythons ## .venv-2.20, .venv-2.16: that ansible-core for sanity, units, integration, ad hoc
	@PYTHON=$(PYTHONS)/python$(CONTROLLER_PYTHON_$*) scripts/ensure-venv.sh $(ROOT)/.venv-$* requirements-dev-$*.txt requirements-dev-$*.txt

venvs: $(foreach core,$(CORES),$(call venv_target,$(core))) ## every venv the cores in CORES need (.venv, and venv-2.20 / venv-2.16 for .venv-<core>)

lock: pythons ## re-resolve requirements-dev.lock and requirements-dev-<core>.txt (needs PyPI)
	@scripts/lock.sh $(PYTHON) $(foreach core,$(OLDER_CORES),$(core)=$(PYTHONS)/python$(CONTROLLER_PYTHON_$(core)))

.PHONY: tree
tree: venv ## mirror the repo into .build/ansible_collections/alibabacloud/ccc
	@$(VENV)/bin/python scripts/sync_tree.py $(ROOT) $(TREE)

# ------------------------------------------------------------------------------------------- checks
.PHONY: lint lint-bare format
lint: venv ## ruff (format check + lint), yamllint, ansible-lint --profile production
	@scripts/lint.sh $(VENV)

lint-bare: build ## bare ansible-lint (production) in a fresh copy of the checkout and on the built tarball
	@scripts/lint_bare.sh $(VENV) $(DIST)/alibabacloud-ccc-*.tar.gz

format: venv ## rewrite Python files in the house format and apply safe lint fixes
	@$(VENV)/bin/ruff format plugins tests benchmarks scripts
	@$(VENV)/bin/ruff check --fix plugins tests benchmarks scripts

# Each core's ansible-test runs from its own venv; seed_get_pip.py (run with that venv) lets it bootstrap
# pip in the venvs it creates where its own download host is out of reach.
.PHONY: sanity units integration adhoc
sanity: $(addprefix sanity-,$(CORES)) ## ansible-test sanity (every test that applies, every module Python) on every core
units: $(addprefix units-,$(CORES)) ## ansible-test units on every core in CORES
integration: $(addprefix integration-,$(CORES)) ## integration targets against the emulator on every core
adhoc: $(addprefix adhoc-,$(CORES)) ## the ad-hoc short-name form from the repo root, on every core

.PHONY: $(foreach check,$(CORE_CHECKS),$(addprefix $(check)-,$(KNOWN_CORES)))
$(addprefix sanity-,$(KNOWN_CORES)): sanity-%: tree $$(call venv_target,$$*)
	@scripts/check_sanity_ignores.sh
	@$(call venv_for,$*)/bin/python scripts/seed_get_pip.py
	@echo "== ansible-test sanity (ansible-core $*)"
	@cd $(TREE) && PATH="$(TEST_PATH):$(VENV)/bin" $(call venv_for,$*)/bin/ansible-test sanity --venv --color no $(SANITY_ARGS)

$(addprefix units-,$(KNOWN_CORES)): units-%: tree $$(call venv_target,$$*)
	@$(call venv_for,$*)/bin/python scripts/seed_get_pip.py
	@echo "== ansible-test units (ansible-core $*, Python $(CONTROLLER_PYTHON_$*))"
	@cd $(TREE) && PATH="$(TEST_PATH)" $(call venv_for,$*)/bin/ansible-test units --venv --python $(CONTROLLER_PYTHON_$*) --color no $(UNITS_ARGS)

$(addprefix integration-,$(KNOWN_CORES)): integration-%: tree $$(call venv_target,$$*)
	@$(call venv_for,$*)/bin/python scripts/seed_get_pip.py
	@echo "== ansible-test integration (ansible-core $*, Python $(CONTROLLER_PYTHON_$*))"
	@PATH="$(TEST_PATH)" $(WITH_EMULATOR) -- scripts/integration.sh $(call venv_for,$*) $(TREE) $(CONTROLLER_PYTHON_$*) $(INTEGRATION_ARGS)

$(addprefix adhoc-,$(KNOWN_CORES)): adhoc-%: install $$(call venv_target,$$*)
	@echo "== ad-hoc ansible localhost -m ccc_phone_numbers (ansible-core $*)"
	@$(WITH_EMULATOR) -- scripts/adhoc.sh $(call venv_for,$*)

.PHONY: changelog-lint docs-lint
changelog-lint: venv ## antsibull-changelog lint
	@echo "== antsibull-changelog lint"
	@$(VENV)/bin/antsibull-changelog lint

docs-lint: tree ## antsibull-docs lint-collection-docs --plugin-docs
	@echo "== antsibull-docs lint-collection-docs"
	@cd $(TREE) && PATH="$(VENV)/bin:$$PATH" antsibull-docs lint-collection-docs --plugin-docs .

.PHONY: emulator-tests reliability docs-tests browser
emulator-tests: venv ## pytest tests/emulator
	@echo "== pytest tests/emulator"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/emulator $(PYTEST_ARGS)

browser: ## headless Chromium and chromedriver from Debian's packages, installed when missing (needs root)
	@scripts/ensure_chromium.sh

docs-tests: install browser ## pytest tests/docs (site in a browser, site checker, role and demo, README ad hoc, execution environment)
	@echo "== pytest tests/docs"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/docs $(PYTEST_ARGS)

reliability: install ## pytest tests/reliability (fault injection through the emulator)
	@echo "== pytest tests/reliability"
	@$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/reliability $(PYTEST_ARGS)

.PHONY: docs docs-check bench bench-smoke
docs: tree ## build the documentation site (docs/build-site.sh)
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
	@$(WITH_EMULATOR) --seed demo/seed.json -- scripts/demo.sh $(VENV)

.PHONY: emulator emulator-stop
emulator: venv ## start the emulator in the background; its URL is in .build/emulator/url (EMULATOR_ARGS)
	@$(WITH_EMULATOR) --detach $(EMULATOR_DIR) $(EMULATOR_ARGS)
	@echo "make emulator-stop stops it"

emulator-stop: ## stop the emulator `make emulator` started
	@$(WITH_EMULATOR) --stop $(EMULATOR_DIR)

# ------------------------------------------------------------------------------------------ test
# The phases of `make test`, in order; each is a target above. PHASES="lint units-2.21" make test runs
# only those, CORES=2.21 make test fewer cores, and CORES= none: the phases that are not per core.
per_core = $(foreach core,$(CORES),$(1)-$(core))
PHASES ?= venvs browser lint $(call per_core,sanity) $(call per_core,units) changelog-lint docs-lint build \
	lint-bare install emulator-tests $(call per_core,integration) $(call per_core,adhoc) docs docs-check docs-tests \
	bench-smoke reliability
comma := ,
quoted_list = $(subst " ","$(comma) ",$(patsubst %,"%",$(1)))

.PHONY: test test-matrix ci-matrix clean
test: ## every check, stopping at the first failure (KEEP_GOING=1: all of them); a summary at the end
	@scripts/test.sh $(PHASES)

test-matrix: ## sanity, units, integration and ad hoc on every core in CORES
	@$(MAKE) $(CORE_CHECKS)

ci-matrix: ## CORES x CORE_CHECKS as JSON, the matrix of .github/workflows/ci.yml
	@echo '{"core": [$(call quoted_list,$(CORES))], "check": [$(call quoted_list,$(CORE_CHECKS))]}'

clean: ## remove build output (keeps the venvs)
	rm -rf .build tests/output
