# rating-terminal: the two commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
# Debian packages: C libraries (libcurl, SQLite, zlib, libgpiod) and the tools the tests drive (gpiod: gpioset, gpioinfo; lcdproc: LCDd as a display peer;
# chromium: renders the collector's dashboard headless in a test; python3-venv: schemathesis in .rig/pytools).
DEB_PACKAGES := pkg-config libcurl4-openssl-dev libsqlite3-dev zlib1g-dev libgpiod-dev gpiod lcdproc python3 python3-venv systemd postgresql chromium

.PHONY: deps build demo test chaos chaos-faults chaos-power fuzz pytools rig rig-setup check-gpiod-v2 bench deb test-deb clean

deps:
	@./scripts/install-deps.sh $(DEB_PACKAGES)

build: deps
	$(SWIFT) build

# The whole system on one machine: collector on loopback, terminal with keyboard and console display.
demo: build
	.build/debug/rating-terminal demo $(DEMO_ARGS)

# Everything CI runs, the QEMU rig's scenarios included (RATING_RIG_REQUIRED: a missing rig fails, not skips),
# and the libgpiod v2 build with its scenario.
test: deps rig-setup pytools
	$(SWIFT) build --build-tests
	RATING_RIG_REQUIRED=1 SWIFT=$(SWIFT) ./scripts/run-tests.sh
	./rig/check-gpiod-v2.sh

# The long proofs that nothing is lost: the fault-injection oracle (chaos/README.md: 1,000 random faults against the
# real terminal, collector and PostgreSQL; prints ratings, faults, lost and duplicated), then 100 power cuts in the
# QEMU guest. CHAOS_FAULTS and CHAOS_SEED change the oracle's run. (`make test` runs 40 faults: RATING_CHAOS_FAULTS.)
CHAOS_FAULTS ?= 1000
chaos: chaos-faults chaos-power

chaos-faults: deps
	$(SWIFT) build
	python3 chaos/oracle.py --faults $(CHAOS_FAULTS) $(if $(CHAOS_SEED),--seed $(CHAOS_SEED))

# Power cuts in the QEMU guest (rig/README.md): the terminal's store on a virtual disk, QEMU SIGKILLed at random
# moments while scores are pressed, 100 times on one image; prints cuts, acknowledged, lost, duplicated, integrity
# failures. POWER_CUTS and POWER_CUTS_SEED change the run. (`make test` runs 3: RATING_POWER_CUTS.)
POWER_CUTS ?= 100
chaos-power: rig-setup
	$(SWIFT) build
	python3 rig/power_cuts.py --cuts $(POWER_CUTS) $(if $(POWER_CUTS_SEED),--seed $(POWER_CUTS_SEED))

# libFuzzer on the parsers (fuzz/README.md): each target for FUZZ_SECONDS (default 30) from the seed corpora;
# fails on any crash, leak, hang or violated invariant. Builds into .build-fuzz (instrumented with ASan).
fuzz: deps
	SWIFT=$(SWIFT) ./scripts/fuzz.sh

# Python tools the tests drive (schemathesis), in .rig/pytools.
pytools: deps
	./scripts/install-python-tools.sh

# The QEMU guest with a real kernel GPIO chip (gpio-sim), cached in .rig/ (installs its own packages).
rig-setup: deps
	./rig/setup.sh

# The rig alone: set it up, then run its scenarios.
rig: rig-setup
	$(SWIFT) build --build-tests
	RATING_RIG_REQUIRED=1 $(SWIFT) test --skip-build --filter "GPIORigTests|DisplayRigTests|PowerCutRigTests"

# The libgpiod v2 path: build against Debian's v2 package (unpacked into .rig/) and run the basic scenario in the guest.
check-gpiod-v2: rig-setup
	./rig/check-gpiod-v2.sh

# Benchmarks (release build); results go in bench/README.md.
bench: deps rig-setup
	./bench/run.sh

# Debian packages of both executables into dist/ (release build, Swift runtime linked statically).
deb: deps
	./packaging/build-deb.sh

# Installs both packages into a fresh debootstrap Debian 12 tree (cached in .rig/) and checks them.
test-deb: deb
	./packaging/test-deb.sh

clean:
	rm -rf .build .build-v2 .build-release .build-fuzz dist demo-state
