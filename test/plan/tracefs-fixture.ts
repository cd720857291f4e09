// A tracefs for plan tests: the lab kernel's tracepoints, with a kfree_skb format cut down from the real one.
import { fixedTracefs, type Tracefs } from '../../src/plan/tracefs.js';

/** The real format of skb:kfree_skb on kernel 6.18, its reason list shortened. */
export const KFREE_SKB_FORMAT = `name: kfree_skb
ID: 2310
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:unsigned char common_flags;	offset:2;	size:1;	signed:0;
	field:unsigned char common_preempt_count;	offset:3;	size:1;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:void * skbaddr;	offset:8;	size:8;	signed:0;
	field:void * location;	offset:16;	size:8;	signed:0;
	field:void * rx_sk;	offset:24;	size:8;	signed:0;
	field:unsigned short protocol;	offset:32;	size:2;	signed:0;
	field:enum skb_drop_reason reason;	offset:36;	size:4;	signed:0;

print fmt: "skbaddr=%p rx_sk=%p protocol=%u location=%pS reason: %s", REC->skbaddr, REC->rx_sk, REC->protocol, REC->location, __print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, { 3, "NO_SOCKET" }, { 4, "SOCKET_CLOSE" }, { 12, "NETFILTER_DROP" }, { 128, "MAX" })
`;

/** The same tracepoint on a 5.10 kernel: no reason, no rx_sk. */
export const KFREE_SKB_FORMAT_5_10 = `name: kfree_skb
format:
	field:void * skbaddr;	offset:8;	size:8;	signed:0;
	field:void * location;	offset:16;	size:8;	signed:0;
	field:unsigned short protocol;	offset:24;	size:2;	signed:0;

print fmt: "skbaddr=%p protocol=%u location=%p", REC->skbaddr, REC->protocol, REC->location
`;

const LAB_TRACEPOINTS = [
  'tcp/tcp_retransmit_skb',
  'sock/inet_sock_set_state',
  'syscalls/sys_enter_open',
  'syscalls/sys_exit_open',
  'syscalls/sys_enter_openat',
  'syscalls/sys_exit_openat',
  'syscalls/sys_enter_openat2',
  'syscalls/sys_exit_openat2',
];

export function labTracefs(overrides: Record<string, string | undefined> = {}): Tracefs {
  const formats: Record<string, string> = Object.fromEntries(LAB_TRACEPOINTS.map((tp) => [tp, `name: ${tp}\n`]));
  formats['skb/kfree_skb'] = KFREE_SKB_FORMAT;
  for (const [tp, format] of Object.entries(overrides)) {
    if (format === undefined) delete formats[tp];
    else formats[tp] = format;
  }
  return fixedTracefs(formats);
}
