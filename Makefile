# rating-terminal: the two commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
# Debian packages: C libraries (libcurl, SQLite, zlib) and the tools the tests drive.
DEB_PACKAGES := pkg-config libcurl4-openssl-dev libsqlite3-dev zlib1g-dev libgpiod-dev

.PHONY: deps build demo test bench clean

deps:
	@./scripts/install-deps.sh $(DEB_PACKAGES)

build: deps
	$(SWIFT) build

# The whole system on one machine: collector on loopback, terminal with keyboard and console display.
demo: build
	.build/debug/rating-terminal demo $(DEMO_ARGS)

# Everything CI runs.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks (release build); results go in bench/README.md.
bench: deps
	./bench/run.sh

clean:
	rm -rf .build demo-state
