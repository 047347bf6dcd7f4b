/* error.h: the typed errors every libwzp function returns.
 *
 * Contract: each parser and encoder in libwzp returns WZP_OK or exactly one
 * of these codes, never a bare -1. The stable text name of each code
 * (wzp_err_name) is what the conformance adapter prints and what vectors
 * expect; spec/00-conventions.md lists them (WZP-CONV-010).
 */
#ifndef WZP_ERROR_H
#define WZP_ERROR_H

enum wzp_err {
	WZP_OK = 0,
	WZP_ERR_TRUNCATED,           /* input shorter than the format needs */
	WZP_ERR_UNKNOWN_CODEC,       /* codec id outside the profile's set */
	WZP_ERR_UNSUPPORTED_VERSION, /* version field names no version we speak */
	WZP_ERR_FIELD_RANGE,         /* a field value does not fit its wire width */
	WZP_ERR_UNKNOWN_PROFILE,     /* profile name not known */
	WZP_ERR_BAD_PARAM,           /* caller passed parameters the API forbids */
	WZP_ERR_INSUFFICIENT,        /* not enough symbols to decode (FEC) */
	WZP_ERR_NO_MEMORY,           /* caller-provided or allocated memory too small */
	WZP_ERR_UNKNOWN_FRAME_TYPE,  /* a datagram's first byte names no frame type */
	WZP_ERR_NO_REFERENCE,        /* a compact frame arrived before any full frame */
	WZP_ERR_TRAILING_BYTES,      /* bytes after the end of a complete structure */
	WZP_ERR_TOO_LARGE,           /* a length over the format's limit */
	WZP_ERR_BAD_JSON,            /* not UTF-8 JSON, a duplicate key, a NUL in a string */
	WZP_ERR_BAD_ENVELOPE,        /* not a variant string or a one-key variant object */
	WZP_ERR_UNKNOWN_VARIANT,     /* a signal variant the profile does not define */
	WZP_ERR_MISSING_FIELD,       /* a required field is absent */
	WZP_ERR_FIELD_TYPE,          /* a field of the wrong JSON type */
	WZP_ERR_ARRAY_LENGTH,        /* a fixed-length array of the wrong length */
	WZP_ERR_BAD_LENGTH,          /* a key, signature or text has the wrong length */
	WZP_ERR_BAD_ENCODING,        /* a text form has a character it does not allow */
	WZP_ERR_WORD_COUNT,          /* a mnemonic with a word count other than 24 */
	WZP_ERR_UNKNOWN_WORD,        /* a mnemonic word that is not in the wordlist */
	WZP_ERR_BAD_CHECKSUM,        /* a mnemonic whose checksum bits do not match */
	WZP_ERR_BAD_SIGNATURE,       /* an Ed25519 signature that does not verify */
	WZP_ERR_WEAK_KEY,            /* a low-order X25519 key: the shared secret is zero */
	WZP_ERR_UNKNOWN_QUALITY_PROFILE, /* a quality profile outside the registry or not offered */
	WZP_ERR_INVALID_TRANSITION,  /* an event the session's state does not accept */
	WZP_ERR_STALE,               /* a packet for an FEC block already expired */
	WZP_ERR_AUTH_FAILED,         /* a sealed message that does not authenticate */
	WZP_ERR_REPLAY,              /* a packet index already accepted, or too old */
	WZP_ERR__COUNT
};

/* Stable lower-case name, e.g. "truncated"; "unknown_error" for out of range. */
const char *wzp_err_name(enum wzp_err err);

#endif
