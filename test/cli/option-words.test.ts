import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';
import { probectl } from './cli-process.js';
import { tempDir } from '../temp-dir.js';

/** zod's own wording, which must never reach a user. */
const ZOD_WORDS = /Invalid input|expected \w+, received|NaN|Too (big|small)|pushInterval|excludeDns/;

const REPLAY = 'recordings/tcplife/libbpf-default';
const MIX = 'runbooks/xdp-traffic-mix.yaml';

/** Each refused value: its arguments, and what the first line of the error must say. */
const cases: [string[], RegExp][] = [
  [['run', 'tcplife', '--dry-run', '--pid', 'abc'], /--pid must be a process id \(a whole number from 1\)\.$/],
  [['run', 'tcplife', '--dry-run', '--pid', '0'], /--pid must be a process id \(1 or more\)\.$/],
  [['run', 'tcplife', '--dry-run', '--pid', '1.5'], /--pid must be a whole number\.$/],
  // One problem an option, the first, even where a value breaks more than one rule.
  [['run', 'tcplife', '--dry-run', '--pid', '-3'], /invalid option: --pid must be a process id \(1 or more\)\.$/],
  [['run', 'tcplife', '--dry-run', '--comm', 'a;b;c;d;e;f;g;h;i;j'], /invalid option: --comm may hold only letters, digits and _ \. : \/ \+ -\.$/],
  [['run', 'tcplife', '--dry-run', '--comm', 'a-very-long-task-name'], /invalid option: --comm must be at most 15 characters \(the kernel keeps 15\)\.$/],
  [['run', 'tcplife', '--dry-run', '--port', 'http'], /--port must be a port \(a whole number from 1 to 65535\)\.$/],
  [['run', 'tcplife', '--dry-run', '--lport', '-'], /--lport must be a port \(a whole number from 1 to 65535\)\.$/],
  [['run', 'tcplife', '--dry-run', '--rport', '70000'], /--rport must be a port from 1 to 65535\.$/],
  [['run', 'tcplife', '--dry-run', '--family', 'ipv4'], /--family must be 4 or 6\.$/],
  [['run', 'tcplife', '--dry-run', '--comm', 'a b'], /--comm may hold only letters, digits and _ \. : \/ \+ -\.$/],
  [['run', 'tcplife', '--dry-run', '--duration', 'soon'], /--duration must be a number of seconds\.$/],
  [['run', 'tcplife', '--dry-run', '--grace', '-1'], /--grace must not be negative\.$/],
  [['run', 'tcplife', '--dry-run', '--backend', 'ebpf'], /--backend must be one of auto, bpftrace, bcc, libbpf\.$/],
  [['run', 'xdpcount', '--dry-run', '--iface', 'lo', '--interval', 'x'], /--interval must be a number of seconds\.$/],
  [['run', 'xdpcount', '--dry-run', '--iface', 'lo', '--top', 'x'], /--top must be a whole number\.$/],
  [['run', 'xdpcount', '--dry-run', '--iface', 'lo', '--mode', 'x'], /--mode must be one of auto, native, skb\.$/],
  [['run', 'xdpcount', '--dry-run', '--iface', 'a b'], /--iface may hold only letters, digits and _ \. @ -\.$/],
  [['run', 'tcplife', '--dry-run', '--metrics', 'nine'], /--metrics must be HOST:PORT .*not "nine"\.$/],
  [['run', 'tcplife', '--dry-run', '--push', 'ftp://x'], /--push must be an http:\/\/ or https:\/\/ URL .*not "ftp:\/\/x"\.$/],
  [['run', 'tcplife', '--dry-run', '--push', 'http://x', '--push-interval', 'x'], /--push-interval must be a number of seconds\.$/],
  [['run', 'tcplife', '--dry-run', '--metrics', ':0', '--label', 'a'], /--label "a" is not NAME=VALUE\.$/],
  [['replay', REPLAY, '--speed', 'fast'], /--speed must be "max" or a number from 0\.001 \(a multiple of the recorded pace: .*\), not "fast"\.$/],
  [['replay', REPLAY, '--speed', '0'], /--speed must be "max" or a number from 0\.001 .* not "0"\.$/],
  [['replay', REPLAY, '--speed', '1e3'], /--speed must be "max" or a number from 0\.001 .* not "1e3"\.$/],
  [['summarize', '--top', 'x'], /--top must be a whole number from 1\.$/],
  [['runbook', 'run', MIX, '--duration', 'x'], /--duration must be a number of seconds\.$/],
  [['lab', 'up', '--loss', 'abc'], /--loss must be a whole percentage from 0 to 50\.$/],
  [['lab', 'traffic', '--connections', '0'], /--connections must be a whole number from 1 to 100\.$/],
  [['lab', 'traffic', '--bytes', 'x'], /--bytes must be a byte count from 0 to 268435456\.$/],
  [['lab', 'traffic', '--timeout', '1.5'], /--timeout must be whole seconds from 1 to 300\.$/],
  [
    ['runbook', 'run', MIX, '--set', 'iface=lo', '--set', 'min_roce_share=half'],
    /min_roce_share must be a number \(digits, with an optional decimal point\)\.$/,
  ],
  [['runbook', 'run', 'runbooks/tcp-health.yaml', '--set', 'port=http'], /port must be a port from 1 to 65535\.$/],
];

describe('a refused value is told in probectl words: what the option expects', () => {
  for (const [args, expected] of cases)
    it(`probectl ${args.join(' ')}`, () => {
      const { code, stderr } = probectl(args);
      assert.equal(code, 2, stderr);
      const first = stderr.split('\n')[0]!;
      assert.match(first, expected);
      assert.doesNotMatch(stderr, ZOD_WORDS);
    });

  it("a runbook's filter that is not a number says what it expects, at its line", () => {
    const dir = tempDir('pctl-words-');
    const file = join(dir, 'pid.yaml');
    const text = readFileSync(join(repoRoot, 'runbooks', 'file-access-errors.yaml'), 'utf8').replace('comm: ${comm}', 'pid: abc');
    writeFileSync(file, text);
    const { code, stderr } = probectl(['runbook', 'run', file, '--replay', 'recordings/runbooks/files-clean']);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /pid\.yaml:\d+:\d+: probes\.opensnoop\.filters\.pid must be a process id \(a whole number from 1\)/);
    assert.doesNotMatch(stderr, ZOD_WORDS);
  });
});
