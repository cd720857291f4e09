import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbePlan } from '../../src/plan/plan.js';
import { commandLine, commandSummary } from '../../src/run/command-line.js';
import { planFromJson, planJsonSchema, planToJson } from '../../src/run/plan-json.js';
import { toolName } from '../../src/run/recording-meta.js';

const plan: ProbePlan = {
  probe: 'tcplife',
  backend: 'bpftrace',
  argv: ['/usr/bin/bpftrace', '-e', 'BEGIN { printf("x\\n"); }'],
  env: { BPFTRACE_STRLEN: '160' },
  script: 'BEGIN { printf("x\\n"); }',
  parser: 'tcplife',
  impl: 'bpftrace',
  layout: 'probectl-v1',
  ready: /^PROBECTL tcplife v1$/m,
  filters: { pid: 42 },
};

describe('plans as JSON', () => {
  it('keep the ready pattern with its flags, and come back equal', () => {
    const json = planToJson(plan);
    assert.equal(json.ready, '/^PROBECTL tcplife v1$/m');
    const back = planFromJson(planJsonSchema.parse(JSON.parse(JSON.stringify(json))));
    assert.deepEqual(back, plan);
    assert.ok(back.ready.test('Attaching 1 probe...\nPROBECTL tcplife v1\n'), 'the multiline flag survived');
  });
});

describe('the command line in a starting status', () => {
  it('puts the added environment first and quotes only the words that need it', () => {
    assert.equal(commandLine(['stdbuf', '-oL', 'tcplife-bpfcc', '-T'], { PYTHONUNBUFFERED: '1' }), 'PYTHONUNBUFFERED=1 stdbuf -oL tcplife-bpfcc -T');
    assert.equal(commandLine(['bpftrace', '-e', `BEGIN { printf("it's\\n"); }`]), `bpftrace -e 'BEGIN { printf("it'\\''s\\n"); }'`);
  });

  it('cuts a multi-line program to its first line and says how long it is', () => {
    assert.equal(
      commandSummary(['/usr/bin/bpftrace', '-e', '// tcplife.bt\nBEGIN {}\nEND {}'], { BPFTRACE_STRLEN: '160' }),
      "BPFTRACE_STRLEN=160 /usr/bin/bpftrace -e '// tcplife.bt …(3 lines; --dry-run prints them)'",
    );
  });
});

describe('the tool name a recording names', () => {
  it('is the tool as users know it, past wrappers and Debian suffixes', () => {
    assert.equal(toolName({ argv: ['stdbuf', '-oL', '/usr/sbin/tcplife', '-T'], backend: 'libbpf', parser: 'tcplife' }), 'tcplife');
    assert.equal(toolName({ argv: ['/usr/sbin/tcpretrans-bpfcc', '-c'], backend: 'bcc', parser: 'tcpretrans' }), 'tcpretrans');
    assert.equal(toolName({ argv: ['bpftrace', '/usr/sbin/tcplife.bt'], backend: 'bpftrace', parser: 'tcplife' }), 'tcplife.bt');
    assert.equal(toolName({ argv: ['/usr/bin/bpftrace', '-e', 'BEGIN {}'], backend: 'bpftrace', parser: 'tcplife' }), 'bpftrace');
  });
});
