// tcpconnect's parser: probectl's CONNECT lines with every result, and every stock layout rebuilt from the tools' own format strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tcpconnectParser } from '../../src/probes/tcpconnect/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const t = (...fields: (string | number)[]) => fields.join('\t');
const pad = (comm: string) => comm + '\\x00'.repeat(16 - comm.length);

/** C's and Python's printf for the conversions these tools use: %-Nd, %-Ns, %-N.Ms, %.2f, %-N.3f. */
function printf(format: string, ...args: (string | number)[]): string {
  let i = 0;
  return format.replace(/%(-?)(\d*)(?:\.(\d+))?([dsf])/g, (_m, minus: string, width: string, precision: string | undefined, conv: string) => {
    const arg = args[i++]!;
    let text = conv === 'f' ? Number(arg).toFixed(Number(precision)) : String(arg);
    if (conv === 's' && precision !== undefined) text = text.slice(0, Number(precision));
    const w = Number(width || 0);
    return minus === '-' ? text.padEnd(w) : text.padStart(w);
  });
}

interface Sample {
  time?: string;
  elapsed?: number;
  uid?: number;
  pid: number;
  comm: string;
  family: 4 | 6;
  saddr: string;
  sport: number;
  daddr: string;
  dport: number;
  lat: number;
}
const v4: Sample = {
  elapsed: 1.25,
  uid: 1000,
  pid: 31333,
  comm: 'telnet',
  family: 4,
  saddr: '10.1.2.3',
  sport: 50000,
  daddr: '93.184.216.34',
  dport: 443,
  lat: 0.12,
};

/** One row of each layout as the tool prints it, from its format strings (libbpf-tools and BCC 0.26, tcpconnect.bt). */
function row(layout: string, s: Sample): string {
  const [impl, tool, ...rest] = layout.split('-');
  const old = rest[0] === 'p6';
  const flags = (old ? rest[1] : rest[0]) ?? '';
  const time = flags.includes('t');
  const uid = flags.includes('U');
  const local = flags.includes('s') || flags.includes('L');
  if (impl === 'bt') return printf('%s %-8d %-16s %-39s %-6d %-39s %-6d', s.time ?? '00:36:45', s.pid, s.comm, s.saddr, s.sport, s.daddr, s.dport);
  let line = '';
  if (impl === 'libbpf' && tool === 'tcpconnect') {
    if (time) line += printf('%-9.3f', s.elapsed!);
    if (uid) line += printf('%-6d', s.uid!);
    line += printf('%-6d %-12.12s %-2d %-16s %-16s', s.pid, s.comm, s.family, s.saddr, s.daddr);
    if (local) line += printf(' %-5d', s.sport);
    return line + printf(' %-5d', s.dport);
  }
  if (impl === 'libbpf') {
    if (time) line += printf('%-9.3f ', s.elapsed!);
    if (local) return line + printf('%-6d %-12.12s %-2d %-16s %-6d %-16s %-5d %.2f', s.pid, s.comm, s.family, s.saddr, s.sport, s.daddr, s.dport, s.lat);
    return line + printf('%-6d %-12.12s %-2d %-16s %-16s %-5d %.2f', s.pid, s.comm, s.family, s.saddr, s.daddr, s.dport, s.lat);
  }
  if (time) line += printf('%-9.3f', s.elapsed!);
  if (tool === 'tcpconnlat') {
    if (local) return line + printf('%-7d %-12.12s %-2d %-16s %-6d %-16s %-5d %.2f', s.pid, s.comm, s.family, s.saddr, s.sport, s.daddr, s.dport, s.lat);
    return line + printf('%-7d %-12.12s %-2d %-16s %-16s %-5d %.2f', s.pid, s.comm, s.family, s.saddr, s.daddr, s.dport, s.lat);
  }
  if (uid) line += printf('%-6d', s.uid!);
  const p = old ? '%-6d' : '%-7d';
  if (local) return line + printf(`${p} %-12.12s %-2d %-16s %-6d %-16s %-6d %s`, s.pid, s.comm, s.family, s.saddr, s.sport, s.daddr, s.dport, '');
  return line + printf(`${p} %-12.12s %-2d %-16s %-16s %-6d %s`, s.pid, s.comm, s.family, s.saddr, s.daddr, s.dport, '');
}

