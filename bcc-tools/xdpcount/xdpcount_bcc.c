/* xdpcount_bcc.c: the XDP counter as BCC compiles it for xdpcount.py: the same counting as xdpcount.bpf.c, in BCC's map syntax.
 * xdpcount.py passes -DCLASS_MASK=0x... -DEXCLUDE_DNS=0|1 and -I for xdpcount.h. Reads only packet bytes and UAPI
 * headers, no kernel struct, so kernel headers of another kernel change nothing it reads. */
#include <uapi/linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef bpf_ntohs
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define bpf_ntohs(x) ((__u16)__builtin_bswap16(x))
#else
#define bpf_ntohs(x) ((__u16)(x))
#endif
#endif

struct counter {
	u64 packets;
	u64 bytes;
};
struct xdpcount_flow_key;

#define XDPCOUNT_CLASS_ALLOWED(c) ((CLASS_MASK) & (1u << (c)))
#define XDPCOUNT_EXCLUDE_DNS (EXCLUDE_DNS)
#define XDPCOUNT_COUNT(c, len) xdpcount_add_class((c), (len))
#define XDPCOUNT_FLOW(k, len) xdpcount_add_flow((k), (len))
static __always_inline void xdpcount_add_class(u32 cls, u64 len);
static __always_inline void xdpcount_add_flow(struct xdpcount_flow_key *key, u64 len);

#include "xdpcount.h"

BPF_PERCPU_ARRAY(class_counts, struct counter, 13);
BPF_TABLE("lru_hash", struct xdpcount_flow_key, struct xdpcount_flow_value, flows, 16384);

static __always_inline void xdpcount_add_class(u32 cls, u64 len)
{
	struct counter *c = class_counts.lookup(&cls);
	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
}

static __always_inline void xdpcount_add_flow(struct xdpcount_flow_key *key, u64 len)
{
	struct xdpcount_flow_value init = {};
	struct xdpcount_flow_value *v = flows.lookup_or_try_init(key, &init);
	if (v) {
		__sync_fetch_and_add(&v->packets, 1);
		__sync_fetch_and_add(&v->bytes, len);
	}
}

int pctl_xdpcount(struct xdp_md *ctx)
{
	return xdpcount_packet(ctx);
}
