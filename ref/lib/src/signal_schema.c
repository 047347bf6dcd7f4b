/* signal_schema.c: every SignalMessage variant and field (spec/02-wire.md
 * 2.9.3). Variants and fields are in upstream's declaration order, which
 * is the order fields are written in. WZP-WIRE-072 */
#include "signal_schema.h"

#define COUNT(a) (sizeof a / sizeof a[0])
#define STRUCT(fields) { fields, COUNT(fields) }

/* Scalar and composite types. */
static const struct type_desc t_u8 = { .kind = K_U8 };
static const struct type_desc t_u32 = { .kind = K_U32 };
static const struct type_desc t_u64 = { .kind = K_U64 };
static const struct type_desc t_bool = { .kind = K_BOOL };
static const struct type_desc t_string = { .kind = K_STRING };
static const struct type_desc t_f32 = { .kind = K_F32 };
static const struct type_desc t_signal = { .kind = K_SIGNAL };
static const struct type_desc t_key32 = { .kind = K_LIST, .elem = &t_u8, .length = 32 };
static const struct type_desc t_room_key = { .kind = K_LIST, .elem = &t_u8, .length = 56 };
static const struct type_desc t_bytes = { .kind = K_LIST, .elem = &t_u8 };
static const struct type_desc t_strings = { .kind = K_LIST, .elem = &t_string };

static const char *const codec_names[] = {
	"Opus24k", "Opus16k", "Opus6k", "Codec2_3200", "Codec2_1200", "ComfortNoise", NULL,
};
static const char *const hangup_names[] = {
	"Normal", "Busy", "Declined", "Timeout", "Error", NULL,
};
static const char *const accept_mode_names[] = {
	"Reject", "AcceptTrusted", "AcceptGeneric", NULL,
};
static const struct type_desc t_codec = { .kind = K_ENUM, .names = codec_names };
static const struct type_desc t_hangup = { .kind = K_ENUM, .names = hangup_names };
static const struct type_desc t_accept_mode = { .kind = K_ENUM, .names = accept_mode_names };

static const struct field quality_profile_fields[] = {
	{ "codec", &t_codec, REQUIRED, IN_BOTH },
	{ "fec_ratio", &t_f32, REQUIRED, IN_BOTH },
	{ "frame_duration_ms", &t_u8, REQUIRED, IN_BOTH },
	{ "frames_per_block", &t_u8, REQUIRED, IN_BOTH },
};
static const struct struct_desc quality_profile = STRUCT(quality_profile_fields);
static const struct type_desc t_profile = { .kind = K_STRUCT, .st = &quality_profile };
static const struct type_desc t_profiles = { .kind = K_LIST, .elem = &t_profile };

static const struct field quality_report_fields[] = {
	{ "loss_pct", &t_u8, REQUIRED, IN_BOTH },
	{ "rtt_4ms", &t_u8, REQUIRED, IN_BOTH },
	{ "jitter_ms", &t_u8, REQUIRED, IN_BOTH },
	{ "bitrate_cap_kbps", &t_u8, REQUIRED, IN_BOTH },
};
static const struct struct_desc quality_report = STRUCT(quality_report_fields);
static const struct type_desc t_report = { .kind = K_STRUCT, .st = &quality_report };

static const struct field participant_fields[] = {
	{ "fingerprint", &t_string, REQUIRED, IN_V1 },
	{ "alias", &t_string, OPTION, IN_V1 },
	{ "relay_label", &t_string, OPTION, IN_V1 },
};
static const struct struct_desc participant = STRUCT(participant_fields);
static const struct type_desc t_participant = { .kind = K_STRUCT, .st = &participant };
static const struct type_desc t_participants = { .kind = K_LIST, .elem = &t_participant };

