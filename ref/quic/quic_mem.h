/* quic_mem.h: the allocator the QUIC shell gives ngtcp2 (ngtcp2_mem).
 *
 * Why: ngtcp2 0.12.1 keeps each skip list (packet numbers received, CIDs,
 * stream ids, sent packets, ACK ranges) and each object pool (streams,
 * frames, sent-packet records) of a connection in blocks of 4-12 KiB that
 * it fills from the front; a connection of a few streams and packets in
 * flight uses the first few hundred bytes of each. On the C heap the rest
 * is resident too, once freed memory of earlier handshakes is reused: some
 * 40 KiB of every connection's memory (docs/bench-relay.md). Here every
 * block of a page or more that ngtcp2 takes with malloc gets its own
 * anonymous mapping, of which the kernel backs only the pages touched (one
 * page per block in practice); calloc'd and smaller blocks stay on the C
 * heap. ngtcp2 takes such blocks when a connection is made, when a stream
 * opens and when a skip list first fills, not per packet.
 *
 * Contract: the functions behave as malloc, free, calloc and realloc do;
 * wzp_quic_mem() is one allocator for every connection, with no state.
 */
#ifndef WZP_QUIC_MEM_H
#define WZP_QUIC_MEM_H

#include <ngtcp2/ngtcp2.h>

const ngtcp2_mem *wzp_quic_mem(void);

#endif
