# ref/client: wzp-client, the reference client, on the QUIC shell
# (ref/quic), the relay's client side (ref/relay/client) and libwzp;
# release and asan variants. Included by the Makefile after relay.mk.
#   build/<variant>/wzp-client

CLIENT_CFLAGS := $(QUIC_CFLAGS) -Iref/client -Iref/relay/client \
	$(shell pkg-config --cflags sndfile 2>/dev/null)
CLIENT_LIBS := $(shell pkg-config --libs sndfile 2>/dev/null)
CLIENT_SRCS := $(wildcard ref/client/*.c)

define client_rules
build/$(1)/obj/ref/client/%.o: ref/client/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) $$(CLIENT_CFLAGS) -c $$< -o $$@

build/$(1)/wzp-client: $$(patsubst %.c,build/$(1)/obj/%.o,$$(CLIENT_SRCS)) \
		build/$(1)/libwzprelayclient.a build/$(1)/libwzpquic.a build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) $$(CLIENT_LIBS) $$(LIB_LDLIBS) -o $$@

# member_keys.h (ref/relay/client), the room member both clients share,
# under cmocka with two members and an in-memory relay.
build/$(1)/tests/test_member_keys: build/$(1)/obj/ref/relay/client/tests/test_member_keys.o \
		$$(patsubst %.c,build/$(1)/obj/%.o,ref/relay/client/member_keys.c \
		ref/relay/client/pair.c) build/$(1)/libwzp.a
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lcmocka $$(LIB_LDLIBS) -o $$@

build-$(1): build/$(1)/wzp-client build/$(1)/tests/test_member_keys
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call client_rules,$(v))))
# The mutant wzp-client of conformance/live.mk's bites (LIVE_MUTANT=1 only).
ifdef LIVE_MUTANT
$(eval $(call client_rules,mutant))
endif
