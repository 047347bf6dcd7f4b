# conformance/live.mk: live conformance (conformance/LIVE.md). Included by
# the Makefile after ref/relay/relay.mk.
#   make live-conformance  our relay and our client under test, then one
#                          deliberately broken client (make test's stage)
#   make live-bites        every live requirement against a build broken in
#                          it: mutant relay, test client and wzp-client, client
#                          breaks (nightly)
# LIVE_OUT adds runner options (testall: --quiet and the report files).
# The mutant relay, test client (decision 0001) and wzp-client (its rule is
# in ref/client/client.mk, included later) are defined only when
# LIVE_MUTANT=1, so that build-mutant, and make test with it, do not grow.

# Known deviations of our relay and client: checks that fail today, each as
# `--known-deviation CHECK` with its cause in a comment. None at present.
LIVE_KNOWN :=
LIVE_TOOLS := $(addprefix build/asan/,wzp-relay wzp-relay-client wzp-relay-rawclient)

ifdef LIVE_MUTANT
$(eval $(call quic_rules,mutant))
$(eval $(call relay_rules,mutant))
endif

.PHONY: live-conformance live-bites live-mutant
# Logs and state of the last run (each process's output, the relay's state).
LIVE_WORK := build/reports/live

live-conformance: $(LIVE_TOOLS)
	@rm -rf $(LIVE_WORK)
	@$(PY) conformance/live --workdir $(LIVE_WORK) $(LIVE_KNOWN) --bite WZP-RELAY-034 $(LIVE_OUT)

live-mutant:
	@$(MAKE) --no-print-directory LIVE_MUTANT=1 build/mutant/wzp-relay \
		build/mutant/wzp-relay-client build/mutant/wzp-client

live-bites: $(LIVE_TOOLS) live-mutant
	@rm -rf $(LIVE_WORK)-bites
	@$(PY) conformance/live --workdir $(LIVE_WORK)-bites $(LIVE_KNOWN) --bite all $(LIVE_OUT)
