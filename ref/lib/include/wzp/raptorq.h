/* raptorq.h: RaptorQ (RFC 6330) for one source block, one sub-block.
 *
 * What it does: for a source block of K source symbols of T octets each
 * (1 <= K <= 56403, T >= 1), the encoder computes the L intermediate
 * symbols of RFC 6330 5.3.3.4 (the block padded with K' - K zero symbols)
 * and then the encoding symbol for any ESI: ESIs 0..K-1 are the source
 * symbols themselves, ESIs K.. are repair symbols, generated from ISI
 * ESI + (K' - K) (spec/03-raptorq.md, WZP-RQ-001..003). The decoder takes
 * any set of (ESI, symbol) pairs, in any order and with duplicates, and
 * rebuilds the K source symbols, or returns WZP_ERR_INSUFFICIENT when the
 * set does not determine them (WZP-RQ-004, -005). It never returns a wrong
 * block for a correct input set.
 *
 * A coder (struct wzp_rq_coder) holds everything that depends only on
 * (K, T): the constraint matrix, and for K' <= WZP_RQ_GENERATOR_MAX_KP the
 * generator matrix from source to intermediate symbols. Build it once per
 * block size (wzp_rq_coder_init, the only slow call), then encode each
 * block (wzp_rq_encode_intermediate, wzp_rq_encode_symbol) and decode
 * (wzp_rq_decode_with) without any further elimination for small K'.
 * wzp_rq_decode needs no coder: it solves the whole RFC 6330 5.4 system.
 *
 * Memory: the library never allocates. The caller asks for a size
 * (wzp_rq_coder_size, wzp_rq_decode_work_size), provides that many octets,
 * and owns them; a coder lives entirely inside its memory and may be
 * freed or reused by the caller at any time it is not in use. Memory must
 * be 8-byte aligned (malloc's is). Sizes grow as L * L octets
 * (L = K' + S + H, about K + 3% + 20), which bounds the K that fits in a
 * given budget (K = 8000, T = 256: about 140 MB for a coder, 73 MB of
 * decode work).
 * A coder is not changed by encode_symbol or decode_with, so several
 * threads may share one for those calls, each with its own work memory.
 *
 * Errors: WZP_ERR_BAD_PARAM for K, T or an ESI out of range or a NULL
 * pointer, WZP_ERR_NO_MEMORY when the memory given is smaller than asked
 * for, WZP_ERR_INSUFFICIENT from the decoders as above.
 */
#ifndef WZP_RAPTORQ_H
#define WZP_RAPTORQ_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

/* Largest K of RFC 6330 Table 2, and largest ESI (24-bit field, 3.2). */
#define WZP_RQ_K_MAX 56403u
#define WZP_RQ_ESI_MAX 0xffffffu
/* Blocks up to this K' encode through a precomputed generator matrix. */
#define WZP_RQ_GENERATOR_MAX_KP 101u

/* RFC 6330 5.3.3.3 parameters of a source block of K symbols. */
struct wzp_rq_params {
	uint32_t K;       /* source symbols in the block */
	uint32_t K_prime; /* K': smallest Table 2 entry >= K */
	uint32_t J;       /* J(K'): systematic index */
	uint32_t S;       /* LDPC symbols */
	uint32_t H;       /* HDPC symbols */
	uint32_t W;       /* LT symbols */
	uint32_t L;       /* intermediate symbols, K' + S + H */
	uint32_t P;       /* PI symbols, L - W */
	uint32_t P1;      /* smallest prime >= P */
	uint32_t U;       /* P - H */
	uint32_t B;       /* W - S */
};

/* Fill p for a block of K source symbols; WZP_ERR_BAD_PARAM unless
 * 1 <= K <= WZP_RQ_K_MAX. */
enum wzp_err wzp_rq_params_init(struct wzp_rq_params *p, uint32_t K);

/* ---- coder: per-(K, T) precomputation, and the encoder ---- */

struct wzp_rq_coder; /* opaque; lives in caller memory */

/* Octets of memory a coder for (K, T) needs; 0 if K or T is invalid. */
size_t wzp_rq_coder_size(uint32_t K, size_t T);

/* Build a coder in mem (size octets, 8-aligned) and point *coder at it.
 * Does the K'-only precomputation; may take a while for large K. */
enum wzp_err wzp_rq_coder_init(void *mem, size_t size, uint32_t K, size_t T,
			       struct wzp_rq_coder **coder);

/* The parameters the coder was built for. */
const struct wzp_rq_params *wzp_rq_coder_params(const struct wzp_rq_coder *coder);

/* Take one block: source holds K symbols of T octets back to back. For
 * large K' this solves for the intermediate symbols; for small K' it only
 * copies the block (symbols come straight from the generator). Must be
 * called before wzp_rq_encode_symbol; call again for the next block. */
enum wzp_err wzp_rq_encode_intermediate(struct wzp_rq_coder *coder, const uint8_t *source);

/* Write the T-octet encoding symbol with this ESI (0 <= esi <= ESI_MAX). */
enum wzp_err wzp_rq_encode_symbol(const struct wzp_rq_coder *coder, uint32_t esi,
				  uint8_t *out);

/* ---- decoder ---- */

/* Octets of work memory wzp_rq_decode needs for n received symbols. */
size_t wzp_rq_decode_work_size(uint32_t K, size_t T, size_t n);

/* Rebuild K source symbols into out (K * T octets) from n received
 * symbols: esi[i] is the ESI of symbols[i * T .. i * T + T - 1].
 * Returns WZP_OK, WZP_ERR_INSUFFICIENT (out is then unspecified),
 * WZP_ERR_BAD_PARAM or WZP_ERR_NO_MEMORY. */
enum wzp_err wzp_rq_decode(uint32_t K, size_t T, const uint32_t *esi, const uint8_t *symbols,
			   size_t n, uint8_t *out, void *work, size_t work_size);

/* The same decode for the coder's (K, T), using its K'-only precomputation:
 * for K' <= WZP_RQ_GENERATOR_MAX_KP only the missing source symbols are
 * solved for, which is far cheaper. Same results, same work size. */
enum wzp_err wzp_rq_decode_with(const struct wzp_rq_coder *coder, const uint32_t *esi,
				const uint8_t *symbols, size_t n, uint8_t *out, void *work,
				size_t work_size);

#endif
