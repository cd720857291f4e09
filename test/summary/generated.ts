// A long, varied stream of events made up for the summary's bound tests, with its true totals counted as it is made.
import type { ProbeEvent } from '../../src/events/index.js';

const source = { impl: 'bcc', tool: 'gen', layout: 'gen' } as const;
const REASONS = ['NETFILTER_DROP', 'TCP_CSUM', 'NO_SOCKET', 'TCP_INVALID_SEQUENCE', undefined];

/** The flow that retransmits once every 20 events, among a million others that do so once or twice. */
export const HEAVY = { laddr: '10.9.9.9', lport: 4242, raddr: '10.8.8.8', rport: 443 };

export interface Truth {
  events: number;
  retransmits: number;
  heavyRetransmits: number;
  tlp: number;
  drops: number;
  dropsByReason: Map<string, number>;
  sessions: number;
  txKb: number;
  opens: number;
  failedOpens: number;
  xdpPackets: number;
  lost: number;
}

/** Events 1..n: every one a new 4-tuple, pid or path where its type has one; `truth` is counted alongside. */
export function* generatedEvents(n: number, truth: Truth): Generator<ProbeEvent> {
  const t0 = 1_800_000_000_000;
  for (let i = 1; i <= n; i++) {
    const ts = t0 + Math.floor(i / 50); // 50 events a ms: 1e6 events over 20 s
    const envelope = { ts, probe: 'gen', source, host: 'h', seq: i };
    const a = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    truth.events++;
    switch (i % 20) {
      case 0:
        truth.retransmits++;
        truth.heavyRetransmits++;
        yield { type: 'tcp.retransmit', ...envelope, family: 4, ...HEAVY, pid: 0 };
        break;
      case 1:
      case 2:
      case 3: {
        const tlp = i % 7 === 0;
        truth.retransmits++;
        if (tlp) truth.tlp++;
        yield {
          type: 'tcp.retransmit',
          ...envelope,
          family: 4,
          laddr: a,
          lport: 1024 + (i % 60000),
          raddr: '10.201.0.2',
          rport: 5001,
          ...(tlp ? { kind: 'tlp' as const } : { kind: 'retrans' as const }),
        };
        break;
      }
      case 4:
      case 5:
      case 6: {
        const reason = REASONS[i % REASONS.length];
        truth.drops++;
        truth.dropsByReason.set(reason ?? 'unknown', (truth.dropsByReason.get(reason ?? 'unknown') ?? 0) + 1);
        yield {
          type: 'tcp.drop',
          ...envelope,
          pid: i % 1000,
          comm: `c${i % 1000}`,
          family: 4,
          saddr: a,
          sport: 40000 + (i % 20000),
          daddr: '10.201.0.2',
          dport: 5001,
          ...(reason === undefined ? {} : { reason }),
        };
        break;
      }
      case 7:
      case 8:
      case 9: {
        const txKb = i % 4096;
        truth.sessions++;
        truth.txKb += txKb;
        yield {
          type: 'tcp.session',
          ...envelope,
          pid: i,
          comm: `p${i}`,
          family: 4,
          laddr: a,
          lport: 2000 + (i % 50000),
          raddr: '10.201.0.3',
          rport: 80,
          tx_kb: txKb,
          rx_kb: 1,
          duration_ms: (i % 10007) / 10,
        };
        break;
      }
      case 10:
      case 11:
      case 12:
      case 13:
      case 14:
      case 15: {
        const errno = i % 3 === 0 ? (i % 2 === 0 ? 2 : 13) : 0;
        truth.opens++;
        if (errno > 0) truth.failedOpens++;
        yield { type: 'file.open', ...envelope, pid: i, comm: `proc${i % 5000}`, fd: errno > 0 ? -1 : 3, errno, path: `/data/${i}/file` };
        break;
      }
      case 16:
      case 17: {
        const packets = i % 100;
        truth.xdpPackets += packets;
        yield {
          type: 'xdp.count',
          ...envelope,
          iface: `veth${i % 7}`,
          proto: i % 2 === 0 ? 'tcp' : 'udp',
          family: 4,
          packets,
          bytes: packets * 100,
          interval_ms: 1000,
          pps: packets,
          bps: packets * 800,
        };
        break;
      }
      case 18:
        truth.lost += i % 9;
        yield { type: 'tool.lost', ...envelope, count: i % 9 };
        break;
      default:
        yield { type: 'tool.diagnostic', ...envelope, level: i % 2 === 0 ? 'warning' : 'unparsed', message: `line ${i}` };
    }
  }
}

export const emptyTruth = (): Truth => ({
  events: 0,
  retransmits: 0,
  heavyRetransmits: 0,
  tlp: 0,
  drops: 0,
  dropsByReason: new Map(),
  sessions: 0,
  txKb: 0,
  opens: 0,
  failedOpens: 0,
  xdpPackets: 0,
  lost: 0,
});
