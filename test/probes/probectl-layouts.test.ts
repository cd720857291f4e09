// The probectl-v1 layout of every tool parser: probectl's own programs' TAB-separated lines, read field by field, odd values and broken lines included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opensnoopParser } from '../../src/probes/opensnoop/parser.js';
import { tcpdropParser } from '../../src/probes/tcpdrop/parser.js';
import { tcplifeParser } from '../../src/probes/tcplife/parser.js';
import { tcpretransParser } from '../../src/probes/tcpretrans/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const t = (...fields: (string | number)[]) => fields.join('\t');
const pad = (comm: string, bytes: number) => comm + '\\x00'.repeat(16 - bytes);

describe('probectl-v1: tcpretrans', () => {
  it('reads the ready line and the rows, state names from the kernel numbers', () => {
    const text = [
      'Attaching 2 probes...',
      'PROBECTL tcpretrans v1',
      t('RETRANS', 4, '10.201.0.1', 37468, '10.201.0.2', 5001, 1),
      t('RETRANS', 6, '2001:db8::5', 443, '::ffff:10.1.1.2', 60000, 12),
      t('RETRANS', 4, '10.0.0.1', 1, '10.0.0.2', 2, 99),
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'tcp.retransmit', family: 4, laddr: '10.201.0.1', lport: 37468, raddr: '10.201.0.2', rport: 5001, state: 'ESTABLISHED' },
      { type: 'tcp.retransmit', family: 6, laddr: '2001:db8::5', lport: 443, raddr: '::ffff:10.1.1.2', rport: 60000, state: 'NEW_SYN_RECV' },
      { type: 'tcp.retransmit', family: 4, laddr: '10.0.0.1', lport: 1, raddr: '10.0.0.2', rport: 2, state: '99' },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'probectl-tcpretrans.bt', layout: 'probectl-v1' });
  });

  it('reports broken rows as unparsed, never guessing', () => {
    const broken = [
      t('RETRANS', 5, '10.0.0.1', 1, '10.0.0.2', 2, 1), // family
      t('RETRANS', 4, '10.0.0.1', 70000, '10.0.0.2', 2, 1), // port
      t('RETRANS', 4, 'host.example', 1, '10.0.0.2', 2, 1), // not an address
      t('RETRANS', 4, '10.0.0.1', 1, '10.0.0.2', 2), // a field short
      t('RETRANS', 4, '10.0.0.1', 1, '10.0.0.2', 2, 1, 'x'), // a field more
      'RETRANS 4 10.0.0.1 1 10.0.0.2 2 1', // spaces, not TABs
    ];
    const events = parseText(tcpretransParser, ['PROBECTL tcpretrans v1', ...broken, ''].join('\n'));
    assert.deepEqual(
      events.map((e) => e.type === 'tool.diagnostic' && e.level),
      Array(broken.length).fill('unparsed'),
    );
  });

  it('finds the layout from a row alone, without the ready line', () => {
    assert.deepEqual(layoutsOf(parseText(tcpretransParser, t('RETRANS', 4, '10.0.0.1', 1, '10.0.0.2', 2, 1) + '\n')), ['probectl-v1']);
  });
});

describe('probectl-v1: tcpdrop', () => {
  it('reads packet addresses, flags, the kernel-named reason and the task on the CPU', () => {
    const text = [
      'PROBECTL tcpdrop v1',
      t('DROP', 4, '10.201.0.1', 41290, '10.201.0.2', 5001, 1, 24, 12, 'NETFILTER_DROP', 7455, pad('pctl-cli', 8)),
      t('DROP', 6, '::1', 49454, '::1', 1, 0, 2, 3, 'NO_SOCKET', 8057, pad('curl', 4)),
      t('DROP', 4, '10.0.0.1', 1, '10.0.0.2', 2, 0, 0, 0, '', 0, pad('swapper/0', 9)), // kprobe variant: no reason
      t('DROP', 4, '10.0.0.1', 1, '10.0.0.2', 2, 10, 255, 77, '', 14, pad('ksoftirqd/0', 11)), // a code the program had no name for
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(tcpdropParser, text)), [
      {
        type: 'tcp.drop',
        pid: 7455,
        comm: 'pctl-cli',
        family: 4,
        saddr: '10.201.0.1',
        sport: 41290,
        daddr: '10.201.0.2',
        dport: 5001,
        state: 'ESTABLISHED',
        tcp_flags: ['PSH', 'ACK'],
        reason: 'NETFILTER_DROP',
        reason_code: 12,
      },
      {
        type: 'tcp.drop',
        pid: 8057,
        comm: 'curl',
        family: 6,
        saddr: '::1',
        sport: 49454,
        daddr: '::1',
        dport: 1,
        tcp_flags: ['SYN'],
        reason: 'NO_SOCKET',
        reason_code: 3,
      },
      { type: 'tcp.drop', pid: 0, comm: 'swapper/0', family: 4, saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, tcp_flags: [] },
      {
        type: 'tcp.drop',
        pid: 14,
        comm: 'ksoftirqd/0',
        family: 4,
        saddr: '10.0.0.1',
        sport: 1,
        daddr: '10.0.0.2',
        dport: 2,
        state: 'LISTEN',
        tcp_flags: ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'],
        reason_code: 77,
      },
    ]);
  });

  it('refuses a reason name that is not a kernel identifier, and a flags byte above 255', () => {
    const events = parseText(
      tcpdropParser,
      [
        t('DROP', 4, '10.0.0.1', 1, '10.0.0.2', 2, 0, 2, 3, 'no socket', 1, pad('x', 1)),
        t('DROP', 4, '10.0.0.1', 1, '10.0.0.2', 2, 0, 256, 3, 'NO_SOCKET', 1, pad('x', 1)),
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['tool.diagnostic', 'tool.diagnostic'],
    );
  });
});

