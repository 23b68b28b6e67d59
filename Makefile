# Two entry points: `make run` (set up, then the main job) and `make test` (set up, then lint and
# the whole test suite). Both work on a fresh machine: they install what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast setup system-deps lint bench clean

# With a microphone: a live practice session. Without one (servers, CI): the demo, which plays a
# synthesised intro through the virtual microphone into the same live loop.
run: setup
	@if $(BIN)/trainer devices --check-input; then \
		$(BIN)/trainer practice; \
	else \
		echo "No microphone found: running the demo through the virtual microphone."; \
		$(BIN)/trainer demo; \
	fi
	@echo ""
	@echo "Try next (in .venv/bin, or after: . .venv/bin/activate):"
	@echo '  trainer script new --name "Your Name" --field "your field"   # your own intro'
	@echo '  trainer practice                                             # rehearse it aloud'
	@echo '  trainer call gatekeeper                                      # a whole mock call'

# Two at a time (most tests wait on real time, a browser or a subprocess), then the spoken sets
# alone: they decode on both cores. Both parts always run; either failing fails the target.
test: setup lint
	@sh scripts/install-system-deps.sh --test
	@rc=0; \
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m "not all_cores" -n 2 || rc=$$?; \
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m all_cores || rc=$$?; \
	exit $$rc

# What developers run on every change (< 2 minutes): the pure core, engine, store and CLI, no
# real-time audio, browser or wheel build. CI runs `make test`, the whole suite.
test-fast: setup lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m "not slow" -q -n 2

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,neural]'
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check trainer tests benchmarks training
	$(BIN)/ruff format --check trainer tests benchmarks training

bench: setup
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_score.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_models.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_understanding.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_practice.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_call.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench_web.py

clean:
	rm -rf $(VENV) build dist