/** Each layout's header, from the tools' format strings. */
function header(layout: string): string {
  if (layout === 'bt') return printf('%-8s %-8s %-16s ', 'TIME', 'PID', 'COMM') + printf('%-39s %-6s %-39s %-6s', 'SADDR', 'SPORT', 'DADDR', 'DPORT');
  if (layout === 'bt-w14') return 'TIME     PID      COMM             SADDR          SPORT  DADDR          DPORT';
  const [impl, tool, ...rest] = layout.split('-');
  const old = rest[0] === 'p6';
  const flags = (old ? rest[1] : rest[0]) ?? '';
  const time = flags.includes('t');
  const uid = flags.includes('U');
  const local = flags.includes('s') || flags.includes('L');
  let line = '';
  if (impl === 'libbpf' && tool === 'tcpconnect') {
    if (time) line += printf('%-9s', 'TIME(s)');
    if (uid) line += printf('%-6s', 'UID');
    line += printf('%-6s %-12s %-2s %-16s %-16s', 'PID', 'COMM', 'IP', 'SADDR', 'DADDR');
    if (local) line += printf(' %-5s', 'SPORT');
    return line + printf(' %-5s', 'DPORT');
  }
  if (impl === 'libbpf') {
    if (time) line += printf('%-9s ', 'TIME(s)');
    if (local) return line + printf('%-6s %-12s %-2s %-16s %-6s %-16s %-5s %s', 'PID', 'COMM', 'IP', 'SADDR', 'LPORT', 'DADDR', 'DPORT', 'LAT(ms)');
    return line + printf('%-6s %-12s %-2s %-16s %-16s %-5s %s', 'PID', 'COMM', 'IP', 'SADDR', 'DADDR', 'DPORT', 'LAT(ms)');
  }
  if (time) line += printf('%-9s', 'TIME(s)');
  if (tool === 'tcpconnlat') {
    if (local) return line + printf('%-7s %-12s %-2s %-16s %-6s %-16s %-5s %s', 'PID', 'COMM', 'IP', 'SADDR', 'LPORT', 'DADDR', 'DPORT', 'LAT(ms)');
    return line + printf('%-7s %-12s %-2s %-16s %-16s %-5s %s', 'PID', 'COMM', 'IP', 'SADDR', 'DADDR', 'DPORT', 'LAT(ms)');
  }
  if (uid) line += printf('%-6s', 'UID');
  const p = old ? '%-6s' : '%-7s';
  if (local) return line + printf(`${p} %-12s %-2s %-16s %-6s %-16s %-6s`, 'PID', 'COMM', 'IP', 'SADDR', 'LPORT', 'DADDR', 'DPORT');
  return line + printf(`${p} %-12s %-2s %-16s %-16s %-6s`, 'PID', 'COMM', 'IP', 'SADDR', 'DADDR', 'DPORT');
}

/** What a layout's row of `s` must give: the columns it printed, nothing more. */
function expected(layout: string, s: Sample): Record<string, unknown> {
  const [impl, tool, ...rest] = layout.split('-');
  const flags = (rest[0] === 'p6' ? rest[1] : rest[0]) ?? '';
  const bt = impl === 'bt';
  const body: Record<string, unknown> = { type: 'tcp.connect' };
  if (bt) body.time = s.time ?? '00:36:45';
  if (flags.includes('t')) body.elapsed_s = Number(s.elapsed!.toFixed(3));
  if (flags.includes('U')) body.uid = s.uid;
  Object.assign(body, { pid: s.pid, comm: s.comm, family: s.family, saddr: s.saddr });
  if (bt || flags.includes('s') || flags.includes('L')) body.sport = s.sport;
  Object.assign(body, { daddr: s.daddr, dport: s.dport });
  if (tool === 'tcpconnlat') body.latency_ms = s.lat;
  return body;
}

const stockLayouts = tcpconnectParser.layouts.map((l) => l.name).filter((n) => n !== 'probectl-v1' && n !== 'bt-w14');

