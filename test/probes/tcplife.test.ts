import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { tcplifeParser } from '../../src/probes/tcplife/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';

// One session printed by every layout: [layout, ...lines], rendered with each tool's own format strings.
const everyLayout: [string, ...string[]][] = [
  [
    'bcc',
    'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
    '2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
  ],
  [
    'bcc-T',
    'TIME     PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
    '23:59:59 2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
  ],
  [
    'bcc-t',
    'TIME(s)   PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
    '1.500000  2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
  ],
  [
    'bcc-Tt',
    'TIME     TIME(s)   PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
    '23:59:59 1.500000  2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
  ],
  [
    'bcc-w39',
    'PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS',
    '2001  curl             4  10.1.2.3                                50000 93.184.216.34                           80         0      1 91.79',
  ],
  [
    'bcc-Tw39',
    'TIME     PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS',
    '23:59:59 2001  curl             4  10.1.2.3                                50000 93.184.216.34                           80         0      1 91.79',
  ],
  [
    'bcc-tw39',
    'TIME(s)   PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS',
    '1.500000  2001  curl             4  10.1.2.3                                50000 93.184.216.34                           80         0      1 91.79',
  ],
  [
    'bcc-Ttw39',
    'TIME     TIME(s)   PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS',
    '23:59:59 1.500000  2001  curl             4  10.1.2.3                                50000 93.184.216.34                           80         0      1 91.79',
  ],
  [
    'bcc-w26',
    'PID   COMM             IP LADDR                      LPORT RADDR                      RPORT  TX_KB  RX_KB MS',
    '2001  curl             4  10.1.2.3                   50000 93.184.216.34              80         0      1 91.79',
  ],
  [
    'bcc-Tw26',
    'TIME     PID   COMM             IP LADDR                      LPORT RADDR                      RPORT  TX_KB  RX_KB MS',
    '23:59:59 2001  curl             4  10.1.2.3                   50000 93.184.216.34              80         0      1 91.79',
  ],
  [
    'bcc-tw26',
    'TIME(s)   PID   COMM             IP LADDR                      LPORT RADDR                      RPORT  TX_KB  RX_KB MS',
    '1.500000  2001  curl             4  10.1.2.3                   50000 93.184.216.34              80         0      1 91.79',
  ],
  [
    'bcc-Ttw26',
    'TIME     TIME(s)   PID   COMM             IP LADDR                      LPORT RADDR                      RPORT  TX_KB  RX_KB MS',
    '23:59:59 1.500000  2001  curl             4  10.1.2.3                   50000 93.184.216.34              80         0      1 91.79',
  ],
  ['bcc-s', 'PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '2001,curl,4,10.1.2.3,50000,93.184.216.34,80,0,1,91.79'],
  ['bcc-sT', 'TIME,PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '23:59:59,2001,curl,4,10.1.2.3,50000,93.184.216.34,80,0,1,91.79'],
  ['bcc-st', 'TIME(s),PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '1.500000,2001,curl,4,10.1.2.3,50000,93.184.216.34,80,0,1,91.79'],
  ['bcc-sTt', 'TIME,TIME(s),PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '23:59:59,1.500000,2001,curl,4,10.1.2.3,50000,93.184.216.34,80,0,1,91.79'],
  [
    'libbpf',
    'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS',
    '2001    curl             10.1.2.3        50000 93.184.216.34   80    0.50   1.25   91.79',
  ],
  [
    'libbpf-T',
    'TIME(s)  PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS',
    '23:59:59 2001    curl             10.1.2.3        50000 93.184.216.34   80    0.50   1.25   91.79',
  ],
  [
    'libbpf-w39',
    'PID     COMM             LADDR                                   LPORT RADDR                                   RPORT TX_KB  RX_KB  MS',
    '2001    curl             10.1.2.3                                50000 93.184.216.34                           80    0.50   1.25   91.79',
  ],
  [
    'libbpf-Tw39',
    'TIME(s)  PID     COMM             LADDR                                   LPORT RADDR                                   RPORT TX_KB  RX_KB  MS',
    '23:59:59 2001    curl             10.1.2.3                                50000 93.184.216.34                           80    0.50   1.25   91.79',
  ],
  [
    'libbpf-w26',
    'PID     COMM             LADDR                      LPORT RADDR                      RPORT TX_KB  RX_KB  MS',
    '2001    curl             10.1.2.3                   50000 93.184.216.34              80    0.50   1.25   91.79',
  ],
  [
    'libbpf-Tw26',
    'TIME(s)  PID     COMM             LADDR                      LPORT RADDR                      RPORT TX_KB  RX_KB  MS',
    '23:59:59 2001    curl             10.1.2.3                   50000 93.184.216.34              80    0.50   1.25   91.79',
  ],
  [
    'bt',
    'Attaching 8 probes...',
    'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
    '2001  curl       10.1.2.3        50000 93.184.216.34   80         0     1 91',
  ],
  [
    'probectl-v1',
    'Attaching 3 probes...',
    'PROBECTL tcplife v1',
    'SESSION\t4\t10.1.2.3\t50000\t93.184.216.34\t80\t512\t1280\t91790\t2001\tcurl' + '\\x00'.repeat(12),
  ],
];

/** What each layout's row above must give: the printed prefixes and numbers, nothing more. */
function expectedFor(layout: string): Record<string, unknown> {
  const flags = layout.split('-')[1] ?? '';
  const body: Record<string, unknown> = {
    type: 'tcp.session',
    pid: 2001,
    comm: 'curl',
    family: 4,
    laddr: '10.1.2.3',
    lport: 50000,
    raddr: '93.184.216.34',
    rport: 80,
  };
  if (flags.includes('T')) body.time = '23:59:59';
  if (flags.includes('t')) body.elapsed_s = 1.5;
  if (layout.startsWith('libbpf')) Object.assign(body, { tx_kb: 0.5, rx_kb: 1.25, duration_ms: 91.79 });
  else if (layout === 'bt') Object.assign(body, { tx_kb: 0, rx_kb: 1, duration_ms: 91 });
  else if (layout === 'probectl-v1') Object.assign(body, { tx_kb: 0.5, rx_kb: 1.25, duration_ms: 91.79 });
  else Object.assign(body, { tx_kb: 0, rx_kb: 1, duration_ms: 91.79 });
  return body;
}

describe('tcplife parser', () => {
  it('has a header and row case below for every layout it declares', () => {
    assert.deepEqual(everyLayout.map(([name]) => name).sort(), tcplifeParser.layouts.map((l) => l.name).sort());
  });

  for (const [layout, ...text] of everyLayout) {
    it(`detects ${layout} from its header and reads its row`, () => {
      const events = parseText(tcplifeParser, lines(...text));
      assert.deepEqual(bodies(events), [expectedFor(layout)]);
      assert.deepEqual(layoutsOf(events), [layout]);
    });
  }

  it('reads bcc default rows with a 7-digit PID, a truncated COMM with spaces and IPv6 overflowing 15 columns', () => {
    const text = lines(
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '1234567 nginx: wor 10.0.0.5        443   192.168.100.200 51234    12     3 1.50',
      '812   my app     2001:db8:85a3::8a2e:370:7334 8080  2001:db8::2     40000     0  1024 20971.04',
      '4     abcdefghij 127.0.0.1       5432  127.0.0.1       39000 10240     7 123456.78',
    );
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        pid: 1234567,
        comm: 'nginx: wor',
        family: 4,
        laddr: '10.0.0.5',
        lport: 443,
        raddr: '192.168.100.200',
        rport: 51234,
        tx_kb: 12,
        rx_kb: 3,
        duration_ms: 1.5,
      },
      {
        type: 'tcp.session',
        pid: 812,
        comm: 'my app',
        family: 6,
        laddr: '2001:db8:85a3::8a2e:370:7334',
        lport: 8080,
        raddr: '2001:db8::2',
        rport: 40000,
        tx_kb: 0,
        rx_kb: 1024,
        duration_ms: 20971.04,
      },
      {
        type: 'tcp.session',
        pid: 4,
        comm: 'abcdefghij',
        family: 4,
        laddr: '127.0.0.1',
        lport: 5432,
        raddr: '127.0.0.1',
        rport: 39000,
        tx_kb: 10240,
        rx_kb: 7,
        duration_ms: 123456.78,
      },
    ]);
  });

  it('reads a bcc -t timestamp that overflows its nine columns as elapsed_s', () => {
    const text = lines(
      'TIME(s)   PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '0.000000  2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
      '1234.567890 2002  wget       10.1.2.3        50002 93.184.216.34   443       2     3 4.00',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(
      events.map((e) => e.type === 'tcp.session' && [e.elapsed_s, e.pid, e.comm, e.duration_ms]),
      [
        [0, 2001, 'curl', 91.79],
        [1234.56789, 2002, 'wget', 4],
      ],
    );
  });

  it('reads bcc -Tt with both the clock and the timestamp, and a COMM with spaces', () => {
    const text = lines(
      'TIME     TIME(s)   PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '00:00:01 12.500000 99    a b c      10.1.2.3        50000 10.9.9.9        22        5     6 7.25',
    );
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        time: '00:00:01',
        elapsed_s: 12.5,
        pid: 99,
        comm: 'a b c',
        family: 4,
        laddr: '10.1.2.3',
        lport: 50000,
        raddr: '10.9.9.9',
        rport: 22,
        tx_kb: 5,
        rx_kb: 6,
        duration_ms: 7.25,
      },
    ]);
  });

  it('reads bcc -w (0.26, 26 wide): family from the IP column, IPv6 overflowing, a 7-digit PID and a 16-character COMM', () => {
    const text = lines(
      'PID   COMM             IP LADDR                      LPORT RADDR                      RPORT  TX_KB  RX_KB MS',
      '1234567 Chrome IO thread 6  2001:db8:85a3::8a2e:370:7334 443   ::1                        51000      1      2 3.45',
      '7     sshd             4  10.0.0.1                   22    10.0.0.2                   60000 100000      2 10.00',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.session',
        pid: 1234567,
        comm: 'Chrome IO thread',
        family: 6,
        laddr: '2001:db8:85a3::8a2e:370:7334',
        lport: 443,
        raddr: '::1',
        rport: 51000,
        tx_kb: 1,
        rx_kb: 2,
        duration_ms: 3.45,
      },
      {
        type: 'tcp.session',
        pid: 7,
        comm: 'sshd',
        family: 4,
        laddr: '10.0.0.1',
        lport: 22,
        raddr: '10.0.0.2',
        rport: 60000,
        tx_kb: 100000,
        rx_kb: 2,
        duration_ms: 10,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-w26', 'bcc-w26']);
  });

  it('reads bcc -w (0.29+, 39 wide) with a full-length IPv6 address', () => {
    const text = lines(
      'PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS',
      '31    redis-server     6  fd00:1111:2222:3333:4444:5555:6666:7777 6379  fd00::1                                 40404      0      0 0.26',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.session',
        pid: 31,
        comm: 'redis-server',
        family: 6,
        laddr: 'fd00:1111:2222:3333:4444:5555:6666:7777',
        lport: 6379,
        raddr: 'fd00::1',
        rport: 40404,
        tx_kb: 0,
        rx_kb: 0,
        duration_ms: 0.26,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-w39']);
  });

  it('reads a CSV COMM with commas and spaces by anchoring on the fields at both ends', () => {
    const text = lines(
      'PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS',
      '7335,web,worker, 2,4,127.0.0.1,48098,127.0.0.1,28527,0,0,0.26',
      '1234567,java,6,2001:db8:85a3::8a2e:370:7334,8443,::1,50001,12,34,5.60',
      '8,,4,10.0.0.1,1,10.0.0.2,2,3,4,5.00',
    );
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        pid: 7335,
        comm: 'web,worker, 2',
        family: 4,
        laddr: '127.0.0.1',
        lport: 48098,
        raddr: '127.0.0.1',
        rport: 28527,
        tx_kb: 0,
        rx_kb: 0,
        duration_ms: 0.26,
      },
      {
        type: 'tcp.session',
        pid: 1234567,
        comm: 'java',
        family: 6,
        laddr: '2001:db8:85a3::8a2e:370:7334',
        lport: 8443,
        raddr: '::1',
        rport: 50001,
        tx_kb: 12,
        rx_kb: 34,
        duration_ms: 5.6,
      },
      { type: 'tcp.session', pid: 8, comm: '', family: 4, laddr: '10.0.0.1', lport: 1, raddr: '10.0.0.2', rport: 2, tx_kb: 3, rx_kb: 4, duration_ms: 5 },
    ]);
  });

  it('reads CSV -sTt with a comma in COMM after both time columns', () => {
    const text = lines('TIME,TIME(s),PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '23:39:38,2.500000,7335,a,b,6,::1,48098,::1,28527,1,2,3.00');
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        time: '23:39:38',
        elapsed_s: 2.5,
        pid: 7335,
        comm: 'a,b',
        family: 6,
        laddr: '::1',
        lport: 48098,
        raddr: '::1',
        rport: 28527,
        tx_kb: 1,
        rx_kb: 2,
        duration_ms: 3,
      },
    ]);
  });

  it('reads libbpf rows: 2-decimal KB, a 7-digit PID, a COMM with a space and IPv6 overflowing 15 columns', () => {
    const text = lines(
      'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS',
      '5530    python3          127.0.0.1       36029 127.0.0.1       56104 292.97 4.88   1.90',
      '1234567 my server        2001:db8::1     443   2001:db8:85a3::8a2e:370:7334 50000 0.50   1.25   91.79',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.session',
        pid: 5530,
        comm: 'python3',
        family: 4,
        laddr: '127.0.0.1',
        lport: 36029,
        raddr: '127.0.0.1',
        rport: 56104,
        tx_kb: 292.97,
        rx_kb: 4.88,
        duration_ms: 1.9,
      },
      {
        type: 'tcp.session',
        pid: 1234567,
        comm: 'my server',
        family: 6,
        laddr: '2001:db8::1',
        lport: 443,
        raddr: '2001:db8:85a3::8a2e:370:7334',
        rport: 50000,
        tx_kb: 0.5,
        rx_kb: 1.25,
        duration_ms: 91.79,
      },
    ]);
    assert.equal(events[0]!.source.impl, 'libbpf');
  });

  it("reports the HH:MM:SS values under libbpf -T's TIME(s) header as time, not elapsed_s", () => {
    const text = lines(
      'TIME(s)  PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS',
      '01:56:22 5615    python3          ::1             34013 ::1             56026 292.97 4.88   0.35',
    );
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        time: '01:56:22',
        pid: 5615,
        comm: 'python3',
        family: 6,
        laddr: '::1',
        lport: 34013,
        raddr: '::1',
        rport: 56026,
        tx_kb: 292.97,
        rx_kb: 4.88,
        duration_ms: 0.35,
      },
    ]);
  });

  it('reads libbpf -w with an IPv6 address that overflows 26 columns', () => {
    const text = lines(
      'PID     COMM             LADDR                      LPORT RADDR                      RPORT TX_KB  RX_KB  MS',
      '5746    python3          ::1                        40249 2001:db8:85a3::8a2e:370:7334 48160 4.88   292.97 0.34',
    );
    const events = parseText(tcplifeParser, text);
    assert.equal(events.length, 1);
    assert.deepEqual(layoutsOf(events), ['libbpf-w26']);
    assert.equal(events[0]!.type === 'tcp.session' && events[0]!.raddr, '2001:db8:85a3::8a2e:370:7334');
  });

  it('tells tcplife.bt from bcc by its banner, and keeps junk IPv6 addresses and integer MS', () => {
    const text = lines(
      'Attaching 8 probes...',
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '20976 ssh        127.0.0.1       56766 127.0.0.1       22         6 10584 3059',
      '4496  Chrome_IOT 7f00:6:5ea7::a00:0 42846 0:0:bb01::      443        0     3 12441',
      '1234567 a b        10.0.0.1        1     10.0.0.2        2          0     0 0',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.session',
        pid: 20976,
        comm: 'ssh',
        family: 4,
        laddr: '127.0.0.1',
        lport: 56766,
        raddr: '127.0.0.1',
        rport: 22,
        tx_kb: 6,
        rx_kb: 10584,
        duration_ms: 3059,
      },
      {
        type: 'tcp.session',
        pid: 4496,
        comm: 'Chrome_IOT',
        family: 6,
        laddr: '7f00:6:5ea7::a00:0',
        lport: 42846,
        raddr: '0:0:bb01::',
        rport: 443,
        tx_kb: 0,
        rx_kb: 3,
        duration_ms: 12441,
      },
      {
        type: 'tcp.session',
        pid: 1234567,
        comm: 'a b',
        family: 4,
        laddr: '10.0.0.1',
        lport: 1,
        raddr: '10.0.0.2',
        rport: 2,
        tx_kb: 0,
        rx_kb: 0,
        duration_ms: 0,
      },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'tcplife.bt', layout: 'bt' });
  });

  it('recognises tcplife.bt rows by their integer MS when the banner went to stderr (bpftrace 0.24+)', () => {
    const text = lines(
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '20976 ssh        127.0.0.1       56766 127.0.0.1       22         6 10584 3059',
      '14519 monitord   127.0.0.1       44832 127.0.0.1       44444      0     0 0',
    );
    const events = parseText(tcplifeParser, text, { stderr: 'Attached 8 probes\n' });
    assert.deepEqual(layoutsOf(events), ['bt', 'bt']);
    assert.deepEqual(
      events.map((e) => e.type === 'tcp.session' && e.duration_ms),
      [3059, 0],
    );
  });

  it('keeps reading bcc rows under the shared header when no banner came', () => {
    const text = lines(
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '22597 recordProg 127.0.0.1       46644 127.0.0.1       28527     0     0 0.23',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(events[0]!.source, { impl: 'bcc', tool: 'tcplife', layout: 'bcc' });
  });

  it('turns prompts, prose, elisions and usage text into unparsed diagnostics carrying the raw line', () => {
    const text = lines(
      '# ./tcplife -w',
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
      '[...]',
      '10 sessions were traced, lasting about 0.25 ms each.',
      'usage: tcplife [-h] [-T] [-t] [-w] [-s] [-p PID]',
    );
    const events = parseText(tcplifeParser, text);
    assert.deepEqual(
      events.map((e) => (e.type === 'tool.diagnostic' ? `${e.level}: ${e.message}` : e.type)),
      [
        'unparsed: # ./tcplife -w',
        'tcp.session',
        'unparsed: [...]',
        'unparsed: 10 sessions were traced, lasting about 0.25 ms each.',
        'unparsed: usage: tcplife [-h] [-T] [-t] [-w] [-s] [-p PID]',
      ],
    );
  });

  it('reports rows that do not fit the detected layout as unparsed instead of guessing fields', () => {
    const rows = [
      // a cut row: MS missing
      '2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1',
      // a libbpf row (float KB) under the bcc header
      '2001    curl             10.1.2.3        50000 93.184.216.34   80    0.50   1.25   91.79',
      // a port out of range
      '2001  curl       10.1.2.3        70000 93.184.216.34   80        0     1 91.79',
      // an address that is not one
      '2001  curl       localhost       50000 93.184.216.34   80        0     1 91.79',
    ];
    const events = parseText(tcplifeParser, lines('PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS', ...rows));
    assert.deepEqual(
      bodies(events),
      rows.map((message) => ({ type: 'tool.diagnostic', level: 'unparsed', message, stream: 'stdout' })),
    );
  });

  it('reports a negative bcc -t timestamp (events printed out of order) as unparsed rather than dropping the sign', () => {
    const text = lines(
      'TIME(s)   PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '-0.000012 2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
    );
    const [event] = parseText(tcplifeParser, text);
    assert.equal(event?.type === 'tool.diagnostic' && event.level, 'unparsed');
  });

  it('reports a CSV row with too few fields as unparsed', () => {
    const text = lines('PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS', '7335,4,127.0.0.1,48098,127.0.0.1,28527,0,0,0.26');
    const [event] = parseText(tcplifeParser, text);
    assert.equal(event?.type === 'tool.diagnostic' && event.level, 'unparsed');
  });

  it('re-detects the layout when a second run prints another header', () => {
    const text = lines(
      'PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS',
      '2001  curl       10.1.2.3        50000 93.184.216.34   80        0     1 91.79',
      'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS',
      '2001    curl             10.1.2.3        50000 93.184.216.34   80    0.50   1.25   91.79',
    );
    assert.deepEqual(layoutsOf(parseText(tcplifeParser, text)), ['bcc', 'libbpf']);
  });

  it('without a header, picks the layout whose column widths the rows fill', () => {
    const w26 = '2001    curl             10.1.2.3                   50000 93.184.216.34              80    0.50   1.25   91.79';
    const w39 = '2001  curl             4  10.1.2.3                                50000 93.184.216.34                           80         0      1 91.79';
    assert.deepEqual(layoutsOf(parseText(tcplifeParser, lines(w26))), ['libbpf-w26']);
    assert.deepEqual(layoutsOf(parseText(tcplifeParser, lines(w39))), ['bcc-w39']);
  });

  it('reads rows under a forced layout without any header', () => {
    const text = lines('23:59:59 2001    curl             10.1.2.3        50000 93.184.216.34   80    0.50   1.25   91.79');
    const events = parseText(tcplifeParser, text, { layout: 'libbpf-T' });
    assert.deepEqual(bodies(events), [{ ...expectedFor('libbpf-T') }]);
  });

  it('never throws and never emits an event that fails its schema, whatever the lines after a header', () => {
    const unit = fc.constantFrom(...'0123456789 .:,-abcdefTx'.split(''));
    const line = fc.string({ unit, maxLength: 120 });
    const headers = everyLayout.map(([, ...text]) => text[text.length - 2]!);
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.array(line, { maxLength: 8 }), (header, rows) => {
        const events = parseText(tcplifeParser, lines(header, ...rows));
        for (const e of events) assert.ok(e.type !== 'tool.diagnostic' || e.level !== 'error', JSON.stringify(e));
      }),
      { numRuns: 300 },
    );
  });
});
