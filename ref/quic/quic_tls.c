/* quic_tls.c: GnuTLS credentials and sessions for QUIC (see quic_tls.h). */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include "quic_tls.h"
#include "wzp/trace.h"

/* TLS 1.3 only; QUIC forbids the middlebox-compatibility ChangeCipherSpec. */
#define PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:%DISABLE_TLS13_COMPAT_MODE"
#define ALPN_MAX 8 /* GnuTLS keeps at most this many ids per session */
#define CERT_NAME "localhost"
#define CERT_DAYS 365

static int make_key(gnutls_x509_privkey_t *key)
{
	int rv = gnutls_x509_privkey_init(key);

	if (rv < 0)
		return rv;
	rv = gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
					  GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (rv < 0)
		gnutls_x509_privkey_deinit(*key);
	return rv;
}

/* Self-signed, CN and SAN "localhost", valid from an hour ago for a year. */
static int fill_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	uint8_t serial[16];
	time_t now = time(NULL);
	int rv = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);

	if (rv >= 0) {
		serial[0] &= 0x7f; /* a positive INTEGER */
		rv = gnutls_x509_crt_set_version(crt, 3);
	}
	if (rv >= 0)
		rv = gnutls_x509_crt_set_serial(crt, serial, sizeof serial);
	if (rv >= 0)
		rv = gnutls_x509_crt_set_activation_time(crt, now - 3600);
	if (rv >= 0)
		rv = gnutls_x509_crt_set_expiration_time(crt, now + CERT_DAYS * 86400L);
	if (rv >= 0)
		rv = gnutls_x509_crt_set_dn(crt, "CN=" CERT_NAME, NULL);
	if (rv >= 0)
		rv = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, CERT_NAME,
							  strlen(CERT_NAME), GNUTLS_FSAN_SET);
	if (rv >= 0)
		rv = gnutls_x509_crt_set_key(crt, key);
	if (rv >= 0)
		rv = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
	return rv;
}

int wzp_quic_tls_self_signed(gnutls_x509_crt_t *crt, gnutls_x509_privkey_t *key)
{
	int rv = make_key(key);

	if (rv < 0)
		return rv;
	rv = gnutls_x509_crt_init(crt);
	if (rv >= 0 && (rv = fill_cert(*crt, *key)) < 0)
		gnutls_x509_crt_deinit(*crt);
	if (rv < 0)
		gnutls_x509_privkey_deinit(*key);
	return rv < 0 ? rv : 0;
}

static int add_self_signed(gnutls_certificate_credentials_t creds)
{
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	int rv = wzp_quic_tls_self_signed(&crt, &key);

	if (rv < 0)
		return rv;
	rv = gnutls_certificate_set_x509_key(creds, &crt, 1, key);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	return rv;
}

int wzp_quic_tls_server_credentials(gnutls_certificate_credentials_t *out, const char *cert_file,
				    const char *key_file)
{
	int rv = gnutls_certificate_allocate_credentials(out);

	if (rv < 0)
		return rv;
	if (cert_file != NULL && key_file != NULL)
		rv = gnutls_certificate_set_x509_key_file(*out, cert_file, key_file,
							  GNUTLS_X509_FMT_PEM);
	else
		rv = add_self_signed(*out);
	if (rv < 0)
		gnutls_certificate_free_credentials(*out);
	return rv < 0 ? rv : 0;
}

int wzp_quic_tls_client_credentials(gnutls_certificate_credentials_t *out)
{
	return gnutls_certificate_allocate_credentials(out);
}

/* WZP-TRANS-001: TLS 1.3 only; the ALPN ids of the profiles served. */
static int set_alpn(gnutls_session_t s, const struct wzp_quic_alpn *alpn, unsigned flags)
{
	gnutls_datum_t ids[ALPN_MAX];

	if (alpn->count > ALPN_MAX)
		return GNUTLS_E_INVALID_REQUEST;
	if (alpn->count == 0)
		return 0;
	for (size_t i = 0; i < alpn->count; i++) {
		ids[i].data = (unsigned char *)alpn->ids[i];
		ids[i].size = (unsigned)strlen(alpn->ids[i]);
	}
	return gnutls_alpn_set_protocols(s, ids, (unsigned)alpn->count, flags);
}

/* PRIORITY, parsed once for every session of the process: a session
 * parsing its own kept an 8 KiB copy for its whole life. GnuTLS counts
 * the sessions using it; it is never freed. */
static struct {
	pthread_once_t once;
	gnutls_priority_t cache;
	int rv;
} priority = { .once = PTHREAD_ONCE_INIT };

static void parse_priority(void)
{
	priority.rv = gnutls_priority_init(&priority.cache, PRIORITY, NULL);
}

static int set_priority(gnutls_session_t s)
{
	if (pthread_once(&priority.once, parse_priority) != 0)
		return GNUTLS_E_INTERNAL_ERROR;
	return priority.rv < 0 ? priority.rv : gnutls_priority_set(s, priority.cache);
}