describe('tcpconnect parser: the stock tools', () => {
  it('declares the probectl layout, and every stock layout below', () => {
    assert.deepEqual(tcpconnectParser.layouts.map((l) => l.name).sort(), ['probectl-v1', 'bt-w14', ...stockLayouts].sort());
    assert.equal(stockLayouts.length, 33);
  });

  for (const layout of stockLayouts) {
    it(`detects ${layout} from its header and reads an IPv4 and an IPv6 row`, () => {
      const v6: Sample = { ...v4, family: 6, saddr: '2001:db8:85a3::8a2e:370:7334', daddr: '::1', comm: 'my app thread', pid: 7 };
      // The banners the tools print before their header (BCC tcpconnect's tells its 6-wide PID layout from libbpf-tools').
      const banner =
        layout.startsWith('bcc-tcpconnect-') || layout === 'bcc-tcpconnect'
          ? ['Tracing connect ... Hit Ctrl-C to end']
          : layout === 'bt'
            ? ['Attaching 1 probe...', 'Tracing tcp connections. Hit Ctrl-C to end.']
            : [];
      const events = parseText(tcpconnectParser, lines(...banner, header(layout), row(layout, v4), row(layout, v6)));
      // %-12.12s cuts a COMM to 12 bytes (tcpconnect.bt prints 16).
      const cut = layout.startsWith('bt') ? v6 : { ...v6, comm: 'my app threa' };
      assert.deepEqual(bodies(events), [expected(layout, v4), expected(layout, cut)]);
      assert.deepEqual(layoutsOf(events), [layout, layout]);
    });
  }

  it('reads tcpconnect.bt before 0.17 (14-wide addresses) from its header', () => {
    const text = lines(
      'Attaching 2 probes...',
      'Tracing tcp connections. Hit Ctrl-C to end.',
      'TIME     PID      COMM             SADDR          SPORT  DADDR          DPORT',
      '00:36:45 1798396  agent            127.0.0.1      5001   10.229.20.82   56114',
    );
    const events = parseText(tcpconnectParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'tcp.connect', time: '00:36:45', pid: 1798396, comm: 'agent', family: 4, saddr: '127.0.0.1', sport: 5001, daddr: '10.229.20.82', dport: 56114 },
    ]);
    assert.deepEqual(layoutsOf(events), ['bt-w14']);
  });

  it("takes BCC tcpconnect's banner to choose its 6-wide PID layout over libbpf-tools' identical header", () => {
    const head = 'PID    COMM         IP SADDR            DADDR            DPORT';
    const rowText = '1479   telnet       4  127.0.0.1        127.0.0.1        23';
    assert.deepEqual(layoutsOf(parseText(tcpconnectParser, lines('Tracing connect ... Hit Ctrl-C to end', head, rowText))), ['bcc-tcpconnect-p6']);
    assert.deepEqual(layoutsOf(parseText(tcpconnectParser, lines(head, rowText))), ['libbpf-tcpconnect']);
  });

  it('reads a -t time that overflows its nine columns, and a 7-digit PID that pushes COMM right', () => {
    const text = lines(header('libbpf-tcpconnlat-t'), '123456.789 1234567 curl         4  10.0.0.1         10.0.0.2         80    1.50');
    assert.deepEqual(bodies(parseText(tcpconnectParser, text)), [
      { type: 'tcp.connect', elapsed_s: 123456.789, pid: 1234567, comm: 'curl', family: 4, saddr: '10.0.0.1', daddr: '10.0.0.2', dport: 80, latency_ms: 1.5 },
    ]);
  });

  it('reports rows that break the layout as unparsed, never guessing', () => {
    const broken = [
      '1479   telnet       5  127.0.0.1        127.0.0.1        23', // family
      '1479   telnet       4  127.0.0.1        127.0.0.1        70000', // port
      '1479   telnet       4  host.example     127.0.0.1        23', // not an address
      '1479   telnet       4  127.0.0.1 127.0.0.1 23', // columns narrower than printed
    ];
    const events = parseText(tcpconnectParser, lines(header('libbpf-tcpconnect'), ...broken));
    assert.deepEqual(
      events.map((e) => e.type === 'tool.diagnostic' && e.level),
      broken.map(() => 'unparsed'),
    );
  });
});

