# wzp: one entry point. `make help` lists the targets.
#
# Build variants, each in build/<variant>/:
#   release  gcc -O2, warnings are errors         (the tools `make demo` runs)
#   clang    clang -O2, warnings are errors        (a second compiler's opinion)
#   asan     clang with ASan + UBSan               (what `make test` runs)
#   mutant   asan plus -DWZP_MUTANT                (traceability, tools/trace)
#   fuzz     clang libFuzzer + ASan + UBSan        (fuzz/)

.DEFAULT_GOAL := build
SHELL := /bin/bash
# Object files made on the way to a test program are kept, not deleted
# (an `rm` of them ended every build) and not rebuilt next time.
.SECONDARY:
PY := /usr/bin/python3
# V=1 shows every command.
Q := $(if $(V),,@)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 $(WARN) -Iref/lib/include -Iref/lib/src -MMD -MP
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CC_release := gcc
CFLAGS_release := -O2 -g
CC_clang := clang
CFLAGS_clang := -O2 -g
CC_asan := clang
CFLAGS_asan := -O1 -g $(SAN)
CC_mutant := clang
CFLAGS_mutant := -O1 -g $(SAN) -DWZP_MUTANT
VARIANTS := release clang asan mutant

# What libwzp links against: jansson for signal JSON, libsodium for crypto,
# the media engine's codecs and speexdsp (resampler, denoiser).
LIB_LDLIBS := -ljansson -lsodium -lopus -lcodec2 -lspeexdsp -lm

