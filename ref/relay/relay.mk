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
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) -o $$@

build-$(1): build/$(1)/wzp-relay build/$(1)/wzp-relay-client build/$(1)/wzp-relay-rawclient
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call relay_rules,$(v))))
