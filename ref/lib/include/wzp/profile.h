/* profile.h: protocol profiles (spec/01-profiles.md).
 *
 * A profile fixes every choice where wzp departs from the original
 * implementation. Peers select it by ALPN during the QUIC handshake
 * (WZP-PROF-002); functions whose behaviour differs by profile take it as an
 * argument. Nothing here allocates.
 */
#ifndef WZP_PROFILE_H
#define WZP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

enum wzp_profile {
	WZP_PROFILE_V1 = 0,       /* "wzp/1": this project's protocol, the default */
	WZP_PROFILE_UPSTREAM = 1, /* "upstream-aa09275": byte-compatible with the original */
};

/* Profile by its registered name; WZP_ERR_UNKNOWN_PROFILE otherwise. */
enum wzp_err wzp_profile_from_name(const char *name, enum wzp_profile *out);
const char *wzp_profile_name(enum wzp_profile profile);

/* Profile selected by a negotiated ALPN protocol id (byte-exact, no NUL). */
enum wzp_err wzp_profile_from_alpn(const uint8_t *alpn, size_t len, enum wzp_profile *out);
const char *wzp_profile_alpn(enum wzp_profile profile);

#endif
