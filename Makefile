# The two commands of the README, plus helpers. Everything sets itself up on first use.
.PHONY: run test lint setup bench fuzz shell pg-stop clean help
SHELL := /bin/bash

help:
	@echo "make run    - set up, then serve Odoo 19 + the suite at http://localhost:8069 (admin/admin)"
	@echo "make test   - set up, lint, run every test (Odoo's runner + pytest) on a throwaway database"
	@echo "make lint   - ruff + pylint-odoo"
	@echo "make bench  - performance figures (delivery pricing, RPA month, /driver page vs Odoo's /my/orders)"
	@echo "make fuzz   - 10,000 hostile requests on every public/portal route of a throwaway server (0 x 500 expected)"
	@echo "make setup  - only the set-up (Odoo source, Debian packages, .venv)"
	@echo "make shell  - Odoo shell on the run database"
	@echo "make clean  - stop the private PostgreSQL and delete .devdata (databases!) and .venv"

run:
	@bash tools/run.sh

test:
	@bash tools/test.sh

lint:
	@bash tools/lint.sh

bench:
	@bash tools/bench.sh

fuzz:
	@bash tools/fuzz.sh

setup:
	@bash tools/setup.sh

shell:
	@bash tools/pg.sh start >/dev/null && OPS_DEV_MESSAGING_KEY=1 bash tools/odoo.sh shell -d $${OPS_DB:-opsuite}

pg-stop:
	@bash tools/pg.sh stop

clean: pg-stop
	rm -rf .devdata .venv
