import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { opensnoopParser } from '../../src/probes/opensnoop/parser.js';
import { tcplifeParser } from '../../src/probes/tcplife/parser.js';
import { TableSink } from '../../src/sinks/table.js';
import { parseText } from '../helpers.js';
import { repoRoot } from '../recordings.js';

function render(events: ProbeEvent[], probeColumn = false): string[] {
  const out = new PassThrough();
  const sink = new TableSink(out, { probeColumn });
  for (const e of events) sink.write(e);
  sink.flush();
  return String(out.read()).split('\n');
}

async function replayed(dir: string): Promise<ProbeEvent[]> {
  const events: ProbeEvent[] = [];
  for await (const e of replay(join(repoRoot, 'recordings', dir))) events.push(e);
  return events;
}

/** A table's blocks: each header line (titles at their character positions) with the rows under it. */
function blocks(lines: string[]): Array<{ type: string; header: string; rows: string[] }> {
  const found: Array<{ type: string; header: string; rows: string[] }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('# ')) found.push({ type: line.slice(2), header: lines[++i]!, rows: [] });
    else if (line !== '') found.at(-1)!.rows.push(line);
  }
  return found;
}

/** The text of a row under each title: from the title's first character to the next title's, trimmed. */
function columnsOf(header: string, row: string): Record<string, string> {
  const starts = [...header.matchAll(/\S+/g)].map((m) => ({ title: m[0], at: m.index }));
  const columns: Record<string, string> = {};
  for (const [i, { title, at }] of starts.entries()) {
    const end = starts[i + 1]?.at;
    // Aligned means every column but the first starts right after a space.
    if (i > 0) assert.equal(row[at - 1] ?? ' ', ' ', `no space before ${title} at ${at} in\n${header}\n${row}`);
    columns[title] = row.slice(at, end).trim();
  }
  return columns;
}

describe('table sink', () => {
  it('puts 8 opens with failures under one header, every value under its title, errno by name', async () => {
    const events = await replayed('labs/opens/opensnoop');
    const opens = events.filter((e): e is EventOf<'file.open'> => e.type === 'file.open');
    assert.equal(opens.length, 8);
    const lines = render(events);
    const table = blocks(lines).filter((b) => b.type === 'file.open');
    assert.equal(table.length, 1, lines.join('\n'));
    const [{ header, rows }] = table as [(typeof table)[number]];
    assert.equal(rows.length, 8);
    for (const [i, row] of rows.entries()) {
      const c = columnsOf(header, row);
      const e = opens[i]!;
      assert.equal(c.PID, String(e.pid));
      assert.equal(c.COMM, e.comm);
      assert.equal(c.FD, String(e.fd));
      assert.equal(c.MODE, e.mode === undefined ? '' : '0' + e.mode.toString(8));
      assert.equal(c.PATH, e.path);
      assert.equal(c.ERRNO, { 0: '0', 2: 'ENOENT', 20: 'ENOTDIR', 21: 'EISDIR' }[e.errno]);
    }
    assert.ok(rows.some((r) => / ENOENT /.test(r)));
  });

  it('keeps IPv6 flows of a real xdpcount recording inside their columns', async () => {
    const events = await replayed('xdpcount/libbpf');
    const flows = events.filter((e): e is EventOf<'xdp.flow'> => e.type === 'xdp.flow');
    assert.ok(flows.some((f) => f.family === 6 && f.src.length > 15));
    const rows = blocks(render(events))
      .filter((b) => b.type === 'xdp.flow')
      .flatMap((b) => b.rows.map((row) => columnsOf(b.header, row)));
    assert.deepEqual(
      rows.map((c) => [c.SRC, c.DST, c.SPORT, c.PROTO, c.BYTES]),
      flows.map((f) => [f.src, f.dst, String(f.sport), f.proto, String(f.bytes)]),
    );
  });

  it('gives every event of a type the same columns, an empty cell where an event lacks a field', () => {
    const opens = parseText(opensnoopParser, 'PID    COMM              FD ERR PATH\n1      a                  3   0 /x\n2      b                 -1   2 /y\n');
    const lines = render(opens);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('TS')),
      ['TS           TIME     ELAPSED_S  PID     TID     COMM            FD   ERRNO        UID   FLAGS     MODE  PATH'],
    );
    const c = columnsOf(lines.find((l) => l.startsWith('TS'))!, lines.at(-2)!);
    assert.deepEqual([c.TIME, c.TID, c.COMM, c.FD, c.ERRNO, c.UID, c.PATH], ['', '', 'b', '-1', 'ENOENT', '', '/y']);
  });

  it('re-prints the header once with a grown column when a value outgrows it, and keeps every row aligned', () => {
    const [first] = parseText(opensnoopParser, 'PID    COMM              FD ERR PATH\n1      a                  3   0 /x\n') as [EventOf<'file.open'>];
    const drop = (reason: string): ProbeEvent => ({
      type: 'tcp.drop',
      ts: first.ts,
      probe: 'tcpdrop',
      source: { impl: 'bpftrace', tool: 'tcpdrop', layout: 'probectl' },
      host: 'test',
      seq: 1,
      family: 6,
      saddr: '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff',
      sport: 5001,
      daddr: '::1',
      dport: 40000,
      reason,
    });
    const long = 'A_DROP_REASON_LONGER_THAN_ITS_COLUMN_IS';
    const lines = render([drop('NETFILTER_DROP'), drop(long), drop('NO_SOCKET'), drop(long)], true);
    const table = blocks(lines);
    assert.deepEqual(
      table.map((b) => b.rows.length),
      [1, 3],
      lines.join('\n'),
    );
    for (const b of table)
      for (const row of b.rows) {
        const c = columnsOf(b.header, row);
        assert.equal(c.PROBE, 'tcpdrop');
        assert.equal(c.SADDR, '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff');
        assert.equal(c.DPORT, '40000');
        assert.ok([long, 'NETFILTER_DROP', 'NO_SOCKET'].includes(c.REASON!), row);
      }
  });

  it('shows a known harmless line once per probe, as what it means, and other diagnostics as they are', () => {
    const diagnostic = (probe: string, level: 'info' | 'warning', message: string): ProbeEvent => ({
      type: 'tool.diagnostic',
      ts: 1000,
      probe,
      source: { impl: 'bpftrace', tool: probe, layout: 'undetected' },
      host: 'test',
      seq: 1,
      level,
      message,
      stream: 'stderr',
    });
    const rlimit = 'ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace. If your program is not loading, you can try "ulimit -l 8192"';
    const lines = render(
      [
        diagnostic('tcplife', 'info', rlimit),
        diagnostic('tcplife', 'info', rlimit),
        diagnostic('tcpdrop', 'info', rlimit),
        diagnostic('tcpdrop', 'warning', 'something else'),
      ],
      true,
    );
    const rows = lines.filter((l) => l.startsWith('00:00:01'));
    assert.equal(rows.length, 3, lines.join('\n'));
    assert.match(rows[0]!, /tcplife +info +stderr bpftrace: couldn't set RLIMIT_MEMLOCK \(harmless: .*cgroup/);
    assert.match(rows[1]!, /tcpdrop +info +stderr bpftrace: couldn't set RLIMIT_MEMLOCK \(harmless/);
    assert.match(rows[2]!, /tcpdrop +warning +stderr something else$/);
  });

  it('prints a new header when the type of row changes, and two decimals for fractions', () => {
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
