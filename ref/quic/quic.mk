# ref/quic: the QUIC shell (ngtcp2 0.12.1, GnuTLS, libev) and its echo
# tools, built in the release and asan variants. Included by the Makefile.
#   build/<variant>/libwzpquic.a                the shell
#   build/<variant>/quic-echo-{server,client}   the spike's programs

QUIC_PKGS := libngtcp2 libngtcp2_crypto_gnutls gnutls
QUIC_CFLAGS := -D_POSIX_C_SOURCE=200809L -Iref/quic $(shell pkg-config --cflags $(QUIC_PKGS) 2>/dev/null)
# Debian's libev-dev ships no pkg-config file.
QUIC_LIBS := $(shell pkg-config --libs $(QUIC_PKGS) 2>/dev/null) -lev
QUIC_SRCS := $(wildcard ref/quic/*.c)
QUIC_TOOLS := quic-echo-server quic-echo-client
QUIC_VARIANTS := release asan

define quic_rules
build/$(1)/obj/ref/quic/%.o: ref/quic/%.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$$(Q)$$(CC_$(1)) $$(BASE_CFLAGS) $$(CFLAGS_$(1)) $$(QUIC_CFLAGS) -c $$< -o $$@

build/$(1)/libwzpquic.a: $$(patsubst %.c,build/$(1)/obj/%.o,$$(QUIC_SRCS))
	@rm -f $$@
	$$(Q)ar rcs $$@ $$^

$$(addprefix build/$(1)/,$$(QUIC_TOOLS)): build/$(1)/%: build/$(1)/obj/ref/quic/tools/%.o \
		build/$(1)/obj/ref/quic/tools/echo_common.o build/$(1)/libwzpquic.a build/$(1)/libwzp.a
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ $$(QUIC_LIBS) -o $$@

# The allocator given to ngtcp2 under cmocka (the unit stage runs build/<variant>/tests/test_*).
build/$(1)/tests/test_quic_mem: build/$(1)/obj/ref/quic/tests/test_quic_mem.o \
		build/$(1)/obj/ref/quic/quic_mem.o
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$$(Q)$$(CC_$(1)) $$(CFLAGS_$(1)) $$^ -lcmocka -o $$@

build-$(1): $$(addprefix build/$(1)/,$$(QUIC_TOOLS)) build/$(1)/tests/test_quic_mem
endef
$(foreach v,$(QUIC_VARIANTS),$(eval $(call quic_rules,$(v))))
