# bzpeer's two commands, and the rest: a thin wrapper over CMake.
#   make            build build/bzpeer
#   make run        install what is missing, build, load the demo, serve
#   make test       install what is missing, build, run every test
#   make test-asan  the same suite under AddressSanitizer and UBSan
#   make bench-profile  the profile page against nginx (a benchmark)
#   make bench-graph    graph slices at 100k and 1M researchers (a benchmark)
#   make bench-resolve  the resolver on a block of 4,000 mentions (a benchmark)

PORT ?= 8080
BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= var/bzpeer.db
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

FUZZ_SECONDS ?= 60

.PHONY: all build deps deps-test run test test-asan bench-profile bench-import bench-graph bench-resolve fuzz fuzz-check clean

all: build

build:
	@command -v cmake >/dev/null || { echo "cmake is missing: run 'make deps'"; exit 1; }
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS) --target bzpeer

# npm ci (package-lock.json) when node_modules lacks a package or is older
# than the lock: cytoscape, which the binary embeds (the explorer), and
# playwright-core for the browser tests.
NPM_CI = if [ ! -d node_modules/cytoscape ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

deps:
	sh scripts/deps.sh run
	@$(NPM_CI)

deps-test:
	sh scripts/deps.sh test
	@$(NPM_CI)

run: deps build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then \
	  echo "loading the topic taxonomy and the demo data into $(DB)"; \
	  rm -f $(DB).new $(DB).new-wal $(DB).new-shm; \
	  $(BUILD)/bzpeer import --db $(DB).new \
	    data/taxonomy data/demo/works.jsonl && \
	  mv $(DB).new $(DB); \
	fi
	@# links in mail point at this server unless base_url says otherwise
	BZPEER_BASE_URL=$${BZPEER_BASE_URL:-http://127.0.0.1:$(PORT)} \
	  $(BUILD)/bzpeer serve --port $(PORT) --db $(DB)

test: deps-test
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure

test-asan: deps-test
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBZ_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure

# BENCH_DB: the store both benchmarks measure: sqlite, postgresql (a
# throw-away cluster in $(BUILD)/bench-pg, stopped at the end) or a
# postgresql://... URL of a server that is already running (bench/db.sh).
BENCH_DB ?= sqlite
BENCH_ENV = BENCH_DB='$(BENCH_DB)' BENCH_PG_DIR='$(abspath $(BUILD))/bench-pg'
bench-profile: build
	sh scripts/deps.sh bench
	$(BENCH_ENV) bash bench/profile.sh $(BUILD)/bzpeer data/demo/works.jsonl

# BENCH_SIZES: megabytes of synthetic OpenAlex works to import, in turn.
BENCH_SIZES ?= 325
bench-import: build
	sh scripts/deps.sh bench
	cmake --build $(BUILD) -j$(JOBS) --target bzgen
	$(BENCH_ENV) bash bench/import.sh $(BUILD)/bzpeer $(BUILD)/bench/bzgen $(BENCH_SIZES)

# BENCH_GRAPH_SIZES: researchers in each synthetic graph, in turn (SQLite).
BENCH_GRAPH_SIZES ?= 100000 1000000
bench-graph: build
	cmake --build $(BUILD) -j$(JOBS) --target bzgraphbench
	bash bench/graph.sh $(BUILD)/bench/bzgraphbench $(BENCH_GRAPH_SIZES)

# The resolver on its largest block, with and without the cohesion test.
bench-resolve: build
	cmake --build $(BUILD) -j$(JOBS) --target bzresolvebench
	$(BUILD)/bench/bzresolvebench

# CI's check of the fuzz targets: they build with clang, and each runs a
# fixed number of inputs from a fixed seed (so that a run is repeatable),
# its new inputs kept out of the corpus.
FUZZ_RUNS ?= 3000
fuzz-check: deps-test
	sh scripts/deps.sh fuzz
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DBZ_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)
	@for t in build-fuzz/tests/fuzz_*; do \
	  name=$${t##*/fuzz_}; rm -rf build-fuzz/check/$$name; \
	  mkdir -p build-fuzz/check/$$name; \
	  echo "fuzz-check: $$name, $(FUZZ_RUNS) inputs"; \
	  $$t -runs=$(FUZZ_RUNS) -seed=1 \
	    build-fuzz/check/$$name tests/fuzz/corpus/$$name >build-fuzz/check/$$name.log 2>&1 \
	    || { tail -40 build-fuzz/check/$$name.log; exit 1; }; \
	done

# Each reader's libFuzzer target for FUZZ_SECONDS, from its committed corpus;
# new inputs go to build-fuzz/found/<reader>/ (copy keepers to the corpus).
fuzz: deps-test
	sh scripts/deps.sh fuzz
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DBZ_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)
	@for t in build-fuzz/tests/fuzz_*; do \
	  name=$${t##*/fuzz_}; mkdir -p build-fuzz/found/$$name; \
	  echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    build-fuzz/found/$$name tests/fuzz/corpus/$$name || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
