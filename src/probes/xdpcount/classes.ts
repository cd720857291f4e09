// The traffic classes the XDP counter counts, as a list without zod: its row reader needs it, and a parse that checks no events loads no zod.

/** The classes bcc-tools/xdpcount counts (per IP family where they are IP). */
export const xdpClasses = ['tcp', 'udp', 'icmp', 'roce_v2', 'roce_v1', 'arp', 'other'] as const;
