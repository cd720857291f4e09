/* xdpcount.c: the libbpf loader of the XDP counter: attaches through a bpf_link (gone with this process), prints counts every interval.
 *
 * usage: xdpcount --iface IF [--interval-ms N] [--mode auto|native|skb] [--class-mask M] [--exclude-dns] [--top N]
 *
 * The program is attached through a bpf_link: the kernel detaches it when the last descriptor of the
 * link closes, that is when this process ends, even by SIGKILL. The process also ends when its stdin
 * closes (its parent died) and on SIGINT, SIGTERM and SIGHUP, printing the last partial interval first.
 * Run by hand from a shell, keep stdin open (a terminal, or `sleep infinity |`).
 *
 * Output (docs/layouts.md, layout libbpf-v1), TAB-separated, one block per interval ended by an empty line.
 * Real, from recordings/xdpcount/libbpf (the lab's server veth, TCP to 5001 and UDP to 4791 arriving):
 *   PROBECTL xdpcount v1 libbpf	iface=pctl-vb	mode=native	prog_id=14752	prog=pctl_xdpcount
 *   COUNT	pctl-vb	tcp	4	51	70358	791
 *   COUNT	pctl-vb	icmp	6	3	250	791
 *   COUNT	pctl-vb	roce_v2	4	40	9680	791
 *   FLOW	pctl-vb	10.201.0.1	10.201.0.2	43786	5001	tcp	tcp	51	70358
 *   FLOW	pctl-vb	10.201.0.1	10.201.0.2	58598	4791	udp	roce_v2	40	9680
 *   FLOW	pctl-vb	fe80::287d:6dff:feb9:2690	ff02::16	0	0	icmpv6	icmp	2	180
 *   (empty line)
 * COUNT: iface class family packets bytes interval-ms (deltas over the interval, classes that saw packets only).
 * FLOW: iface src dst sport dport ip-protocol class packets bytes (the top N flows of the interval by packets).
 * Errors go to stderr as "xdpcount: error: ...", with exit codes 2 (usage, no such interface),
 * 3 (another XDP program attached), 4 (no privileges), 5 (load or attach failed).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdpcount.skel.h"
#include "xdpcount-names.h"

struct flow_key {
	__u8 family, proto, cls, pad;
	__u16 sport, dport;
	__u32 pad2;
	__u8 src[16], dst[16];
};
struct flow_value {
	__u64 packets, bytes;
};
struct flow_row {
	struct flow_key key;
	struct flow_value total, delta;
};

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void die(int code, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "xdpcount: error: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(code);
}

static __u64 now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int key_cmp(const void *a, const void *b) { return memcmp(&((const struct flow_row *)a)->key, &((const struct flow_row *)b)->key, sizeof(struct flow_key)); }
static int delta_cmp(const void *a, const void *b)
{
	const struct flow_row *x = a, *y = b;
	if (x->delta.packets != y->delta.packets) return x->delta.packets < y->delta.packets ? 1 : -1;
	return x->delta.bytes < y->delta.bytes ? 1 : x->delta.bytes > y->delta.bytes ? -1 : 0;
}

/* The name of the XDP program attached to ifindex, in *name; 0 when none is attached. */
static __u32 attached_program(int ifindex, char *name, size_t size, const char **mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	name[0] = 0;
	*mode = "unknown";
	if (bpf_xdp_query(ifindex, 0, &q) != 0 || q.prog_id == 0) return 0;
	*mode = q.attach_mode == XDP_ATTACHED_SKB ? "skb" : q.attach_mode == XDP_ATTACHED_DRV ? "native" : q.attach_mode == XDP_ATTACHED_HW ? "hw" : "multi";
	int fd = bpf_prog_get_fd_by_id(q.prog_id);
	if (fd >= 0) {
		struct bpf_prog_info info = {0};
		__u32 len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) snprintf(name, size, "%s", info.name);
		close(fd);
	}
	return q.prog_id;
}

static int link_xdp(int prog_fd, int ifindex, __u32 flags)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
	int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	return fd < 0 ? -errno : fd;
}

static struct flow_row *prev_rows, *rows;
static size_t prev_count, capacity;

