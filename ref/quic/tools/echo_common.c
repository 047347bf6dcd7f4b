/* echo_common.c: argument and output helpers of the echo tools. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "echo_common.h"

int echo_alpn_add(struct echo_alpn *a, const char *id)
{
	if (a->list.count == ECHO_ALPN_MAX) {
		fprintf(stderr, "at most %d --alpn\n", ECHO_ALPN_MAX);
		return -1;
	}
	a->ids[a->list.count++] = id;
	a->list.ids = a->ids;
	return 0;
}

void echo_print_bytes(const char *key, const uint8_t *data, size_t len)
{
	printf(" %s=\"", key);
	for (size_t i = 0; i < len; i++) {
		if (data[i] >= 0x20 && data[i] < 0x7f && data[i] != '"' && data[i] != '\\')
			putchar(data[i]);
		else
			printf("\\x%02x", data[i]);
	}
	putchar('"');
}

void echo_print_payload(const char *event, const char *key, const uint8_t *data, size_t len)
{
	printf("%s len=%zu", event, len);
	echo_print_bytes(key, data, len);
}

static const char *kind_name(enum wzp_quic_end_kind kind)
{
	switch (kind) {
	case WZP_QUIC_END_LOCAL:
		return "local";
	case WZP_QUIC_END_PEER:
		return "peer";
	case WZP_QUIC_END_IDLE:
		return "idle";
	case WZP_QUIC_END_HANDSHAKE:
		return "handshake";
	case WZP_QUIC_END_ERROR:
		break;
	}
	return "error";
}

void echo_print_end(const struct wzp_quic_end *end)
{
	printf("closed kind=%s application=%d code=0x%" PRIx64, kind_name(end->kind),
	       end->application, end->code);
	echo_print_bytes("reason", (const uint8_t *)end->reason, strlen(end->reason));
	printf(" alert=%u gnutls=%s ngtcp2=%s\n", end->tls_alert,
	       end->gnutls_error ? gnutls_strerror_name(end->gnutls_error) : "-",
	       end->ngtcp2_error ? ngtcp2_strerror(end->ngtcp2_error) : "-");
}

void echo_setup_output(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}
