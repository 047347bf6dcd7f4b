# ref/relay: wzp-relay, the running relay, on the QUIC shell (ref/quic)
# and the pure relay core, and its test client; release and asan variants.
# Included by the Makefile after ref/quic/quic.mk.
#   build/<variant>/wzp-relay          the relay
#   build/<variant>/wzp-relay-client   a scriptable client for the tests

RELAY_CFLAGS := $(QUIC_CFLAGS) -Iref/relay -Iref/quic/tools \
	$(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
RELAY_LIBS := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
RELAY_SRCS := $(filter-out ref/relay/relay_main.c,$(wildcard ref/relay/*.c))

define relay_rules
build/$(1)/obj/ref/relay/%.o: ref/relay/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) $$(RELAY_CFLAGS) -c $$< -o $$@

build/$(1)/wzp-relay: build/$(1)/obj/ref/relay/relay_main.o \
		$$(patsubst %.c,build/$(1)/obj/%.o,$$(RELAY_SRCS)) \
		build/$(1)/libwzpquic.a build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) $$(RELAY_LIBS) $$(LIB_LDLIBS) -o $$@

build/$(1)/wzp-relay-client: build/$(1)/obj/ref/relay/tools/wzp-relay-client.o \
		build/$(1)/obj/ref/quic/tools/echo_common.o build/$(1)/libwzpquic.a \
		build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) -o $$@

build-$(1): build/$(1)/wzp-relay build/$(1)/wzp-relay-client
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call relay_rules,$(v))))