static void print_flows(const char *iface, int map_fd, unsigned top)
{
	struct flow_key key, next;
	size_t n = 0;
	int more = bpf_map_get_next_key(map_fd, NULL, &next) == 0;
	while (more && n < capacity) {
		key = next;
		struct flow_value v;
		if (bpf_map_lookup_elem(map_fd, &key, &v) == 0) {
			rows[n].key = key;
			rows[n].total = v;
			n++;
		}
		more = bpf_map_get_next_key(map_fd, &key, &next) == 0;
	}
	qsort(rows, n, sizeof(*rows), key_cmp);
	for (size_t i = 0; i < n; i++) {
		struct flow_row *old = prev_count ? bsearch(&rows[i], prev_rows, prev_count, sizeof(*rows), key_cmp) : NULL;
		/* An entry evicted and made again starts over from zero. */
		int same = old && old->total.packets <= rows[i].total.packets;
		rows[i].delta.packets = rows[i].total.packets - (same ? old->total.packets : 0);
		rows[i].delta.bytes = rows[i].total.bytes - (same ? old->total.bytes : 0);
	}
	struct flow_row *keep = prev_rows;
	memcpy(keep, rows, n * sizeof(*rows));
	prev_count = n;
	qsort(rows, n, sizeof(*rows), delta_cmp);
	for (size_t i = 0, shown = 0; i < n && shown < top && rows[i].delta.packets > 0; i++) {
		if (rows[i].key.family != 4 && rows[i].key.family != 6) continue; /* flows are IP flows */
		shown++;
		char src[INET6_ADDRSTRLEN] = "-", dst[INET6_ADDRSTRLEN] = "-";
		struct flow_key *k = &rows[i].key;
		if (k->family == 4 || k->family == 6) {
			int af = k->family == 4 ? AF_INET : AF_INET6;
			inet_ntop(af, k->src, src, sizeof(src));
			inet_ntop(af, k->dst, dst, sizeof(dst));
		}
		printf("FLOW\t%s\t%s\t%s\t%u\t%u\t%s\t%s\t%llu\t%llu\n", iface, src, dst, k->sport, k->dport, ip_protocol_name(k->proto, k->family),
		       class_name(k->cls), (unsigned long long)rows[i].delta.packets, (unsigned long long)rows[i].delta.bytes);
	}
}

