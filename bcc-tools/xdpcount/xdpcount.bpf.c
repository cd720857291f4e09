/* xdpcount.bpf.c: the XDP counter for the libbpf loader (xdpcount.c): per-class and per-flow packets and bytes; passes every packet. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Set by the loader before load (skeleton rodata): bit c set = class c counted; exclude DNS when nonzero. */
const volatile __u32 class_mask = 0xffffffff;
const volatile __u8 exclude_dns = 0;

struct counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 13);
	__type(key, __u32);
	__type(value, struct counter);
} class_counts SEC(".maps");

struct xdpcount_flow_key;
struct xdpcount_flow_value;

#define XDPCOUNT_CLASS_ALLOWED(c) (class_mask & (1u << (c)))
#define XDPCOUNT_EXCLUDE_DNS exclude_dns
#define XDPCOUNT_COUNT(c, len) xdpcount_add_class((c), (len))
#define XDPCOUNT_FLOW(k, len) xdpcount_add_flow((k), (len))

static __always_inline void xdpcount_add_class(__u32 cls, __u64 len);
static __always_inline void xdpcount_add_flow(struct xdpcount_flow_key *key, __u64 len);

#include "xdpcount.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct xdpcount_flow_key);
	__type(value, struct xdpcount_flow_value);
} flows SEC(".maps");

static __always_inline void xdpcount_add_class(__u32 cls, __u64 len)
{
	struct counter *c = bpf_map_lookup_elem(&class_counts, &cls);
	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
}

static __always_inline void xdpcount_add_flow(struct xdpcount_flow_key *key, __u64 len)
{
	struct xdpcount_flow_value *v = bpf_map_lookup_elem(&flows, key);
	if (v) {
		__sync_fetch_and_add(&v->packets, 1);
		__sync_fetch_and_add(&v->bytes, len);
		return;
	}
	struct xdpcount_flow_value init = { .packets = 1, .bytes = len };
	if (bpf_map_update_elem(&flows, key, &init, BPF_NOEXIST) != 0) {
		v = bpf_map_lookup_elem(&flows, key);
		if (v) {
			__sync_fetch_and_add(&v->packets, 1);
			__sync_fetch_and_add(&v->bytes, len);
		}
	}
}

SEC("xdp")
int pctl_xdpcount(struct xdp_md *ctx)
{
	return xdpcount_packet(ctx);
}

char LICENSE[] SEC("license") = "GPL";