/* What client and server sessions share, after gnutls_init(). */
static int configure(gnutls_session_t s, gnutls_certificate_credentials_t creds,
		     const struct wzp_quic_alpn *alpn, unsigned alpn_flags,
		     ngtcp2_crypto_conn_ref *ref)
{
	int rv = set_priority(s);

	if (rv >= 0)
		rv = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, creds);
	if (rv >= 0)
		rv = set_alpn(s, alpn, alpn_flags);
	gnutls_session_set_ptr(s, ref);
	return rv;
}

/* Post-ClientHello hook: a ClientHello that offered no ALPN at all gets past
 * GnuTLS's own check (which runs only when the extension is present). */
static int require_alpn(gnutls_session_t s, unsigned htype, unsigned when, unsigned incoming,
			const gnutls_datum_t *msg)
{
	gnutls_datum_t chosen;

	(void)htype;
	(void)when;
	(void)incoming;
	(void)msg;
	if (WZP_SITE("WZP-PROF-002", gnutls_alpn_get_selected_protocol(s, &chosen) != 0))
		return GNUTLS_E_NO_APPLICATION_PROTOCOL;
	return 0;
}

static int finish(gnutls_session_t *out, int rv)
{
	if (rv < 0)
		gnutls_deinit(*out);
	return rv < 0 ? rv : 0;
}

int wzp_quic_tls_server_session(gnutls_session_t *out, gnutls_certificate_credentials_t creds,
				const struct wzp_quic_alpn *alpn, ngtcp2_crypto_conn_ref *ref)
{
	int rv = gnutls_init(out, GNUTLS_SERVER);
	unsigned flags = GNUTLS_ALPN_MANDATORY;

	if (rv < 0)
		return rv;
	if (ngtcp2_crypto_gnutls_configure_server_session(*out) != 0)
		return finish(out, GNUTLS_E_INTERNAL_ERROR);
	/* WZP-TRANS-001: when the client offers ids we serve, our order decides */
	if (WZP_SITE("WZP-TRANS-001", alpn->count > 1))
		flags |= GNUTLS_ALPN_SERVER_PRECEDENCE;
	rv = configure(*out, creds, alpn, flags, ref);
	gnutls_handshake_set_hook_function(*out, GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_POST,
					   require_alpn);
	return finish(out, rv);
}

int wzp_quic_tls_client_session(gnutls_session_t *out, gnutls_certificate_credentials_t creds,
				const struct wzp_quic_alpn *alpn, const char *sni,
				ngtcp2_crypto_conn_ref *ref)
{
	int rv = gnutls_init(out, GNUTLS_CLIENT);

	if (rv < 0)
		return rv;
	if (ngtcp2_crypto_gnutls_configure_client_session(*out) != 0)
		return finish(out, GNUTLS_E_INTERNAL_ERROR);
	rv = configure(*out, creds, alpn, GNUTLS_ALPN_MANDATORY, ref);
	if (rv >= 0 && sni != NULL)
		rv = gnutls_server_name_set(*out, GNUTLS_NAME_DNS, sni, strlen(sni));
	return finish(out, rv);
}

int wzp_quic_tls_advance(ngtcp2_conn *conn, ngtcp2_crypto_level level, const uint8_t *data,
			 size_t len)
{
	gnutls_session_t s = ngtcp2_conn_get_tls_native_handle(conn);
	int rv = 0;

	if (s == NULL) {
		/* A server after its handshake: no message may come (RFC 9001 6;
		 * GnuTLS answers them unexpected_message too). */
		ngtcp2_conn_set_tls_alert(conn, GNUTLS_A_UNEXPECTED_MESSAGE);
		return GNUTLS_E_UNEXPECTED_PACKET;
	}
	if (len > 0)
		rv = gnutls_handshake_write(s, ngtcp2_crypto_gnutls_from_ngtcp2_level(level), data,
					    len);
	if (rv == 0 && !ngtcp2_conn_get_handshake_completed(conn)) {
		rv = gnutls_handshake(s);
		if (rv == 0)
			ngtcp2_conn_handshake_completed(conn);
	}
	if (rv >= 0 || !gnutls_error_is_fatal(rv))
		return 0;
	gnutls_alert_send_appropriate(s, rv);
	return rv;
}

static void copy_out(char *out, size_t cap, const void *src, size_t len)
{
	if (len >= cap)
		len = 0;
	if (len)
		memcpy(out, src, len);
	out[len] = '\0';
}

void wzp_quic_tls_alpn(gnutls_session_t session, char *out, size_t cap)
{
	gnutls_datum_t chosen;

	if (gnutls_alpn_get_selected_protocol(session, &chosen) != 0)
		chosen.size = 0;
	copy_out(out, cap, chosen.data, chosen.size);
}

void wzp_quic_tls_sni(gnutls_session_t session, char *out, size_t cap)
{
	char name[256];
	size_t len = sizeof name;
	unsigned type;

	if (gnutls_server_name_get(session, name, &len, &type, 0) != 0 || type != GNUTLS_NAME_DNS)
		len = 0;
	copy_out(out, cap, name, len);
}
