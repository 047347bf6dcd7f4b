/* quic_tls.h: TLS 1.3 for the QUIC shell, on GnuTLS and ngtcp2_crypto_gnutls.
 *
 * Credentials: a server gets a fresh self-signed ECDSA P-256 certificate
 * for "localhost", made in memory at every start (as upstream's rcgen call
 * does), unless its owner gives PEM files to load (the relay's persistent
 * identity, ref/relay/relay_identity.h); nothing is written here. A client presents no certificate and,
 * like upstream, does not verify the server's.
 *
 * Sessions: TLS 1.3 only. The client offers the given ALPN ids in order and
 * sends the given SNI (none when NULL). The server accepts only the given
 * ALPN ids, in its own order of preference, compared byte for byte; a
 * ClientHello without a matching id fails the handshake with
 * GNUTLS_E_NO_APPLICATION_PROTOCOL, which GnuTLS answers with the
 * no_application_protocol alert (WZP-PROF-002).
 *
 * Every session of the process shares one parsed priority string (TLS 1.3
 * only), made when the first session is.
 *
 * Contract: functions return 0 on success or a negative GnuTLS error code
 * (gnutls_strerror_name names it); on failure nothing is left allocated.
 * The caller owns credentials and sessions and frees them with
 * gnutls_certificate_free_credentials() and gnutls_deinit().
 */
#ifndef WZP_QUIC_TLS_H
#define WZP_QUIC_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>

/* The ALPN ids a session offers (client) or accepts (server). */
struct wzp_quic_alpn {
	const char *const *ids;
	size_t count;
};

/* Server credentials: the PEM certificate and key in cert_file and
 * key_file, or, when either is NULL, a fresh self-signed one. */
int wzp_quic_tls_server_credentials(gnutls_certificate_credentials_t *out, const char *cert_file,
				    const char *key_file);
/* A fresh self-signed ECDSA P-256 certificate for "localhost", valid from
 * an hour ago for a year, and its key; the caller deinits both. */
int wzp_quic_tls_self_signed(gnutls_x509_crt_t *crt, gnutls_x509_privkey_t *key);
int wzp_quic_tls_client_credentials(gnutls_certificate_credentials_t *out);

/* A session bound to ref (whose get_conn must return the ngtcp2_conn). */
int wzp_quic_tls_server_session(gnutls_session_t *out, gnutls_certificate_credentials_t creds,
				const struct wzp_quic_alpn *alpn, ngtcp2_crypto_conn_ref *ref);
int wzp_quic_tls_client_session(gnutls_session_t *out, gnutls_certificate_credentials_t creds,
				const struct wzp_quic_alpn *alpn, const char *sni,
				ngtcp2_crypto_conn_ref *ref);

/* Feeds CRYPTO data received at level to the session and advances the
 * handshake, as ngtcp2_crypto_read_write_crypto_data does, but keeps the
 * GnuTLS error: 0, or the negative GnuTLS error that failed the handshake
 * (GnuTLS has already sent its alert, which ngtcp2 records). A connection
 * whose session is gone (a server's, after its handshake) takes no more:
 * GNUTLS_E_UNEXPECTED_PACKET, with the alert unexpected_message recorded. */
int wzp_quic_tls_advance(ngtcp2_conn *conn, ngtcp2_crypto_level level, const uint8_t *data,
			 size_t len);

/* The negotiated ALPN id and the SNI the client sent, NUL-terminated in
 * out[cap]; "" when there is none (or it does not fit). */
void wzp_quic_tls_alpn(gnutls_session_t session, char *out, size_t cap);
void wzp_quic_tls_sni(gnutls_session_t session, char *out, size_t cap);

#endif