describe('probectl-v1: tcplife', () => {
  it('gives exact KiB and milliseconds, not truncated', () => {
    const text = [
      'PROBECTL tcplife v1',
      t('SESSION', 4, '127.0.0.1', 5002, '127.0.0.1', 5003, 65537, 1048577, 7464, 7285, pad('pctl-srv', 8)),
      t('SESSION', 6, '::1', 42708, '::1', 5102, 1000000, 0, 1, 4082, pad('python3', 7)),
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(tcplifeParser, text)), [
      {
        type: 'tcp.session',
        pid: 7285,
        comm: 'pctl-srv',
        family: 4,
        laddr: '127.0.0.1',
        lport: 5002,
        raddr: '127.0.0.1',
        rport: 5003,
        tx_kb: 64.0009765625,
        rx_kb: 1024.0009765625,
        duration_ms: 7.464,
      },
      {
        type: 'tcp.session',
        pid: 4082,
        comm: 'python3',
        family: 6,
        laddr: '::1',
        lport: 42708,
        raddr: '::1',
        rport: 5102,
        tx_kb: 976.5625,
        rx_kb: 0,
        duration_ms: 0.001,
      },
    ]);
  });

  it('leaves out pid and comm when the program saw no owner (pid 0)', () => {
    const [event] = bodies(parseText(tcplifeParser, t('SESSION', 4, '10.0.0.1', 1, '10.0.0.2', 2, 0, 0, 5, 0, '\\x00'.repeat(16)) + '\n'));
    assert.deepEqual(event, {
      type: 'tcp.session',
      family: 4,
      laddr: '10.0.0.1',
      lport: 1,
      raddr: '10.0.0.2',
      rport: 2,
      tx_kb: 0,
      rx_kb: 0,
      duration_ms: 0.005,
    });
  });
});

describe('probectl-v1: opensnoop', () => {
  it('reads every field, the mode only with O_CREAT, the path with its TABs to the end of the line', () => {
    const text = [
      'Attaching 8 probes...',
      'PROBECTL opensnoop v1',
      t('OPEN', 7255, 7255, 0, 17, 0, 524288, -1, pad('pctl-open', 9), '/etc/hostname'),
      t('OPEN', 7255, 7256, 1000, -1, 2, 524288, -1, pad('pctl-open', 9), '/etc/pctl-missing.conf'),
      t('OPEN', 5605, 5605, 0, 18, 0, 524865, 416, pad('pbt-open', 8), '/tmp/pbt with\ttab.txt'),
      t('OPEN', 1, 1, 0, -1, 2, 0, -1, pad('init', 4), ''),
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(opensnoopParser, text)), [
      { type: 'file.open', pid: 7255, tid: 7255, comm: 'pctl-open', fd: 17, errno: 0, path: '/etc/hostname', uid: 0, flags: 524288 },
      { type: 'file.open', pid: 7255, tid: 7256, comm: 'pctl-open', fd: -1, errno: 2, path: '/etc/pctl-missing.conf', uid: 1000, flags: 524288 },
      { type: 'file.open', pid: 5605, tid: 5605, comm: 'pbt-open', fd: 18, errno: 0, path: '/tmp/pbt with\ttab.txt', uid: 0, flags: 524865, mode: 416 },
      { type: 'file.open', pid: 1, tid: 1, comm: 'init', fd: -1, errno: 2, path: '', uid: 0, flags: 0 },
    ]);
  });

  it('decodes a task name %r escaped: control bytes, TAB, UTF-8, and bytes that are not UTF-8', () => {
    const text = [
      t('OPEN', 1, 1, 0, 3, 0, 0, -1, 'a\\x09b|c\\x0ad\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00', '/tmp/x'),
      t('OPEN', 1, 1, 0, 3, 0, 0, -1, 'caf\\xc3\\xa9\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00', '/tmp/x'),
      t('OPEN', 1, 1, 0, 3, 0, 0, -1, 'x\\xffy\\x00stale\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00', '/tmp/x'),
      '',
    ].join('\n');
    assert.deepEqual(
      bodies(parseText(opensnoopParser, text)).map((e) => e.comm),
      ['a\tb|c\nd', 'café', 'x\\xffy'],
    );
  });

  it('reports rows it cannot read as unparsed: fd below -1, a mode below -1, a raw control byte in comm', () => {
    const events = parseText(
      opensnoopParser,
      [
        t('OPEN', 1, 1, 0, -2, 0, 0, -1, 'x', '/p'),
        t('OPEN', 1, 1, 0, 3, 0, 0, -5, 'x', '/p'),
        t('OPEN', 1, 1, 0, 3, 0, 0, -1, 'x\u0001', '/p'),
        t('OPEN', 'x', 1, 0, 3, 0, 0, -1, 'x', '/p'),
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      events.map((e) => e.type === 'tool.diagnostic' && e.level),
      ['unparsed', 'unparsed', 'unparsed', 'unparsed'],
    );
  });

  it('keeps the stock layouts: the opensnoop.bt header still selects its own layout', () => {
    const text = [
      'PROBECTL opensnoop v1',
      t('OPEN', 1, 1, 0, 3, 0, 0, -1, 'x', '/p'),
      'PID    COMM               FD ERR PATH',
      '1      init                 3   0 /etc/x',
      '',
    ].join('\n');
    assert.deepEqual(layoutsOf(parseText(opensnoopParser, text, {})), ['probectl-v1', 'bcc']);
  });
});
