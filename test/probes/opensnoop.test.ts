import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opensnoopParser } from '../../src/probes/opensnoop/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

describe('opensnoop parser', () => {
  it('reads the bcc default layout, COMM with spaces and an empty PATH', () => {
    const text = [
      'PID    COMM               FD ERR PATH',
      '1576   snmpd               9   0 /proc/net/dev',
      '2001   my worker          -1   2 /etc/missing file',
      '2002   x                   3   0 ',
      '',
    ].join('\n');
    const events = parseText(opensnoopParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'file.open', pid: 1576, comm: 'snmpd', fd: 9, errno: 0, path: '/proc/net/dev' },
      { type: 'file.open', pid: 2001, comm: 'my worker', fd: -1, errno: 2, path: '/etc/missing file' },
      { type: 'file.open', pid: 2002, comm: 'x', fd: 3, errno: 0, path: '' },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc', 'bcc', 'bcc']);
  });

  it('reads bcc -TUe (0.26) with a seven-digit PID pushing the columns right', () => {
    const text = [
      'TIME(s)       UID   PID    COMM               FD ERR FLAGS    PATH',
      '0.000000000   0     1234567 bash                3   0 02100000 /etc/passwd',
      '10001.123456789 1000  42     cat               -1  13 00000000 /root/x',
      '',
    ].join('\n');
    assert.deepEqual(bodies(parseText(opensnoopParser, text)), [
      { type: 'file.open', elapsed_s: 0, uid: 0, pid: 1234567, comm: 'bash', fd: 3, errno: 0, path: '/etc/passwd', flags: 0o2100000 },
      { type: 'file.open', elapsed_s: 10001.123456789, uid: 1000, pid: 42, comm: 'cat', fd: -1, errno: 13, path: '/root/x', flags: 0 },
    ]);
  });

  it('reads libbpf -TUe with MODE and n/a', () => {
    const text = [
      'TIME     UID     PID    COMM              FD ERR FLAGS    MODE  PATH',
      '12:00:01 0       1956   supervise          9   0 02000000 n/a  supervise/status.new',
      '12:00:02 0       1956   supervise          9   0 02000101 0644 /tmp/new',
      '',
    ].join('\n');
    const events = parseText(opensnoopParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'file.open', time: '12:00:01', uid: 0, pid: 1956, comm: 'supervise', fd: 9, errno: 0, path: 'supervise/status.new', flags: 0o2000000 },
      { type: 'file.open', time: '12:00:02', uid: 0, pid: 1956, comm: 'supervise', fd: 9, errno: 0, path: '/tmp/new', flags: 0o2000101, mode: 0o644 },
    ]);
    assert.equal(events[0]!.source.impl, 'libbpf');
  });

  it('tells opensnoop.bt from bcc by its banner although their headers are the same', () => {
    const text =
      'Attaching 6 probes...\nTracing open syscalls... Hit Ctrl-C to end.\nPID    COMM               FD ERR PATH\n2440   snmp-pass           4   0 /proc/cpuinfo\n';
    const events = parseText(opensnoopParser, text);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'opensnoop.bt', layout: 'bt' });
  });

  it('reports the TID column of bcc -t as tid, not pid', () => {
    const text = 'TID    COMM               FD ERR PATH\n77     t                   3   0 /a\n';
    assert.deepEqual(bodies(parseText(opensnoopParser, text)), [{ type: 'file.open', tid: 77, comm: 't', fd: 3, errno: 0, path: '/a' }]);
  });

  it('turns a UID that runs into the PID into an unparsed diagnostic instead of guessing', () => {
    const text = 'UID   PID    COMM               FD ERR PATH\n1000001956   cat                 3   0 /a\n';
    const [event] = parseText(opensnoopParser, text);
    assert.equal(event?.type, 'tool.diagnostic');
    assert.equal(event?.type === 'tool.diagnostic' && event.level, 'unparsed');
  });

  it('escapes bytes that are not UTF-8 in a path and keeps the event', () => {
    const bytes = Buffer.concat([
      Buffer.from('PID    COMM               FD ERR PATH\n9      a                   3   0 /tmp/'),
      Buffer.from([0xff, 0x41]),
      Buffer.from('\r\n'),
    ]);
    assert.deepEqual(bodies(parseText(opensnoopParser, bytes)), [{ type: 'file.open', pid: 9, comm: 'a', fd: 3, errno: 0, path: '/tmp/\\xffA' }]);
  });

  it('reports a half-written last line as unparsed rather than an event with a cut path', () => {
    const text = 'PID    COMM               FD ERR PATH\n9      a                   3   0 /tmp/ha';
    const events = parseText(opensnoopParser, text);
    assert.deepEqual(bodies(events), [{ type: 'tool.diagnostic', level: 'unparsed', message: '9      a                   3   0 /tmp/ha', stream: 'stdout' }]);
  });
});

describe('opensnoop early bcc layout', () => {
  it('reads the 8-wide COMM of early bcc opensnoop', () => {
    const text = 'PID    COMM      FD ERR PATH\n18372  run       -1   6 /dev/tty\n18384  multilog  -1  13 lock\n';
    const events = parseText(opensnoopParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'file.open', pid: 18372, comm: 'run', fd: -1, errno: 6, path: '/dev/tty' },
      { type: 'file.open', pid: 18384, comm: 'multilog', fd: -1, errno: 13, path: 'lock' },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-early', 'bcc-early']);
  });
});
