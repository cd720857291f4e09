/* xdpcount: the classification and counting shared by the libbpf program and the BCC program.
 *
 * The including file defines, before including this header:
 *   XDPCOUNT_CLASS_ALLOWED(c)  nonzero when packets of class c are counted (the --filter)
 *   XDPCOUNT_EXCLUDE_DNS       nonzero to leave out TCP and UDP to or from port 53
 *   XDPCOUNT_COUNT(c, len)     adds one packet of len bytes to class c's counter
 *   XDPCOUNT_FLOW(key, len)    adds one packet of len bytes to the flow *key
 * Every packet is passed on (XDP_PASS), counted or not.
 */
#ifndef XDPCOUNT_H
#define XDPCOUNT_H

/* The classes, in the order the loaders name them (src/probes/xdpcount/classes.ts keeps the same list). */
enum xdpcount_class {
	XC_TCP4 = 0,
	XC_UDP4 = 1,
	XC_ICMP4 = 2,
	XC_OTHER4 = 3,
	XC_TCP6 = 4,
	XC_UDP6 = 5,
	XC_ICMP6 = 6,
	XC_OTHER6 = 7,
	XC_ROCE2_4 = 8,
	XC_ROCE2_6 = 9,
	XC_ROCE1 = 10,
	XC_ARP = 11,
	XC_OTHER = 12,
	XC_MAX = 13,
};

#define XDPCOUNT_ROCE_V2_PORT 4791
#define XDPCOUNT_ETH_P_ROCE 0x8915

struct xdpcount_flow_key {
	__u8 family;   /* 4, 6, or 0 (not IP) */
	__u8 proto;    /* IP protocol number */
	__u8 cls;      /* enum xdpcount_class */
	__u8 pad;
	__u16 sport;   /* host order; 0 without ports */
	__u16 dport;
	__u32 pad2;
	__u8 src[16];  /* IPv4 in the first 4 bytes */
	__u8 dst[16];
};

struct xdpcount_flow_value {
	__u64 packets;
	__u64 bytes;
};

struct xdpcount_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* TCP and UDP ports sit in the first four bytes of both headers. */
struct xdpcount_ports {
	__be16 source;
	__be16 dest;
};

static __always_inline int xdpcount_l4(void *l4, void *end, __u8 proto, int first_fragment, struct xdpcount_flow_key *key)
{
	if (!first_fragment || (proto != IPPROTO_TCP && proto != IPPROTO_UDP))
		return 0;
	struct xdpcount_ports *p = l4;
	if ((void *)(p + 1) > end)
		return 0;
	key->sport = bpf_ntohs(p->source);
	key->dport = bpf_ntohs(p->dest);
	return 0;
}

static __always_inline __u8 xdpcount_ip_class(__u8 proto, __u16 dport, int v6)
{
	if (proto == IPPROTO_TCP)
		return v6 ? XC_TCP6 : XC_TCP4;
	if (proto == IPPROTO_UDP) {
		if (dport == XDPCOUNT_ROCE_V2_PORT)
			return v6 ? XC_ROCE2_6 : XC_ROCE2_4;
		return v6 ? XC_UDP6 : XC_UDP4;
	}
	if (proto == IPPROTO_ICMP && !v6)
		return XC_ICMP4;
	if (proto == IPPROTO_ICMPV6 && v6)
		return XC_ICMP6;
	return v6 ? XC_OTHER6 : XC_OTHER4;
}

static __always_inline int xdpcount_packet(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 len = (__u64)(end - data);
	struct xdpcount_flow_key key;
	__builtin_memset(&key, 0, sizeof(key));

	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end) {
		key.cls = XC_OTHER;
		goto counted;
	}
	__u16 ethertype = bpf_ntohs(eth->h_proto);
	void *next = eth + 1;
	if (ethertype == ETH_P_8021Q || ethertype == ETH_P_8021AD) {
		struct xdpcount_vlan_hdr *vlan = next;
		if ((void *)(vlan + 1) > end) {
			key.cls = XC_OTHER;
			goto counted;
		}
		ethertype = bpf_ntohs(vlan->proto);
		next = vlan + 1;
	}

	if (ethertype == ETH_P_IP) {
		struct iphdr *ip = next;
		if ((void *)(ip + 1) > end) {
			key.cls = XC_OTHER4;
			goto counted;
		}
		key.family = 4;
		key.proto = ip->protocol;
		__builtin_memcpy(key.src, &ip->saddr, 4);
		__builtin_memcpy(key.dst, &ip->daddr, 4);
		int first = (bpf_ntohs(ip->frag_off) & 0x1fff) == 0;
		xdpcount_l4((void *)ip + ip->ihl * 4, end, ip->protocol, first, &key);
		key.cls = xdpcount_ip_class(ip->protocol, key.dport, 0);
	} else if (ethertype == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = next;
		if ((void *)(ip6 + 1) > end) {
			key.cls = XC_OTHER6;
			goto counted;
		}
		key.family = 6;
		__builtin_memcpy(key.src, &ip6->saddr, 16);
		__builtin_memcpy(key.dst, &ip6->daddr, 16);
		__u8 nexthdr = ip6->nexthdr;
		void *l4 = ip6 + 1;
		int first = 1;
		/* Up to four extension headers: hop-by-hop, routing, destination options, fragment. */
#pragma unroll
		for (int i = 0; i < 4; i++) {
			if (nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING || nexthdr == IPPROTO_DSTOPTS) {
				__u8 *ext = l4;
				if ((void *)(ext + 2) > end)
					break;
				nexthdr = ext[0];
				l4 = (void *)ext + (ext[1] + 1) * 8;
			} else if (nexthdr == IPPROTO_FRAGMENT) {
				__u8 *frag = l4;
				if ((void *)(frag + 8) > end)
					break;
				nexthdr = frag[0];
				first = ((frag[2] << 8 | frag[3]) & 0xfff8) == 0;
				l4 = (void *)frag + 8;
			}
		}
		key.proto = nexthdr;
		xdpcount_l4(l4, end, nexthdr, first, &key);
		key.cls = xdpcount_ip_class(nexthdr, key.dport, 1);
	} else if (ethertype == XDPCOUNT_ETH_P_ROCE) {
		key.cls = XC_ROCE1;
	} else if (ethertype == ETH_P_ARP) {
		key.cls = XC_ARP;
	} else {
		key.cls = XC_OTHER;
	}

counted:
	if (!XDPCOUNT_CLASS_ALLOWED(key.cls))
		return XDP_PASS;
	if (XDPCOUNT_EXCLUDE_DNS && (key.proto == IPPROTO_TCP || key.proto == IPPROTO_UDP) && (key.sport == 53 || key.dport == 53))
		return XDP_PASS;
	XDPCOUNT_COUNT(key.cls, len);
	XDPCOUNT_FLOW(&key, len);
	return XDP_PASS;
}

#endif
