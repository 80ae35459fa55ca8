# GeoHub: `make run` serves the demo map, `make test` runs every test. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GEOHUB := dotnet src/GeoHub/bin/Release/net10.0/geohub.dll
URL ?= http://127.0.0.1:5080
RESULTS := artifacts/test-results

# The private cluster's port (scripts/db.sh reads GEOHUB_PGPORT too); the app and the tests
# follow it unless GEOHUB_DB / GEOHUB_TEST_DB name another server.
PGPORT := $(or $(GEOHUB_PGPORT),25432)
export GEOHUB_DB ?= Host=127.0.0.1;Port=$(PGPORT);Username=geohub;Password=geohub;Database=geohub
export GEOHUB_TEST_DB ?= Host=127.0.0.1;Port=$(PGPORT);Username=geohub;Password=geohub;Database=postgres

.PHONY: help run test build web browser db db-stop replica schema generate audit-deps lint bench bench-peer bench-load clean token

help:
	@echo "make run     private PostGIS, migrations, demo map, API on $(URL)"
	@echo "make test    the whole suite against the private PostGIS"
	@echo "make schema  rewrite schema.graphql from the running schema"
	@echo "make generate  regenerate maps/longyan (deterministic)"
	@echo "make replica  a hot standby of the private cluster on port 25433 (reads can go there)"
	@echo "make lint    dotnet format --verify-no-changes"
	@echo "make token ARGS='--role OFFICER --area 350802'  a bearer token the make run server accepts"
	@echo "make bench   ×1/×10/×100 maps, servers and load driver; writes BENCHMARKS.md (BENCH_X100=0 skips ×100)"
	@echo "             then GeoHub against PostGraphile on the ×10 map (BENCH_PEER=0 skips it; make bench-peer runs it alone)"
	@echo "             then 10 min of mixed load and a cluster restart (BENCH_LOAD=0 skips it; make bench-load runs it alone)"

# A GEOHUB_DB given from outside names your own PostGIS instead of the private cluster.
db:
	@if [ "$(origin GEOHUB_DB)" = "file" ]; then bash scripts/db.sh start; fi

db-stop:
	bash scripts/db.sh stop

# A hot standby of the private cluster on 127.0.0.1:25433 (streaming replication); see README.
replica:
	bash scripts/db.sh start
	bash scripts/db.sh replica

build:
	dotnet build src/GeoHub -c Release -v quiet -nologo

# The battle map page and GraphiQL (web/dist): npm ci + vite build, only when missing or stale.
web:
	bash scripts/web.sh

# Debian's chromium and a CJK font for the page tests (apt, only when missing).
browser:
	bash scripts/browser.sh

run: db build web
	$(GEOHUB) migrate
	$(GEOHUB) load maps/longyan --if-empty
	@echo "GeoHub: battle map on $(URL)/, GraphiQL on $(URL)/graphiql, GraphQL on $(URL)/graphql, schema on $(URL)/schema.graphql"
	ASPNETCORE_ENVIRONMENT=Production $(GEOHUB) serve --urls $(URL)

audit-deps:
	@if [ ! -d tests/audit/node_modules/graphql-ws ]; then npm ci --prefix tests/audit --no-audit --no-fund --silent; fi

# Formatting is part of the suite. The build rejects badly formatted C# itself (IDE0055 and the
# code-style rules are warnings, and warnings are errors); `dotnet format style` adds the order of
# usings, `whitespace --folder` line ends and final newlines of every C# file, bench/ included.
# Neither re-runs the analyzers the build has just run (`make lint` does, ~1.5 min).
FORMAT_CHECK := dotnet format style GeoHub.sln --verify-no-changes --no-restore && dotnet format whitespace --folder --verify-no-changes .

# The last line is "tests: N passed, N failed", read from the test results (TRX), for CI; a
# formatting failure counts as one failed test.
test: db audit-deps web browser
	rm -rf $(RESULTS)
	dotnet build GeoHub.sln -v quiet -nologo
	status=0; dotnet test GeoHub.sln --no-build -nologo --logger "trx;LogFilePrefix=geohub" --logger "console;verbosity=normal" \
	  --results-directory $(RESULTS) || status=$$?; \
	  formatting=0; $(FORMAT_CHECK) || { formatting=1; status=1; }; \
	  bash scripts/test-summary.sh $(RESULTS) $$formatting; exit $$status

# A token signed with the local key beside the private cluster (made on first use, mode 600).
token: build
	@$(GEOHUB) token $(ARGS)

# Absolute paths: `dotnet run` may start the program in the project's folder.
schema: build
	$(GEOHUB) schema --output $(CURDIR)/schema.graphql

generate: build
	$(GEOHUB) generate --output $(CURDIR)/maps/longyan

# Formatting, code style and analyzers as the build and .editorconfig set them, all in one (`make
# test` checks the formatting without re-running the analyzers).
lint:
	dotnet format GeoHub.sln --verify-no-changes
# Not part of `make test`: the driver (bench/GeoHub.Bench) is outside GeoHub.sln. See BENCHMARKS.md.
bench:
	bash scripts/db.sh start
	dotnet build src/GeoHub -c Release -v quiet -nologo
	dotnet build bench/GeoHub.Bench -c Release -v quiet -nologo
	bash scripts/bench.sh
	if [ "$${BENCH_PEER:-1}" != 0 ]; then bash scripts/bench-peer.sh; fi
	if [ "$${BENCH_LOAD:-1}" != 0 ]; then $(MAKE) bench-load; fi

# 10 minutes of mixed reads and writes at 8 clients, then 2 through a cluster restart, on a
# cluster of its own; writes its section of BENCHMARKS.md (LOAD_SECONDS, LOAD_RESTART_SECONDS).
bench-load:
	dotnet build src/GeoHub -c Release -v quiet -nologo
	dotnet build bench/GeoHub.Load -c Release -v quiet -nologo
	bash scripts/bench-load.sh

# GeoHub against PostGraphile v4 on the same database; writes its own section of BENCHMARKS.md.
bench-peer:
	bash scripts/db.sh start
	dotnet build src/GeoHub -c Release -v quiet -nologo
	bash scripts/bench-peer.sh

clean:
	rm -rf artifacts web/dist src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj
