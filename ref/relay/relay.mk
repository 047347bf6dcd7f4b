# ref/relay: wzp-relay, the running relay, on the QUIC shell (ref/quic)
# and the pure relay core; the client library and the test clients;
# release and asan variants. Included by the Makefile after ref/quic/quic.mk.
#   build/<variant>/wzp-relay             the relay
#   build/<variant>/libwzprelayclient.a   joining a room (client/relay_session.h)
#   build/<variant>/wzp-relay-client      a scriptable client on that library
#   build/<variant>/wzp-relay-rawclient   a scriptable raw QUIC client (hostile tests)
# A program using the library links libwzprelayclient.a libwzpquic.a
# libwzp.a with $(QUIC_LIBS) $(LIB_LDLIBS).

RELAY_CFLAGS := $(QUIC_CFLAGS) -Iref/relay -Iref/relay/client -Iref/quic/tools \
	$(shell pkg-config --cflags libmicrohttpd libcurl 2>/dev/null)
RELAY_LIBS := $(shell pkg-config --libs libmicrohttpd libcurl 2>/dev/null)
RELAY_SRCS := $(filter-out ref/relay/relay_main.c,$(wildcard ref/relay/*.c))
RELAY_CLIENT_SRCS := $(wildcard ref/relay/client/*.c) ref/relay/hop.c

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

build/$(1)/libwzprelayclient.a: $$(patsubst %.c,build/$(1)/obj/%.o,$$(RELAY_CLIENT_SRCS))
	@echo "  AR [$(1)] $$@"
	$$(Q)rm -f $$@ && ar rcs $$@ $$^

build/$(1)/wzp-relay-client: build/$(1)/obj/ref/relay/tools/wzp-relay-client.o \
		build/$(1)/obj/ref/relay/tools/cli_lines.o \
		build/$(1)/obj/ref/quic/tools/echo_common.o build/$(1)/libwzprelayclient.a \
		build/$(1)/libwzpquic.a build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) $$(LIB_LDLIBS) -o $$@

build/$(1)/wzp-relay-rawclient: build/$(1)/obj/ref/relay/tools/wzp-relay-rawclient.o \
		build/$(1)/obj/ref/relay/tools/cli_lines.o \
		build/$(1)/obj/ref/quic/tools/echo_common.o build/$(1)/libwzpquic.a \
		build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) -lsodium -o $$@

# The relay's pure parts under cmocka (the unit stage runs build/<variant>/tests/test_*).
build/$(1)/tests/test_relay_parts: build/$(1)/obj/ref/relay/tests/test_relay_parts.o \
		$$(patsubst %.c,build/$(1)/obj/%.o,ref/relay/hop.c ref/relay/relay_acl.c \
		ref/relay/relay_sni.c ref/relay/relay_auth_reply.c ref/relay/relay_config.c \
		ref/relay/client/relay_pin.c) build/$(1)/libwzp.a
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lcmocka $$(LIB_LDLIBS) -o $$@

build-$(1): build/$(1)/wzp-relay build/$(1)/wzp-relay-client build/$(1)/wzp-relay-rawclient \
	build/$(1)/tests/test_relay_parts
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call relay_rules,$(v))))

# Fuzz targets of the relay's parsers and the QUIC shell's message framing: each links its parser's sources too
# (these explicit rules take over from the Makefile's pattern rule).
RELAY_FUZZ_CFLAGS = $(FUZZ_BASE) -Iref/relay -Iref/relay/client -Iref/quic -fsanitize=fuzzer,$(FUZZ_SAN)
define relay_fuzz
build/fuzz/$(1): fuzz/targets/$(1).c $(2) build/fuzz/libwzp.a
	@mkdir -p $$(@D)
	@echo "  FUZZ $$@"
	$$(Q)clang $$(RELAY_FUZZ_CFLAGS) $$(filter %.c,$$^) build/fuzz/libwzp.a $$(LIB_LDLIBS) -o $$@
endef
$(eval $(call relay_fuzz,relay_config,ref/relay/relay_config.c))
$(eval $(call relay_fuzz,relay_acl,ref/relay/relay_acl.c ref/relay/relay_sni.c))
$(eval $(call relay_fuzz,relay_auth_reply,ref/relay/relay_auth_reply.c))
$(eval $(call relay_fuzz,relay_pin,ref/relay/client/relay_pin.c))
$(eval $(call relay_fuzz,quic_msg,ref/quic/quic_msg.c))
