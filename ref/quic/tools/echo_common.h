/* echo_common.h: what quic-echo-server and quic-echo-client share.
 *
 * Both tools report on stdout, one line per event, as `event key=value
 * ...`, flushed at once, so that tests can read them while they run. Bytes
 * are printed as text with anything outside printable ASCII (and `"`, `\`)
 * escaped as \xNN inside double quotes.
 *
 * Contract: argument helpers print a message to stderr and return -1 on a
 * bad argument; printing never fails the caller.
 */
#ifndef WZP_QUIC_ECHO_COMMON_H
#define WZP_QUIC_ECHO_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "quic_conn.h"

#define ECHO_ALPN_MAX 8

struct echo_alpn {
	const char *ids[ECHO_ALPN_MAX];
	struct wzp_quic_alpn list;
};

/* Appends id to the ALPN list (--alpn may be given several times). */
int echo_alpn_add(struct echo_alpn *a, const char *id);

/* Prints ` key="escaped bytes"`, without a newline. */
void echo_print_bytes(const char *key, const uint8_t *data, size_t len);

/* Prints `event len=N key="escaped bytes"`, without a newline. */
void echo_print_payload(const char *event, const char *key, const uint8_t *data, size_t len);

/* `closed kind=... application=... code=0x... reason="..." alert=N gnutls=NAME ngtcp2=NAME` */
void echo_print_end(const struct wzp_quic_end *end);

/* Line-buffers stdout so every event line reaches a reader at once. */
void echo_setup_output(void);

#endif
