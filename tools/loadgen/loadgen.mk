# tools/loadgen: the load bots (wzp-loadgen), the plain UDP forwarder floor
# (udp-floor) and `make bench-relay`; release and asan variants. Included
# by the Makefile after ref/relay/relay.mk.
#   build/<variant>/wzp-loadgen   N bots over QUIC (or plain UDP), one loop
#   build/<variant>/udp-floor     recvmmsg/sendmmsg fan-out in rooms

LOADGEN_SRCS := $(wildcard tools/loadgen/*.c)
LOADGEN_CFLAGS := $(RELAY_CFLAGS) -Itools/loadgen

define loadgen_rules
build/$(1)/obj/tools/loadgen/%.o: tools/loadgen/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) $$(LOADGEN_CFLAGS) -c $$< -o $$@

build/$(1)/obj/tools/udp-floor/%.o: tools/udp-floor/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) -D_GNU_SOURCE -c $$< -o $$@

build/$(1)/wzp-loadgen: $$(patsubst %.c,build/$(1)/obj/%.o,$$(LOADGEN_SRCS)) \
		build/$(1)/libwzprelayclient.a build/$(1)/libwzpquic.a build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) $$(LIB_LDLIBS) -o $$@

build/$(1)/udp-floor: build/$(1)/obj/tools/udp-floor/udp-floor.o
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lev -o $$@

build-$(1): build/$(1)/wzp-loadgen build/$(1)/udp-floor
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call loadgen_rules,$(v))))

.PHONY: bench-relay
BENCH_RELAY_ARGS ?=
# Relay on core 0, bots on core 1; a table, build/reports/bench-relay.{csv,png}.
bench-relay: deps build-release
	@$(PY) tools/loadgen/bench-relay $(BENCH_RELAY_ARGS)
