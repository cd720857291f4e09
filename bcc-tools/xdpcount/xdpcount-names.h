/* xdpcount-names.h: the names the loaders print for the classes and IP protocols (src/probes/xdpcount/classes.ts reads them). */
#ifndef XDPCOUNT_NAMES_H
#define XDPCOUNT_NAMES_H
#include <stdio.h>

#define XC_COUNT 13
/* Index = enum xdpcount_class in xdpcount.h: the class name and its IP family ("-" when not IP). */
static const char *const xc_names[XC_COUNT] = {"tcp", "udp", "icmp", "other", "tcp", "udp", "icmp", "other", "roce_v2", "roce_v2", "roce_v1", "arp", "other"};
static const char *const xc_families[XC_COUNT] = {"4", "4", "4", "4", "6", "6", "6", "6", "4", "6", "-", "-", "-"};

static inline const char *class_name(unsigned c) { return c < XC_COUNT ? xc_names[c] : "other"; }
static inline const char *class_family(unsigned c) { return c < XC_COUNT ? xc_families[c] : "-"; }

static inline const char *ip_protocol_name(unsigned proto, unsigned family)
{
	static char number[8];
	if (family != 4 && family != 6) return "-";
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	default: snprintf(number, sizeof(number), "%u", proto); return number;
	}
}
#endif
