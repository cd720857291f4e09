import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { tcpretransParser } from '../../src/probes/tcpretrans/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

// Rows below were rendered from the tools' format strings with made-up values (docs/output-formats §2).

const HEADERS = [
  'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
  'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE        SEQ       ',
  'LADDR:LPORT               RADDR:RPORT               RETRANSMITS',
  'TIME     PID               LADDR:LPORT           RADDR:RPORT  STATE',
];
const ROWS = [
  '09:10:11 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED',
  '12:00:02 0       6  ::1:5201             R> ::ffff:10.1.1.2:38112 NEW_SYN_RECV 123',
  '[2001:db8::5]#443    <-> [2001:db8::9]#60000           7',
  '01:02:05 0           2001:db8::5:443    2001:db8:85a3::8a2e:370:7334:60000  SYN_SENT',
];

describe('tcpretrans parser', () => {
  it('reads the bcc default layout after its banner, with a seven-digit PID and IPv6 rows', () => {
    const text = [
      'Tracing retransmits ... Hit Ctrl-C to end',
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '09:10:11 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED',
      '09:10:12 1234567 6  2001:db8::5:443      L> 2001:db8::9:60000    FIN_WAIT1',
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.retransmit',
        time: '09:10:11',
        pid: 0,
        family: 4,
        laddr: '10.0.0.5',
        lport: 22,
        raddr: '192.0.2.7',
        rport: 51022,
        state: 'ESTABLISHED',
        kind: 'retrans',
      },
      {
        type: 'tcp.retransmit',
        time: '09:10:12',
        pid: 1234567,
        family: 6,
        laddr: '2001:db8::5',
        lport: 443,
        raddr: '2001:db8::9',
        rport: 60000,
        state: 'FIN_WAIT1',
        kind: 'tlp',
      },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bcc', tool: 'tcpretrans', layout: 'bcc' });
  });

  it('reads the six-wide PID column of output older than bcc 0.25 by its words', () => {
    const text = [
      'TIME     PID    IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '23:59:59 4242   4  172.16.1.1:443       R> 198.51.100.3:40000   SYN_SENT',
      '23:59:59 123456 4  172.16.1.1:443       R> 198.51.100.3:40000   SYN_SENT',
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(
      events.map((e) => e.type === 'tcp.retransmit' && e.pid),
      [4242, 123456],
    );
    assert.deepEqual(layoutsOf(events), ['bcc', 'bcc']);
  });

  it('follows an IPv6 address that overflows its column and pushes the rest of the row right', () => {
    const text = [
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '09:10:13 77      6  2001:db8:85a3::8a2e:370:7334:8080 R> fe80::1:1            CLOSE_WAIT',
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(tcpretransParser, text)), [
      {
        type: 'tcp.retransmit',
        time: '09:10:13',
        pid: 77,
        family: 6,
        laddr: '2001:db8:85a3::8a2e:370:7334',
        lport: 8080,
        raddr: 'fe80::1',
        rport: 1,
        state: 'CLOSE_WAIT',
        kind: 'retrans',
      },
    ]);
  });

  it('keeps an unknown state printed as a number and leaves out an empty one', () => {
    const text = [
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '09:10:14 0       4  10.0.0.5:22          R> 192.0.2.7:51022      13',
      '09:10:14 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ',
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(tcpretransParser, text)), [
      {
        type: 'tcp.retransmit',
        time: '09:10:14',
        pid: 0,
        family: 4,
        laddr: '10.0.0.5',
        lport: 22,
        raddr: '192.0.2.7',
        rport: 51022,
        state: '13',
        kind: 'retrans',
      },
      { type: 'tcp.retransmit', time: '09:10:14', pid: 0, family: 4, laddr: '10.0.0.5', lport: 22, raddr: '192.0.2.7', rport: 51022, kind: 'retrans' },
    ]);
  });

  it('reads bcc -s (STATE and SEQ, header with trailing spaces), including -l rows with SEQ 0 and an empty state', () => {
    const text = [
      'Tracing retransmits ... Hit Ctrl-C to end',
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE        SEQ       ',
      '12:00:00 0       4  10.1.1.1:5201        R> 10.1.1.2:38112       ESTABLISHED  4294967295',
      '12:00:01 0       4  10.1.1.1:5201        L> 10.1.1.2:38112       ESTABLISHED  0',
      '12:00:02 0       6  ::1:5201             R> ::ffff:10.1.1.2:38112 NEW_SYN_RECV 123',
      '12:00:03 0       4  10.1.1.1:5201        R> 10.1.1.2:38112                    99',
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'tcp.retransmit',
        time: '12:00:00',
        pid: 0,
        family: 4,
        laddr: '10.1.1.1',
        lport: 5201,
        raddr: '10.1.1.2',
        rport: 38112,
        state: 'ESTABLISHED',
        kind: 'retrans',
        tcp_seq: 4294967295,
      },
      {
        type: 'tcp.retransmit',
        time: '12:00:01',
        pid: 0,
        family: 4,
        laddr: '10.1.1.1',
        lport: 5201,
        raddr: '10.1.1.2',
        rport: 38112,
        state: 'ESTABLISHED',
        kind: 'tlp',
        tcp_seq: 0,
      },
      {
        type: 'tcp.retransmit',
        time: '12:00:02',
        pid: 0,
        family: 6,
        laddr: '::1',
        lport: 5201,
        raddr: '::ffff:10.1.1.2',
        rport: 38112,
        state: 'NEW_SYN_RECV',
        kind: 'retrans',
        tcp_seq: 123,
      },
      {
        type: 'tcp.retransmit',
        time: '12:00:03',
        pid: 0,
        family: 4,
        laddr: '10.1.1.1',
        lport: 5201,
        raddr: '10.1.1.2',
        rport: 38112,
        kind: 'retrans',
        tcp_seq: 99,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-seq', 'bcc-seq', 'bcc-seq', 'bcc-seq']);
  });

  it('reads the bcc -c table printed on Ctrl-C as retransmit counts, IPv4 and IPv6', () => {
    const text = [
      'Tracing retransmits ... Hit Ctrl-C to end',
      '',
      'LADDR:LPORT               RADDR:RPORT               RETRANSMITS',
      '[10.0.0.5]#22        <-> [192.0.2.7]#51022             3',
      '[10.0.0.5]#443       <-> [203.0.113.250]#61234       1200',
      '[2001:db8::5]#443    <-> [2001:db8::9]#60000           7',
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'tcp.retransmit.count', family: 4, laddr: '10.0.0.5', lport: 22, raddr: '192.0.2.7', rport: 51022, count: 3 },
      { type: 'tcp.retransmit.count', family: 4, laddr: '10.0.0.5', lport: 443, raddr: '203.0.113.250', rport: 61234, count: 1200 },
      { type: 'tcp.retransmit.count', family: 6, laddr: '2001:db8::5', lport: 443, raddr: '2001:db8::9', rport: 60000, count: 7 },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-count', 'bcc-count', 'bcc-count']);
  });

  it('also reads -c rows written as addr:port, the form bcc documentation shows', () => {
    const text = 'LADDR:LPORT               RADDR:RPORT               RETRANSMITS\n10.9.8.7:1234        <-> 10.9.8.6:80                  42\n';
    assert.deepEqual(bodies(parseText(tcpretransParser, text)), [
      { type: 'tcp.retransmit.count', family: 4, laddr: '10.9.8.7', lport: 1234, raddr: '10.9.8.6', rport: 80, count: 42 },
    ]);
  });

  it('reads tcpretrans.bt with right-aligned addresses, deriving the family and leaving out the kind', () => {
    const text = [
      'Attaching 3 probes...',
      'Tracing tcp retransmits. Hit Ctrl-C to end.',
      'TIME     PID               LADDR:LPORT           RADDR:RPORT  STATE',
      '01:02:03 0              10.0.0.5:22          192.0.2.7:51022  ESTABLISHED',
      '01:02:04 31337          10.0.0.1:22           10.0.0.2:4       CLOSE',
      '01:02:05 0           2001:db8::5:443    2001:db8:85a3::8a2e:370:7334:60000  SYN_SENT',
      '01:02:06 0              10.0.0.5:22          192.0.2.7:51022        ',
      '',
    ].join('\n');
    const events = parseText(tcpretransParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'tcp.retransmit', time: '01:02:03', pid: 0, family: 4, laddr: '10.0.0.5', lport: 22, raddr: '192.0.2.7', rport: 51022, state: 'ESTABLISHED' },
      { type: 'tcp.retransmit', time: '01:02:04', pid: 31337, family: 4, laddr: '10.0.0.1', lport: 22, raddr: '10.0.0.2', rport: 4, state: 'CLOSE' },
      {
        type: 'tcp.retransmit',
        time: '01:02:05',
        pid: 0,
        family: 6,
        laddr: '2001:db8::5',
        lport: 443,
        raddr: '2001:db8:85a3::8a2e:370:7334',
        rport: 60000,
        state: 'SYN_SENT',
      },
      { type: 'tcp.retransmit', time: '01:02:06', pid: 0, family: 4, laddr: '10.0.0.5', lport: 22, raddr: '192.0.2.7', rport: 51022 },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'tcpretrans.bt', layout: 'bt' });
  });

  it('re-detects the layout at every header, as in a file holding several runs', () => {
    const text = [
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '09:10:11 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED',
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE        SEQ       ',
      '09:10:12 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED  7',
      'TIME     PID               LADDR:LPORT           RADDR:RPORT  STATE',
      '09:10:13 0              10.0.0.5:22          192.0.2.7:51022  ESTABLISHED',
      '',
    ].join('\n');
    assert.deepEqual(layoutsOf(parseText(tcpretransParser, text)), ['bcc', 'bcc-seq', 'bt']);
  });

  it('turns prose, prompts and rows that do not fit the layout into unparsed diagnostics with the raw line', () => {
    const text = [
      '# ./tcpretrans',
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE',
      '09:10:11 0       4  10.0.0.5:22          X> 192.0.2.7:51022      ESTABLISHED',
      '09:10:11 0       4  10.0.0.5:99999       R> 192.0.2.7:51022      ESTABLISHED',
      '[...]',
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(tcpretransParser, text)), [
      { type: 'tool.diagnostic', level: 'unparsed', message: '# ./tcpretrans', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'unparsed', message: '09:10:11 0       4  10.0.0.5:22          X> 192.0.2.7:51022      ESTABLISHED', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'unparsed', message: '09:10:11 0       4  10.0.0.5:99999       R> 192.0.2.7:51022      ESTABLISHED', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'unparsed', message: '[...]', stream: 'stdout' },
    ]);
  });

  it('reports "Possibly lost N samples" on stderr as lost events and a traceback as errors', () => {
    const stdout = 'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE\n';
    const stderr = 'Possibly lost 3 samples\nTraceback (most recent call last):\nKeyError: 13\n';
    assert.deepEqual(bodies(parseText(tcpretransParser, stdout, { stderr })), [
      { type: 'tool.lost', count: 3 },
      { type: 'tool.diagnostic', level: 'error', message: 'Traceback (most recent call last):', stream: 'stderr' },
      { type: 'tool.diagnostic', level: 'error', message: 'KeyError: 13', stream: 'stderr' },
    ]);
  });

  it('reads CRLF line endings like LF', () => {
    const text =
      'TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE\r\n09:10:11 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED\r\n';
    assert.deepEqual(bodies(parseText(tcpretransParser, text)), [
      {
        type: 'tcp.retransmit',
        time: '09:10:11',
        pid: 0,
        family: 4,
        laddr: '10.0.0.5',
        lport: 22,
        raddr: '192.0.2.7',
        rport: 51022,
        state: 'ESTABLISHED',
        kind: 'retrans',
      },
    ]);
  });

  it('reads rows without a header when the layout is forced, and picks it from the first row otherwise', () => {
    const row = '09:10:12 0       4  10.0.0.5:22          R> 192.0.2.7:51022      ESTABLISHED  7\n';
    assert.deepEqual(layoutsOf(parseText(tcpretransParser, row, { layout: 'bcc-seq' })), ['bcc-seq']);
    assert.deepEqual(layoutsOf(parseText(tcpretransParser, row)), ['bcc-seq']);
  });

  it('never throws on arbitrary lines', () => {
    const junk = [
      '',
      ' ',
      '\t',
      '00:00:00',
      '00:00:00 ',
      '00:00:00 1',
      '00:00:00 1 4 ',
      '00:00:00 1 4 :1 R> :2 X',
      '[',
      '[]#',
      '[a]#',
      '<->',
      '[a]#1 <-> [b]#2',
      '\u0000\uffff',
    ];
    for (const layout of [undefined, 'bcc', 'bcc-seq', 'bcc-count', 'bt']) {
      const events = parseText(tcpretransParser, junk.join('\n') + '\n', { layout });
      assert.ok(events.every((e) => e.type === 'tool.diagnostic'));
    }
  });

  it('never throws and emits only events that pass their schema, whatever the lines', () => {
    const word = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          '12:00:00',
          '0',
          '4',
          '6',
          'R>',
          'L>',
          '<->',
          '10.0.0.1:22',
          '::1:0',
          '[::1]#80',
          '[a]#',
          'ESTABLISHED',
          '4294967296',
          '99999',
          '',
          ':',
          '#',
          '[',
          ']',
        ),
        weight: 3,
      },
      { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
    );
    const junk = fc.array(word, { maxLength: 12 }).map((w) => w.join(' '));
    // Real rows with one word replaced, so the scanners are driven deep.
    const mutated = fc.tuple(fc.constantFrom(...ROWS), fc.nat(), word).map(([row, at, w]) => {
      const parts = row.split(/( +)/); // words at even indexes, the spaces between them kept
      parts[2 * (at % Math.ceil(parts.length / 2))] = w;
      return parts.join('');
    });
    const line = fc.oneof(junk, mutated, fc.constantFrom('', ...ROWS));
    fc.assert(
      fc.property(
        fc.constantFrom(undefined, 'bcc', 'bcc-seq', 'bcc-count', 'bt'),
        fc.constantFrom(...HEADERS),
        fc.array(line, { maxLength: 10 }),
        (layout, header, lines) => {
          const events = parseText(tcpretransParser, [header, ...lines].join('\n') + '\n', { layout });
          return events.every((e) => e.source.impl !== 'probectl');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
