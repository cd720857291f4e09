import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostList, parseInventory, parseHostWord } from '../../src/fleet/targets.js';

describe('fleet hosts', () => {
  it('reads [user@]host[:port], IPv6 in brackets, and keeps the word as the name', () => {
    assert.deepEqual(parseHostWord('root@10.0.0.5:2222'), { name: 'root@10.0.0.5:2222', host: '10.0.0.5', user: 'root', port: 2222 });
    assert.deepEqual(parseHostWord('web-1'), { name: 'web-1', host: 'web-1' });
    assert.deepEqual(parseHostWord('[fe80::1]:22'), { name: '[fe80::1]:22', host: 'fe80::1', port: 22 });
  });

  it('refuses a bad port, an empty list and a host given twice, as usage errors', () => {
    assert.throws(() => parseHostWord('a:70000'), { code: 'USAGE' });
    assert.throws(() => parseHostList(' , '), { code: 'USAGE' });
    assert.throws(() => parseHostList('a,b,a'), { code: 'USAGE', message: /a is given twice/ });
  });

  it('reads a plain inventory, one host a line, comments left out', () => {
    assert.deepEqual(
      parseInventory('# rack 4\nroot@db-1\ndb-2:2200  # spare\n\n', 'hosts.txt').map((t) => t.name),
      ['root@db-1', 'db-2:2200'],
    );
  });

  it('reads a YAML inventory with per-host user, port, jump host and labels', () => {
    const yaml = 'hosts:\n  - web-1\n  - host: 10.0.0.7\n    name: db\n    user: ops\n    port: 2222\n    jump: bastion\n    labels: {rack: 4}\n';
    assert.deepEqual(parseInventory(yaml, 'inv.yaml'), [
      { name: 'web-1', host: 'web-1' },
      { name: 'db', host: '10.0.0.7', user: 'ops', port: 2222, jump: 'bastion', labels: { rack: '4' } },
    ]);
    assert.throws(() => parseInventory('- host: a\n  colour: red\n', 'inv.yaml'), { code: 'USAGE', message: /inv\.yaml/ });
  });
});
