// Every probe of the catalog is complete: its programs (tracepoint and kprobe), their headers and samples, its parser layout, a real recording.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readScript, scriptPath } from '../../src/plan/bpftrace-scripts.js';
import { probeDefinitions } from '../../src/probes/probe-list.js';
import { toolParser } from '../../src/probes/registry.js';
import { parseText } from '../helpers.js';
import { repoRoot } from '../recordings.js';

describe('the probe catalog', () => {
  it('lists the probes in the registry order, each with a bpftrace and a bcc backend but xdpcount, malloc and profile', () => {
    assert.deepEqual(
      probeDefinitions.map((p) => p.name),
      ['tcpretrans', 'tcpdrop', 'tcplife', 'opensnoop', 'xdpcount', 'syscount', 'execsnoop', 'biolatency', 'malloc', 'tcpconnect', 'profile'],
    );
    // xdpcount has its own loaders, malloc's uprobes need no BCC, BCC's profile prints nothing until it stops (so no run can see it ready).
    assert.deepEqual(
      probeDefinitions.find((p) => p.name === 'profile')!.backends.map((b) => b.backend),
      ['bpftrace'],
    );
    for (const probe of probeDefinitions.filter((p) => !['xdpcount', 'malloc', 'profile'].includes(p.name))) {
      assert.ok(
        probe.backends.some((b) => b.backend === 'bpftrace'),
        probe.name,
      );
      assert.ok(
        probe.backends.some((b) => b.backend === 'bcc'),
        probe.name,
      );
    }
  });

  // The probes run by probectl's own bpftrace programs in scripts-bt/ (xdpcount has its own loaders: test/probes/xdpcount-plan.test.ts;
  // malloc's program is generated for the process it traces: test/probes/malloc-plan.test.ts).
  for (const probe of probeDefinitions.filter((p) => p.backends.some((b) => b.backend === 'bpftrace' && b.tool === `probectl's ${p.name}.bt`))) {
    const name = probe.name;
    it(`${name}: both programs open with name, usage and output; the tracepoint one with real sample output its parser reads`, () => {
      const tracepoint = readScript(name, 'tracepoint');
      // A kprobe variant stands in where tracepoints are missing: a program that attaches none (profile's perf events) has none.
      const needsKprobe = /^tracepoint:/m.test(tracepoint);
      assert.equal(existsSync(scriptPath(name, 'kprobe')), needsKprobe, `kprobe/${name}.bt exists exactly when ${name}.bt reads tracepoints`);
      const kprobe = needsKprobe ? readScript(name, 'kprobe') : undefined;
      for (const [script, file] of [[tracepoint, `${name}.bt`], ...(kprobe === undefined ? [] : [[kprobe, `kprobe/${name}.bt`] as const])] as const) {
        assert.match(script, new RegExp(`^#!/usr/bin/env bpftrace\\n/\\*\\n \\* ${file.replace('/', '\\/').replace('.', '\\.')}  `), file);
        assert.match(script, /\n \* USAGE: bpftrace /, file);
        // The ready line may say how the program was generated after the version ("PROBECTL profile v1 hz=99 ...").
        assert.match(script, new RegExp(`printf\\("PROBECTL ${name} v1(?: [^"\\\\]*)?\\\\n"\\);`), file);
        assert.doesNotMatch(script, /#include/, `${file} must use BTF, not kernel headers`);
      }
      if (kprobe !== undefined) assert.match(kprobe, /\n \* Sample output: none\. The machine this was written on has no kprobes/);
      // The sample follows its introduction, which ends with "):".
      const sample = tracepoint.slice(tracepoint.indexOf(' * Sample output'), tracepoint.indexOf(' */'));
      const lines = sample
        .slice(sample.indexOf('):\n') + 3)
        .split('\n')
        .filter((l) => l.startsWith(' * '))
        .map((l) => l.slice(3));
      const events = parseText(toolParser(name)!, lines.join('\n') + '\n');
      const data = events.filter((e) => e.type !== 'tool.diagnostic');
      assert.ok(data.length >= 3, `${name}.bt: too few sample events`);
      assert.deepEqual(
        events.filter((e) => e.type === 'tool.diagnostic'),
        [],
        `${name}.bt: sample lines its parser does not read`,
      );
      for (const e of data) assert.deepEqual(e.source, { impl: 'bpftrace', tool: `probectl-${name}.bt`, layout: 'probectl-v1' });
    });

    it(`${name}: has a probectl-v1 layout in its parser and a real recording of it`, () => {
      assert.ok(toolParser(name)!.layouts.some((l) => l.name === 'probectl-v1' && !l.fromSource));
      const dir = join(repoRoot, 'recordings', name, 'probectl');
      assert.ok(existsSync(join(dir, 'expected.jsonl')), dir);
      assert.match(readFileSync(join(dir, 'stdout'), 'utf8'), new RegExp(`^PROBECTL ${name} v1(?: .*)?$`, 'm'));
    });
  }
});