int main(int argc, char **argv)
{
	const char *iface = NULL, *mode = "auto";
	long interval_ms = 1000, top = 10;
	unsigned long class_mask = 0xffffffff;
	int exclude_dns = 0;
	static struct option longopts[] = {
		{"iface", required_argument, 0, 'i'}, {"interval-ms", required_argument, 0, 'n'}, {"mode", required_argument, 0, 'm'},
		{"class-mask", required_argument, 0, 'c'}, {"exclude-dns", no_argument, 0, 'd'}, {"top", required_argument, 0, 't'}, {0, 0, 0, 0},
	};
	for (int o; (o = getopt_long(argc, argv, "", longopts, NULL)) != -1;) {
		switch (o) {
		case 'i': iface = optarg; break;
		case 'n': interval_ms = strtol(optarg, NULL, 10); break;
		case 'm': mode = optarg; break;
		case 'c': class_mask = strtoul(optarg, NULL, 0); break;
		case 'd': exclude_dns = 1; break;
		case 't': top = strtol(optarg, NULL, 10); break;
		default: die(2, "usage: xdpcount --iface IF [--interval-ms N] [--mode auto|native|skb] [--class-mask M] [--exclude-dns] [--top N]%s%s", "", "");
		}
	}
	if (iface == NULL || strlen(iface) >= IF_NAMESIZE) die(2, "give --iface with an interface name of at most 15 characters%s%s", "", "");
	if (interval_ms < 10 || interval_ms > 3600000 || top < 0 || top > 10000) die(2, "--interval-ms must be 10 to 3600000 and --top 0 to 10000%s%s", "", "");
	if (strcmp(mode, "auto") && strcmp(mode, "native") && strcmp(mode, "skb")) die(2, "--mode must be auto, native or skb, not %s%s", mode, "");

	/* Ends with its parent even if stdin is somehow kept open elsewhere. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	int ifindex = if_nametoindex(iface);
	if (ifindex == 0) die(2, "there is no interface %s in this network namespace (%s); list them with 'ip link', or run inside the right one with 'ip netns exec NS'", iface, strerror(errno));

	char name[BPF_OBJ_NAME_LEN];
	const char *other_mode;
	__u32 other = attached_program(ifindex, name, sizeof(name), &other_mode);
	if (other != 0) {
		char detail[128];
		snprintf(detail, sizeof(detail), "id %u, name %s, %s mode", other, name[0] ? name : "(unnamed)", other_mode);
		if (strcmp(name, "pctl_xdpcount") == 0)
			die(3, "%s already has an XDP program attached (%s): another probectl xdpcount is counting there, or one was left behind (a killed BCC loader); 'probectl doctor --fix' removes one left behind", iface, detail);
		die(3, "%s already has an XDP program attached (%s); nothing was attached. Detach it first if it is not needed", iface, detail);
	}

	libbpf_set_print(NULL);
	struct xdpcount_bpf *skel = xdpcount_bpf__open();
	if (skel == NULL) die(5, "cannot open the BPF object: %s%s", strerror(errno), "");
	skel->rodata->class_mask = (__u32)class_mask;
	skel->rodata->exclude_dns = (__u8)exclude_dns;
	int err = xdpcount_bpf__load(skel);
	if (err) {
		if (err == -EPERM || err == -EACCES)
			die(4, "the kernel refused to load the XDP program (%s): run as root (or with CAP_BPF and CAP_NET_ADMIN)%s", strerror(-err), "");
		die(5, "cannot load the XDP program: %s%s", strerror(-err), "");
	}
	int prog_fd = bpf_program__fd(skel->progs.pctl_xdpcount);
	int link_fd = -1;
	const char *used = mode;
	if (strcmp(mode, "skb") != 0) {
		link_fd = link_xdp(prog_fd, ifindex, XDP_FLAGS_DRV_MODE);
		used = "native";
		if (link_fd < 0 && strcmp(mode, "native") == 0)
			die(link_fd == -EPERM ? 4 : 5, "cannot attach in native mode to %s: %s; try --mode skb (or auto)", iface, strerror(-link_fd));
	}
	if (link_fd < 0) {
		link_fd = link_xdp(prog_fd, ifindex, XDP_FLAGS_SKB_MODE);
		used = "skb";
		if (link_fd < 0) {
			if (link_fd == -EBUSY || link_fd == -EEXIST) die(3, "%s got another XDP program while probectl was attaching (%s); nothing was attached", iface, strerror(-link_fd));
			die(link_fd == -EPERM ? 4 : 5, "cannot attach to %s: %s", iface, strerror(-link_fd));
		}
	}
	struct bpf_prog_info info = {0};
	__u32 info_len = sizeof(info);
	bpf_obj_get_info_by_fd(prog_fd, &info, &info_len);

	int ncpu = libbpf_num_possible_cpus();
	struct { __u64 packets, bytes; } *percpu = calloc(ncpu, 16), prev[XC_COUNT] = {{0}};
	capacity = 16384;
	rows = calloc(capacity, sizeof(*rows));
	prev_rows = calloc(capacity, sizeof(*rows));
	if (!percpu || !rows || !prev_rows) die(5, "out of memory%s%s", "", "");
	int counts_fd = bpf_map__fd(skel->maps.class_counts), flows_fd = bpf_map__fd(skel->maps.flows);

	printf("PROBECTL xdpcount v1 libbpf\tiface=%s\tmode=%s\tprog_id=%u\tprog=pctl_xdpcount\n", iface, used, info.id);
	fflush(stdout);

	__u64 started = now_ms(), deadline = started + interval_ms;
	int stdin_open = 1;
	for (;;) {
		__u64 now = now_ms();
		int last = stop_requested || !stdin_open;
		if (!last && now < deadline) {
			struct pollfd p = {.fd = 0, .events = POLLIN};
			int r = poll(&p, 1, (int)(deadline - now));
			if (r > 0) {
				char buf[256];
				ssize_t got = (p.revents & POLLIN) ? read(0, buf, sizeof(buf)) : 0;
				if (got <= 0) stdin_open = 0;
			}
			continue;
		}
		now = now_ms();
		for (__u32 c = 0; c < XC_COUNT; c++) {
			if (bpf_map_lookup_elem(counts_fd, &c, percpu) != 0) continue;
			__u64 packets = 0, bytes = 0;
			for (int i = 0; i < ncpu; i++) packets += percpu[i].packets, bytes += percpu[i].bytes;
			if (packets != prev[c].packets)
				printf("COUNT\t%s\t%s\t%s\t%llu\t%llu\t%llu\n", iface, class_name(c), class_family(c), (unsigned long long)(packets - prev[c].packets),
				       (unsigned long long)(bytes - prev[c].bytes), (unsigned long long)(now - started));
			prev[c].packets = packets, prev[c].bytes = bytes;
		}
		print_flows(iface, flows_fd, (unsigned)top);
		printf("\n");
		fflush(stdout);
		if (last) break;
		started = now;
		deadline += interval_ms;
		if (deadline <= now) deadline = now + interval_ms;
	}
	close(link_fd); /* the link's last descriptor: the kernel detaches the program here */
	xdpcount_bpf__destroy(skel);
	return 0;
}
