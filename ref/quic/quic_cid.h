/* quic_cid.h: connection IDs a server routes by, which an observer cannot
 * link.
 *
 * Every connection has a random route key (WZP_QUIC_ROUTE_LEN bytes). A
 * CID a server connection issues is WZP_QUIC_CID_LEN bytes:
 *
 *   nonce (10 random bytes) || route XOR the first 8 bytes of AES-128_K(nonce || 0^6)
 *
 * under a key K only the server holds, made at its start. The server
 * recovers the route key from any CID of the connection and finds the
 * connection in one step (quic_server.c), while two CIDs of one connection
 * look unrelated to anyone without K (RFC 9000 5.1: CIDs MUST NOT let an
 * observer correlate them). A client's CIDs are random (no key).
 *
 * Contract: wzp_quic_cid_key_new() returns 0, or a negative GnuTLS error
 * with nothing allocated; the owner frees the key with
 * wzp_quic_cid_key_free() after every connection using it. issue returns
 * 0 or a negative GnuTLS error; route returns 0, or -1 for a CID that is
 * not WZP_QUIC_CID_LEN bytes long (it names no route then).
 */
#ifndef WZP_QUIC_CID_H
#define WZP_QUIC_CID_H

#include <stddef.h>
#include <stdint.h>

#include <gnutls/crypto.h>

#define WZP_QUIC_CID_LEN 18  /* every connection ID this side issues */
#define WZP_QUIC_ROUTE_LEN 8 /* the route key hidden in it */

struct wzp_quic_cid_key {
	gnutls_cipher_hd_t aes; /* AES-128-CBC on one block, IV zero: AES itself */
};

int wzp_quic_cid_key_new(struct wzp_quic_cid_key *k);
void wzp_quic_cid_key_free(struct wzp_quic_cid_key *k);
/* A fresh CID for route (random when k is NULL) into cid. */
int wzp_quic_cid_issue(struct wzp_quic_cid_key *k, const uint8_t route[WZP_QUIC_ROUTE_LEN],
		       uint8_t cid[WZP_QUIC_CID_LEN]);
int wzp_quic_cid_route(struct wzp_quic_cid_key *k, const uint8_t *cid, size_t len,
		       uint8_t route[WZP_QUIC_ROUTE_LEN]);

#endif
