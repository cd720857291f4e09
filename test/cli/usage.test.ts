import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probectl } from './cli-process.js';

/** A usage error: exit 2, nothing on stdout, and on stderr one line saying what was expected, then one saying where to look. */
function assertUsage(args: string[], expected: RegExp): void {
  const { code, stdout, stderr } = probectl(args);
  assert.equal(code, 2, `exit code of probectl ${args.join(' ')}; stderr: ${stderr}`);
  assert.equal(stdout, '');
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, `two lines, no help dump: ${stderr}`);
  assert.match(lines[0]!, expected);
  assert.match(lines[1]!, /^(Did you mean \S+\? )?See 'probectl( [a-z]+)* --help'\.$/);
}

describe('usage errors caught by the command line parser', () => {
  it('an unknown option exits 2 and lists the options a small command takes', () => {
    assertUsage(['doctor', '--jsn'], /^probectl: doctor: unknown option "--jsn": expected one of --json, --fix, --help\.$/);
  });
  it('an unknown option of a large command points at its help and suggests the nearest', () => {
    const { stderr } = probectl(['run', 'tcplife', '--pidd', '3']);
    assert.match(stderr, /^probectl: run: unknown option "--pidd": expected one of the options 'probectl run --help' lists\.\nDid you mean --pid\?/);
    assertUsage(['--bogus'], /^probectl: unknown option "--bogus": expected one of --version, --help\.$/);
  });
  it('a missing argument exits 2 and says what it should be, with the names from the registries', () => {
    assertUsage(
      ['parse'],
      /^probectl: parse: missing <tool>: expected the tool that printed it: tcpretrans, tcpdrop, tcplife, opensnoop, xdpcount, syscount, execsnoop, biolatency, malloc, tcpconnect, profile or bpftrace\.$/,
    );
    assertUsage(
      ['run'],
      /^probectl: run: missing <probe>: expected the probes to run, one or more of tcpretrans, tcpdrop, tcplife, opensnoop, xdpcount, syscount, execsnoop, biolatency, malloc, tcpconnect or profile\.$/,
    );
    assertUsage(['replay'], /^probectl: replay: missing <dir>: expected a recording directory/);
  });
  it('an option its schema refuses exits 2 and points at the help of the command that was given it', () => {
    for (const [args, command] of [
      [['run', 'opensnoop', '--duration', 'abc'], 'probectl run'],
      [['fleet', 'run', 'opensnoop', '--hosts', 'a', '--grace', '-1'], 'probectl fleet run'],
      [['summarize', '--top', '0'], 'probectl summarize'],
      [['replay', 'recordings/runbooks/tcp-loss', '--speed', '0'], 'probectl replay'],
    ] as const) {
      const { code, stderr } = probectl([...args]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, new RegExp(`^probectl: invalid option: --[a-z]+ [^\\n]+\\.\\nSee '${command} --help' for the options\\.\\n$`));
    }
  });
  it('an option without its value exits 2 and shows its form', () => {
    assertUsage(['run', 'tcplife', '--pid'], /^probectl: run: --pid needs a value: expected --pid <pid>\.$/);
  });
  it('a value outside the choices exits 2 and lists them', () => {
    assertUsage(['parse', 'tcplife', '--format', 'nope'], /^probectl: parse: --format must be one of jsonl, table, summary, xctl, not "nope"\.$/);
  });
  it('an unknown command exits 2, lists the commands and suggests the nearest', () => {
    assertUsage(
      ['nosuch'],
      /^probectl: unknown command "nosuch": expected one of parse, replay, summarize, layouts, doctor, list, run, agent, runbook, watch, fleet, lab\.$/,
    );
    assertUsage(['lab', 'upp'], /^probectl: lab: unknown command "upp": expected one of up, down, status, traffic\.$/);
    assert.match(probectl(['runn']).stderr, /\nDid you mean run\? See 'probectl --help'\.\n$/);
  });
  it('a command that groups others, given none, exits 2 and lists them', () => {
    assertUsage([], /^probectl: expected a command: one of parse, replay, .*, lab\.$/);
    assertUsage(['runbook'], /^probectl: runbook: expected a command: one of run\.$/);
  });
  it('too many arguments exit 2 and say which it takes', () => {
    assertUsage(['layouts', 'tcplife', 'extra'], /^probectl: layouts: too many arguments: expected only \[tool\]\.$/);
  });
  it('help and version still exit 0 on stdout', () => {
    for (const args of [['--help'], ['help', 'run'], ['run', '--help'], ['--version']]) {
      const { code, stdout, stderr } = probectl(args);
      assert.equal(code, 0, args.join(' '));
      assert.notEqual(stdout, '');
      assert.equal(stderr, '');
    }
  });
});
