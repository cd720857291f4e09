import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { opensnoopParser } from '../../src/probes/opensnoop/parser.js';
import { tcplifeParser } from '../../src/probes/tcplife/parser.js';
import { TableSink } from '../../src/sinks/table.js';
import { parseText } from '../helpers.js';
import type { ProbeEvent } from '../../src/events/index.js';

function render(events: ProbeEvent[]): string[] {
  const out = new PassThrough();
  const sink = new TableSink(out);
  for (const e of events) sink.write(e);
  sink.flush();
  return String(out.read()).split('\n');
}

describe('table sink', () => {
  it('shows only the columns the events carry, under one header while their kind does not change', () => {
    const lines = render(
      parseText(opensnoopParser, 'PID    COMM              FD ERR PATH\n1      a                  3   0 /x\n2      b                 -1   2 /y\n'),
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('TS')),
      ['TS           PID     COMM             FD   ERRNO PATH'],
    );
    assert.match(lines.at(-2)!, / 2 {7}b {16}-1 {3}2 {5}\/y$/);
  });

  it('prints a new header when the kind of row changes, and two decimals for fractions', () => {
    const sessions = parseText(
      tcplifeParser,
      'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS\n7       c                127.0.0.1       5002  127.0.0.1       5003  1024.00 64.33  6.57\n',
    );
    const opens = parseText(opensnoopParser, 'PID    COMM              FD ERR PATH\n1      a                  3   0 /x\n');
    const lines = render([...sessions, ...opens, ...sessions]);
    assert.equal(lines.filter((l) => l.startsWith('# ')).length, 3);
    assert.ok(
      lines.some((l) => /1024 +64\.33 +6\.57$/.test(l)),
      lines.join('\n'),
    );
  });
});
