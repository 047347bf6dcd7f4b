/* Fuzz target: the FEC receiver. Mode 0 feeds it arbitrary packets
 * ([flags][block][esi][length][payload] records): it must never crash and
 * every frame it hands on must fit the layout. Mode 1 sends frames whose
 * sizes the input picks through a sender, drops the packets the input
 * says, and checks every frame handed on is exactly one that was sent.
 * seed-ops: fec.receive:packets */
#include <stdlib.h>
#include <string.h>

#include "wzp/fec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wzp_fec_sender sender;
static struct wzp_fec_receiver receiver;

static void arbitrary_packets(const uint8_t *data, size_t size, const struct wzp_fec_layout *l)
{
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	size_t at = 0, n;

	wzp_fec_receiver_init(&receiver, l);
	while (size - at >= 4) {
		struct wzp_fec_packet p = { data[at] & 1, data[at + 1], data[at + 2],
					    (uint32_t)data[at] << 8, data + at + 4, data[at + 3] };

		at += 4;
		if (p.len > size - at)
			p.len = size - at;
		at += p.len;
		wzp_fec_receiver_push(&receiver, &p, frames, &n);
		for (size_t i = 0; i < n; i++)
			if (frames[i].len == 0 || frames[i].len > wzp_fec_frame_capacity(l))
				abort();
	}
}

/* At most this many frames per input: each block costs a RaptorQ encode
 * and maybe a decode, and the smoke run must stay within its budget. */
#define ROUND_TRIP_FRAMES 48

static void round_trip(const uint8_t *data, size_t size, const struct wzp_fec_layout *l)
{
	struct wzp_fec_packet out[WZP_FEC_PACKETS_MAX];
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	uint8_t frame[WZP_FEC_T_MAX];
	size_t n, got, cap = wzp_fec_frame_capacity(l);

	wzp_fec_sender_init(&sender, l, data[0]);
	wzp_fec_receiver_init(&receiver, l);
	if (size > ROUND_TRIP_FRAMES)
		size = ROUND_TRIP_FRAMES;
	for (size_t i = 1; i < size; i++) {
		size_t len = 1 + data[i] % cap;

		memset(frame, (int)i, len);
		if (wzp_fec_sender_add(&sender, frame, len, (uint32_t)i * l->frame_ms, out, &n))
			abort();
		for (size_t k = 0; k < n; k++) {
			if ((data[i] >> 7) && k == 0)
				continue; /* the input's top bit loses this packet */
			if (wzp_fec_receiver_push(&receiver, &out[k], frames, &got) != WZP_OK)
				abort();
			for (size_t f = 0; f < got; f++) {
				size_t index = frames[f].timestamp_ms / l->frame_ms;

				if (index == 0 || index >= size ||
				    frames[f].len != 1 + data[index] % cap ||
				    frames[f].data[0] != (uint8_t)index)
					abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_fec_layout l;

	if (size < 3)
		return 0;
	wzp_fec_layout_for(data[0] % 5, (data[0] & 0x80) ? WZP_PROFILE_UPSTREAM : WZP_PROFILE_V1,
			   &l);
	if (data[1] & 1)
		round_trip(data + 2, size - 2, &l);
	else
		arbitrary_packets(data + 2, size - 2, &l);
	return 0;
}
