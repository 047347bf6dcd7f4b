/* relay_identity.c: the certificate kept under --state-dir
 * (relay_identity.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/x509.h>

#include "quic_tls.h"
#include "relay_identity.h"

static int hex_fingerprint(gnutls_x509_crt_t crt, char out[65])
{
	uint8_t digest[32];
	size_t size = sizeof digest;

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, digest, &size) < 0)
		return -1;
	for (size_t i = 0; i < size; i++)
		sprintf(out + 2 * i, "%02x", digest[i]);
	return 0;
}

/* Writes data to a new file with mode; -1 if it exists or cannot be written. */
static int write_new(const char *path, const gnutls_datum_t *data, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data->data, data->size);
	if (close(fd) != 0 || n != (ssize_t)data->size) {
		unlink(path);
		return -1;
	}
	return 0;
}

static int save(const struct relay_identity *id, gnutls_x509_crt_t crt,
		gnutls_x509_privkey_t key)
{
	gnutls_datum_t cert_pem = { 0 }, key_pem = { 0 };
	int rv = -1;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cert_pem) >= 0 &&
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &key_pem) >= 0 &&
	    write_new(id->key_file, &key_pem, 0600) == 0) {
		rv = write_new(id->cert_file, &cert_pem, 0644);
		if (rv != 0)
			unlink(id->key_file);
	}
	gnutls_free(cert_pem.data);
	gnutls_free(key_pem.data);
	return rv;
}

static int create(struct relay_identity *id, const char *dir)
{
	gnutls_x509_crt_t crt;
	gnutls_x509_privkey_t key;
	int rv;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	if (wzp_quic_tls_self_signed(&crt, &key) != 0)
		return -1;
	rv = save(id, crt, key);
	if (rv == 0)
		rv = hex_fingerprint(crt, id->fingerprint);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	id->created = rv == 0;
	return rv;
}

static int load(struct relay_identity *id)
{
	gnutls_datum_t pem = { 0 };
	gnutls_x509_crt_t crt;
	int rv = -1;

	if (gnutls_load_file(id->cert_file, &pem) < 0)
		return -1;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) >= 0)
			rv = hex_fingerprint(crt, id->fingerprint);
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_free(pem.data);
	return rv;
}

int relay_identity_open(struct relay_identity *id, const char *dir)
{
	int rv;

	memset(id, 0, sizeof *id);
	if (snprintf(id->cert_file, sizeof id->cert_file, "%s/relay-cert.pem", dir) >=
		    (int)sizeof id->cert_file ||
	    snprintf(id->key_file, sizeof id->key_file, "%s/relay-key.pem", dir) >=
		    (int)sizeof id->key_file) {
		fprintf(stderr, "wzp-relay: state directory path too long\n");
		return -1;
	}
	if (access(id->cert_file, R_OK) == 0 && access(id->key_file, R_OK) == 0)
		rv = load(id);
	else
		rv = create(id, dir);
	if (rv != 0)
		fprintf(stderr, "wzp-relay: cannot use the identity in %s\n", dir);
	return rv;
}