/* The variants of aa09275 (both profiles). */
static const struct field call_offer[] = {
	{ "identity_pub", &t_key32, REQUIRED, IN_BOTH },
	{ "ephemeral_pub", &t_key32, REQUIRED, IN_BOTH },
	{ "signature", &t_bytes, REQUIRED, IN_BOTH },
	{ "supported_profiles", &t_profiles, REQUIRED, IN_BOTH },
	{ "alias", &t_string, OPTION, IN_V1 },
};
static const struct field call_answer[] = {
	{ "identity_pub", &t_key32, REQUIRED, IN_BOTH },
	{ "ephemeral_pub", &t_key32, REQUIRED, IN_BOTH },
	{ "signature", &t_bytes, REQUIRED, IN_BOTH },
	{ "chosen_profile", &t_profile, REQUIRED, IN_BOTH },
};
static const struct field ice_candidate[] = { { "candidate", &t_string, REQUIRED, IN_BOTH } };
static const struct field rekey[] = {
	{ "new_ephemeral_pub", &t_key32, REQUIRED, IN_BOTH },
	{ "signature", &t_bytes, REQUIRED, IN_BOTH },
};
static const struct field quality_update[] = {
	{ "report", &t_report, REQUIRED, IN_BOTH },
	{ "recommended_profile", &t_profile, REQUIRED, IN_BOTH },
};
static const struct field ping[] = { { "timestamp_ms", &t_u64, REQUIRED, IN_BOTH } };
static const struct field hangup[] = { { "reason", &t_hangup, REQUIRED, IN_BOTH } };
static const struct field auth_token[] = { { "token", &t_string, REQUIRED, IN_BOTH } };
static const struct field transfer[] = {
	{ "target_fingerprint", &t_string, REQUIRED, IN_BOTH },
	{ "relay_addr", &t_string, OPTION, IN_BOTH },
};
static const struct field presence_update[] = {
	{ "fingerprints", &t_strings, REQUIRED, IN_BOTH },
	{ "relay_addr", &t_string, REQUIRED, IN_BOTH },
};
static const struct field route_query[] = {
	{ "fingerprint", &t_string, REQUIRED, IN_BOTH },
	{ "ttl", &t_u8, REQUIRED, IN_BOTH },
};
static const struct field route_response[] = {
	{ "fingerprint", &t_string, REQUIRED, IN_BOTH },
	{ "found", &t_bool, REQUIRED, IN_BOTH },
	{ "relay_chain", &t_strings, REQUIRED, IN_BOTH },
};
static const struct field session_forward[] = {
	{ "session_id", &t_string, REQUIRED, IN_BOTH },
	{ "target_fingerprint", &t_string, REQUIRED, IN_BOTH },
	{ "source_relay", &t_string, REQUIRED, IN_BOTH },
};
static const struct field session_forward_ack[] = {
	{ "session_id", &t_string, REQUIRED, IN_BOTH },
	{ "room_name", &t_string, REQUIRED, IN_BOTH },
};

/* The peer-to-peer and federation variants of f5542ef (wzp/1 only). */
static const struct field room_update[] = {
	{ "count", &t_u32, REQUIRED, IN_V1 },
	{ "participants", &t_participants, REQUIRED, IN_V1 },
};
static const struct field federation_hello[] = {
	{ "tls_fingerprint", &t_string, REQUIRED, IN_V1 },
};
static const struct field global_room_active[] = {
	{ "room", &t_string, REQUIRED, IN_V1 },
	{ "participants", &t_participants, DEFAULT, IN_V1 },
};
static const struct field global_room_inactive[] = { { "room", &t_string, REQUIRED, IN_V1 } };
static const struct field register_presence[] = {
	{ "identity_pub", &t_key32, REQUIRED, IN_V1 },
	{ "signature", &t_bytes, REQUIRED, IN_V1 },
	{ "alias", &t_string, OPTION, IN_V1 },
};
static const struct field register_presence_ack[] = {
	{ "success", &t_bool, REQUIRED, IN_V1 },
	{ "error", &t_string, OPTION_SKIP, IN_V1 },
};
static const struct field direct_call_offer[] = {
	{ "caller_fingerprint", &t_string, REQUIRED, IN_V1 },
	{ "caller_alias", &t_string, OPTION, IN_V1 },
	{ "target_fingerprint", &t_string, REQUIRED, IN_V1 },
	{ "call_id", &t_string, REQUIRED, IN_V1 },
	{ "identity_pub", &t_key32, REQUIRED, IN_V1 },
	{ "ephemeral_pub", &t_key32, REQUIRED, IN_V1 },
	{ "signature", &t_bytes, REQUIRED, IN_V1 },
	{ "supported_profiles", &t_profiles, REQUIRED, IN_V1 },
	{ "caller_reflexive_addr", &t_string, OPTION_SKIP, IN_V1 },
	{ "caller_local_addrs", &t_strings, DEFAULT_SKIP_EMPTY, IN_V1 },
};
static const struct field direct_call_answer[] = {
	{ "call_id", &t_string, REQUIRED, IN_V1 },
	{ "accept_mode", &t_accept_mode, REQUIRED, IN_V1 },
	{ "identity_pub", &t_key32, OPTION_SKIP, IN_V1 },
	{ "ephemeral_pub", &t_key32, OPTION_SKIP, IN_V1 },
	{ "signature", &t_bytes, OPTION_SKIP, IN_V1 },
	{ "chosen_profile", &t_profile, OPTION_SKIP, IN_V1 },
	{ "callee_reflexive_addr", &t_string, OPTION_SKIP, IN_V1 },
	{ "callee_local_addrs", &t_strings, DEFAULT_SKIP_EMPTY, IN_V1 },
};
static const struct field call_setup[] = {
	{ "call_id", &t_string, REQUIRED, IN_V1 },
	{ "room", &t_string, REQUIRED, IN_V1 },
	{ "relay_addr", &t_string, REQUIRED, IN_V1 },
	{ "peer_direct_addr", &t_string, OPTION_SKIP, IN_V1 },
	{ "peer_local_addrs", &t_strings, DEFAULT_SKIP_EMPTY, IN_V1 },
};
static const struct field call_ringing[] = { { "call_id", &t_string, REQUIRED, IN_V1 } };
static const struct field reflect_response[] = {
	{ "observed_addr", &t_string, REQUIRED, IN_V1 },
};
static const struct field media_path_report[] = {
	{ "call_id", &t_string, REQUIRED, IN_V1 },
	{ "direct_ok", &t_bool, REQUIRED, IN_V1 },
	{ "race_winner", &t_string, DEFAULT, IN_V1 },
};
/* wzp/1's own: a room key message (spec/05-crypto.md 5.7) on its way. */
static const struct field room_key[] = {
	{ "sender_fingerprint", &t_string, REQUIRED, IN_V1 },
	{ "recipient_fingerprint", &t_string, REQUIRED, IN_V1 },
	{ "message", &t_room_key, REQUIRED, IN_V1 },
};
static const struct field federated_signal_forward[] = {
	{ "inner", &t_signal, REQUIRED, IN_V1 },
	{ "origin_relay_fp", &t_string, REQUIRED, IN_V1 },
};

