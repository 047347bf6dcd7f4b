# netsim: scripted network sessions in simulated time (spec/09-netsim.md).
# Included by the Makefile.
#   netsim/src/scenario.c, channel.c  standalone: the scenario files and the
#                                     network model (a proxy links these two)
#   build/<variant>/wzp-netsim         the simulator (sim.c and the rest, on libwzp)
#   build/<variant>/netsim/tests/*    their unit tests
#   build/fuzz/scenario               the parser's fuzz target
#   make netsim, make netsim-sweep     (below); nightly runs the sweep too

NETSIM_CORE := netsim/src/scenario.c netsim/src/channel.c
# what the unit tests link: the core, the assertions, the block bookkeeping
NETSIM_TESTED := $(NETSIM_CORE) netsim/src/verdict.c netsim/src/member.c
NETSIM_SIM := netsim/src/sim.c netsim/src/queue.c \
	netsim/src/report.c netsim/src/main.c
NETSIM_TESTS := $(patsubst netsim/tests/%.c,%,$(wildcard netsim/tests/test_*.c))
NETSIM_VARIANTS := release clang asan

define netsim_rules
NETSIM_TESTED_OBJS_$(1) := $$(patsubst %.c,build/$(1)/obj/%.o,$$(NETSIM_TESTED))

build/$(1)/netsim/tests/%: build/$(1)/obj/netsim/tests/%.o $$(NETSIM_TESTED_OBJS_$(1))
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lcmocka -lm -o $$@

build/$(1)/wzp-netsim: $$(patsubst %.c,build/$(1)/obj/%.o,$$(NETSIM_SIM)) \
		$$(NETSIM_TESTED_OBJS_$(1)) build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(LIB_LDLIBS) -o $$@

build-$(1): build/$(1)/wzp-netsim $$(addprefix build/$(1)/netsim/tests/,$$(NETSIM_TESTS))
endef
$(foreach v,$(NETSIM_VARIANTS),$(eval $(call netsim_rules,$(v))))

build/fuzz/scenario: fuzz/targets/scenario.c $(NETSIM_CORE) netsim/src/rng.h
	@mkdir -p $(@D)
	@echo "  FUZZ $@"
	$(Q)clang $(FUZZ_BASE) -fsanitize=fuzzer,$(FUZZ_SAN) $< $(NETSIM_CORE) -lm -o $@

# make netsim: every scenario, twice (the second run must match), with plots.
# make netsim-sweep: residual against channel loss per tier, into docs/.
.PHONY: netsim netsim-sweep
netsim: deps build/release/wzp-netsim $(FIXTURES)
	@$(PY) netsim/run-all

netsim-sweep: deps build/release/wzp-netsim
	@$(PY) netsim/sweep --out docs --check

# The impairment proxy (netsim/proxy/README.md): the scenario parser and
# the channel on real UDP traffic, for netsim/run --real and make demo.
PROXY_SRCS := $(wildcard netsim/proxy/*.c) $(NETSIM_CORE)
define proxy_rules
build/$(1)/obj/netsim/proxy/%.o: netsim/proxy/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) -D_DEFAULT_SOURCE -Inetsim/src -c $$< -o $$@

build/$(1)/wzp-netsim-proxy: $$(patsubst %.c,build/$(1)/obj/%.o,$$(PROXY_SRCS))
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lev -lm -o $$@

build-$(1): build/$(1)/wzp-netsim-proxy
endef
$(foreach v,$(NETSIM_VARIANTS),$(eval $(call proxy_rules,$(v))))
