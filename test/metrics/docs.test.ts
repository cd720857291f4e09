import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { defaultLabelCaps } from '../../src/metrics/label-caps.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { repoRoot } from '../recordings.js';

const doc = readFileSync(join(repoRoot, 'docs', 'output.md'), 'utf8');
const section = doc.slice(doc.indexOf('\n## Metrics\n'));

it('docs/output.md lists every metric with its type and labels, and the label caps', () => {
  assert.ok(section.length > 20, 'docs/output.md has a Metrics section');
  const rows = section.split('\n').filter((l) => l.startsWith('| `probectl_'));
  for (const metric of new ProbeMetrics().registry.getMetricsAsArray()) {
    const { name, type, labelNames } = metric as unknown as { name: string; type: string; labelNames: string[] };
    const row = rows.find((r) => r.split('|')[1]!.includes(`\`${name}\``));
    assert.ok(row !== undefined, `${name} is not in the table`);
    const [, , rowType, rowLabels] = row.split('|');
    assert.equal(rowType!.trim(), type, `${name}: type`);
    assert.deepEqual(
      rowLabels!
        .trim()
        .split(', ')
        .map((l) => l.replaceAll('`', '')),
      labelNames,
      `${name}: labels`,
    );
  }
  const c = defaultLabelCaps;
  const flat = section.replace(/\s+/g, ' ');
  for (const words of [
    `${c.flows} flows`,
    `${c.comms} process names`,
    `${c.reasons} drop reasons`,
    `${c.errnos} errno values`,
    `${c.ifaces} interfaces`,
    `${c.syscalls} system call names`,
    `${c.devices} block devices`,
  ])
    assert.ok(flat.includes(words), `the caps: ${words}`);
});