# The pure core, one directory per module. mutant.c joins only the mutant build.
LIB_SRCS := $(filter-out ref/lib/src/mutant.c,$(wildcard ref/lib/src/*.c)) \
	$(wildcard ref/lib/src/crypto/*.c ref/lib/src/raptorq/*.c ref/lib/src/fec/*.c) \
	$(wildcard ref/lib/src/protect/*.c ref/lib/src/relay/*.c ref/lib/src/media/*.c)
ADAPTER_SRCS := $(wildcard conformance/adapter/*.c)
TEST_SRCS := $(wildcard ref/lib/tests/test_*.c)
FUZZ_SRCS := $(wildcard fuzz/targets/*.c)

# Audio fixtures of the media tests, made here, never downloaded.
FIXTURES := build/fixtures/speech_a.raw
$(FIXTURES): tools/fixtures/speech
	@echo "  FIXTURES build/fixtures (espeak-ng)"
	$(Q)$(PY) tools/fixtures/speech build/fixtures

# One set of rules per variant: the library, the adapter, the unit tests.
define variant_rules
build/$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) -c $$< -o $$@

LIB_OBJS_$(1) := $$(patsubst %.c,build/$(1)/obj/%.o,$$(LIB_SRCS) \
	$$(if $$(filter mutant,$(1)),ref/lib/src/mutant.c))
build/$(1)/libwzp.a: $$(LIB_OBJS_$(1))
	@rm -f $$@
	$$(Q)ar rcs $$@ $$^

build/$(1)/wzp-adapter: $$(patsubst %.c,build/$(1)/obj/%.o,$$(ADAPTER_SRCS)) build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(LIB_LDLIBS) -o $$@

build/$(1)/tests/%: build/$(1)/obj/ref/lib/tests/%.o build/$(1)/libwzp.a
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lcmocka $$(LIB_LDLIBS) -o $$@

TESTS_$(1) := $$(patsubst ref/lib/tests/%.c,build/$(1)/tests/%,$$(TEST_SRCS))
build-$(1): build/$(1)/libwzp.a build/$(1)/wzp-adapter $$(TESTS_$(1)) $$(FIXTURES)
-include $$(shell find build/$(1) -name '*.d' 2>/dev/null)
endef
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))

# The QUIC shell and its tools (release and asan).
include ref/quic/quic.mk
include ref/relay/relay.mk
include netsim/netsim.mk
include conformance/live.mk
include ref/client/client.mk
include tools/loadgen/loadgen.mk

# Fuzz targets: each fuzz/targets/<name>.c links the asan-free pure sources.
FUZZ_SAN := address,undefined -fno-sanitize-recover=all
FUZZ_BASE := -std=c11 $(WARN) -Iref/lib/include -Iref/lib/src -O1 -g
FUZZ_BINS := $(patsubst fuzz/targets/%.c,build/fuzz/%,$(FUZZ_SRCS))

# The library once, with coverage for the fuzzer but no main; each target
# then links against it.
build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC [fuzz] $<"
	$(Q)clang $(FUZZ_BASE) -MMD -MP -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c $< -o $@

build/fuzz/libwzp.a: $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRCS))
	@rm -f $@
	$(Q)ar rcs $@ $^

build/fuzz/%: fuzz/targets/%.c fuzz/records.h build/fuzz/libwzp.a
	@mkdir -p $(@D)
	@echo "  FUZZ $@"
	$(Q)clang $(FUZZ_BASE) -fsanitize=fuzzer,$(FUZZ_SAN) $< build/fuzz/libwzp.a $(LIB_LDLIBS) -o $@
-include $(shell find build/fuzz/obj -name '*.d' 2>/dev/null)

# Benchmarks: built from the release variant's library.
build/release/bench/%: bench/%.c build/release/libwzp.a
	@mkdir -p $(@D)
	@echo "  BENCH $@"
	$(Q)gcc $(BASE_CFLAGS) -O2 $^ $(LIB_LDLIBS) -o $@

# Tools built on the release library; make test uses fec-recovery.
build-release: build/release/tools/fec-recovery

# Tools built on the release library.
build/release/tools/%: tools/%/*.c build/release/libwzp.a
	@mkdir -p $(@D)
	@echo "  TOOL $@"
	$(Q)gcc $(BASE_CFLAGS) -O2 $^ $(LIB_LDLIBS) -o $@

.PHONY: help deps build build-all $(addprefix build-,$(VARIANTS)) build-fuzz test demo bench bench-fec \
	conformance trace fuzz fuzz-smoke nightly vectors vectors-check clean fec-recovery

help:
	@echo "make demo        install what is missing, build, a 45 s call through lossy links, its report"
	@echo "make test        install what is missing, run every test (ends with N passed, N failed)"
	@echo "make build       build libwzp, the adapter and the unit tests (gcc)"
	@echo "make build-all   every variant: release clang asan mutant fuzz"
	@echo "make conformance run the vectors against the reference adapter"
	@echo "make trace       requirement matrix: sites, vectors, mutants killed"
	@echo "make live-conformance  a live relay and client on loopback (conformance/LIVE.md)"
	@echo "make fuzz        explore with every fuzz target (FUZZ_SECONDS=N each, default 60)"
	@echo "make fuzz-smoke  the deterministic fuzz run that make test uses"
	@echo "make vectors     regenerate vectors/ from tools/vecgen"
	@echo "make bench       the library benchmarks (wire, protection, media, RaptorQ), ratios to baselines"
	@echo "make fec-recovery  the FEC recovery table and plot (docs/fec-recovery.md)"
	@echo "make netsim      every netsim scenario twice, with plots (build/netsim/)"
	@echo "make netsim-sweep  residual loss against channel loss per tier (docs/netsim-sweep.md)"
	@echo "make nightly     the long runs: fuzzing for real, and everything in make test"
	@echo "make bench-fec   RaptorQ: libwzp against liblcrq and npm raptorq, T = 256"
	@echo "make bench-relay relay CPU per forwarded packet and RSS against a UDP floor (docs/bench-relay.md)"

deps:
	@tools/deps

build: build-release
build-fuzz: $(FUZZ_BINS)
build-all: $(addprefix build-,$(VARIANTS)) build-fuzz

demo: deps build-release
	@$(PY) netsim/run --real netsim/scenarios-real/demo.scn --out build/demo --report-only

test: deps
	@$(PY) tools/testall

conformance: build-asan
	@$(PY) conformance/run --adapter build/asan/wzp-adapter

trace: build-asan build-mutant
	@$(PY) tools/trace

vectors:
	@$(PY) tools/vecgen/gen --write

vectors-check:
	@$(PY) tools/vecgen/gen --check

FUZZ_SECONDS ?= 60
fuzz: build-fuzz
	@$(PY) fuzz/run --explore --seconds $(FUZZ_SECONDS)

fuzz-smoke: build-fuzz
	@$(PY) fuzz/run --smoke

fec-recovery: deps build/release/tools/fec-recovery
	@$(PY) tools/fec-recovery/report


nightly: deps
	@$(PY) tools/testall --nightly

# Benchmarks: not in make test (timings need a quiet machine).
bench: deps build/release/bench/wire build/release/bench/protect build/release/bench/media \
	$(FIXTURES) bench-fec
	@build/release/bench/wire
	@build/release/bench/protect
	@build/release/bench/media

bench-fec: deps
	@$(PY) tools/rq-crosscheck/bench.py

clean:
	rm -rf build