#define V(name, fields, profiles, type) { name, &(const struct struct_desc)STRUCT(fields), \
					  profiles, type }
#define UNIT(name, profiles, type) { name, NULL, profiles, type }

const struct variant signal_variants[] = {
	V("CallOffer", call_offer, IN_BOTH, "Offer"),
	V("CallAnswer", call_answer, IN_BOTH, "Answer"),
	V("IceCandidate", ice_candidate, IN_BOTH, "IceCandidate"),
	V("Rekey", rekey, IN_BOTH, "Offer"),
	V("QualityUpdate", quality_update, IN_BOTH, "Offer"),
	V("Ping", ping, IN_BOTH, "Offer"),
	V("Pong", ping, IN_BOTH, "Offer"),
	V("Hangup", hangup, IN_BOTH, "Hangup"),
	V("AuthToken", auth_token, IN_BOTH, "Offer"),
	UNIT("Hold", IN_BOTH, "Hold"),
	UNIT("Unhold", IN_BOTH, "Unhold"),
	UNIT("Mute", IN_BOTH, "Mute"),
	UNIT("Unmute", IN_BOTH, "Unmute"),
	V("Transfer", transfer, IN_BOTH, "Transfer"),
	UNIT("TransferAck", IN_BOTH, "Offer"),
	V("PresenceUpdate", presence_update, IN_BOTH, "Offer"),
	V("RouteQuery", route_query, IN_BOTH, "Offer"),
	V("RouteResponse", route_response, IN_BOTH, "Offer"),
	V("SessionForward", session_forward, IN_BOTH, "Offer"),
	V("SessionForwardAck", session_forward_ack, IN_BOTH, "Offer"),
	V("RoomUpdate", room_update, IN_V1, "Offer"),
	V("FederationHello", federation_hello, IN_V1, "Offer"),
	V("GlobalRoomActive", global_room_active, IN_V1, "Offer"),
	V("GlobalRoomInactive", global_room_inactive, IN_V1, "Offer"),
	V("RegisterPresence", register_presence, IN_V1, "Offer"),
	V("RegisterPresenceAck", register_presence_ack, IN_V1, "Offer"),
	V("DirectCallOffer", direct_call_offer, IN_V1, "Offer"),
	V("DirectCallAnswer", direct_call_answer, IN_V1, "Answer"),
	V("CallSetup", call_setup, IN_V1, "Offer"),
	V("CallRinging", call_ringing, IN_V1, "Ringing"),
	UNIT("Reflect", IN_V1, "Offer"),
	V("ReflectResponse", reflect_response, IN_V1, "Offer"),
	V("MediaPathReport", media_path_report, IN_V1, "Offer"),
	V("FederatedSignalForward", federated_signal_forward, IN_V1, "Offer"),
	V("RoomKey", room_key, IN_V1, "Offer"),
};

const size_t signal_variant_count = COUNT(signal_variants);