describe('tcpconnect parser: probectl-v1', () => {
  it('reads every result from the state and sk_err, with the time taken and the connecting process', () => {
    const text = [
      'Attaching 3 probes...',
      'PROBECTL tcpconnect v1',
      t('CONNECT', 4, '10.201.0.1', 45874, '10.201.0.2', 5001, 1, 0, 61234, 18045, pad('pctl-cli')),
      t('CONNECT', 4, '10.201.0.1', 45876, '10.201.0.2', 5009, 7, 111, 48211, 18046, pad('bash')),
      t('CONNECT', 6, '::1', 34062, '::1', 1, 7, 111, 17313, 3884, pad('python3')),
      t('CONNECT', 4, '10.201.0.1', 45878, '10.201.0.9', 80, 7, 110, 3019000000, 5, pad('curl')),
      t('CONNECT', 4, '10.201.0.1', 45880, '10.201.0.9', 80, 7, 113, 3000000000, 5, pad('curl')),
      t('CONNECT', 4, '192.0.2.2', 50690, '10.255.255.1', 80, 7, 0, 86423, 3884, pad('python3')),
      t('CONNECT', 4, '192.0.2.2', 50692, '10.255.255.1', 80, 7, 104, 86423, 3884, pad('python3')),
      '',
    ].join('\n');
    const events = parseText(tcpconnectParser, text);
    const end = (saddr: string, sport: number, daddr: string, dport: number) => ({ saddr, sport, daddr, dport });
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.connect',
        pid: 18045,
        comm: 'pctl-cli',
        family: 4,
        ...end('10.201.0.1', 45874, '10.201.0.2', 5001),
        latency_ms: 0.061234,
        result: 'established',
      },
      {
        type: 'tcp.connect',
        pid: 18046,
        comm: 'bash',
        family: 4,
        ...end('10.201.0.1', 45876, '10.201.0.2', 5009),
        latency_ms: 0.048211,
        result: 'refused',
        errno: 111,
      },
      { type: 'tcp.connect', pid: 3884, comm: 'python3', family: 6, ...end('::1', 34062, '::1', 1), latency_ms: 0.017313, result: 'refused', errno: 111 },
      {
        type: 'tcp.connect',
        pid: 5,
        comm: 'curl',
        family: 4,
        ...end('10.201.0.1', 45878, '10.201.0.9', 80),
        latency_ms: 3019,
        result: 'timed_out',
        errno: 110,
      },
      {
        type: 'tcp.connect',
        pid: 5,
        comm: 'curl',
        family: 4,
        ...end('10.201.0.1', 45880, '10.201.0.9', 80),
        latency_ms: 3000,
        result: 'unreachable',
        errno: 113,
      },
      { type: 'tcp.connect', pid: 3884, comm: 'python3', family: 4, ...end('192.0.2.2', 50690, '10.255.255.1', 80), latency_ms: 0.086423, result: 'aborted' },
      {
        type: 'tcp.connect',
        pid: 3884,
        comm: 'python3',
        family: 4,
        ...end('192.0.2.2', 50692, '10.255.255.1', 80),
        latency_ms: 0.086423,
        result: 'failed',
        errno: 104,
      },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'probectl-tcpconnect.bt', layout: 'probectl-v1' });
  });

  it('reports broken lines as unparsed', () => {
    const broken = [
      t('CONNECT', 4, '10.0.0.1', 1, '10.0.0.2', 2, 4, 0, 1, 1, pad('x')), // a state it never prints
      t('CONNECT', 5, '10.0.0.1', 1, '10.0.0.2', 2, 1, 0, 1, 1, pad('x')), // family
      t('CONNECT', 4, '10.0.0.1', 1, '10.0.0.2', 2, 1, -1, 1, 1, pad('x')), // sk_err
      t('CONNECT', 4, '10.0.0.1', 1, '10.0.0.2', 2, 1, 0, 1, 1), // a field short
      'CONNECT 4 10.0.0.1 1 10.0.0.2 2 1 0 1 1 x', // spaces, not TABs
    ];
    const events = parseText(tcpconnectParser, ['PROBECTL tcpconnect v1', ...broken, ''].join('\n'));
    assert.deepEqual(
      events.map((e) => e.type === 'tool.diagnostic' && e.level),
      broken.map(() => 'unparsed'),
    );
  });
});
