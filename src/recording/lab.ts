// Machine set-ups some captures need, each undone afterwards: kernel headers linked for BCC, a lossy two-namespace network.
import { execFile } from 'node:child_process';
import { existsSync, readlinkSync, readdirSync } from 'node:fs';
import { mkdir, rmdir, symlink, unlink } from 'node:fs/promises';
import { release } from 'node:os';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Fixture {
  readonly name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

/**
 * Links the installed Debian headers (linux-headers-amd64, older than the running kernel) as
 * /lib/modules/$(uname -r)/{build,source}, so BCC compiles. Refuses if anything is there already.
 */
export const kernelHeaders: Fixture = (() => {
  const dir = `/lib/modules/${release()}`;
  const created: string[] = []; // removed in reverse order by tearDown, and nothing else
  return {
    name: 'kernel-headers',
    async setUp() {
      if (existsSync(`${dir}/build`) || existsSync(`${dir}/source`)) throw new Error(`${dir}/build or source exists already: not touching it`);
      const donor = readdirSync('/lib/modules').find((v) => v !== release() && existsSync(`/lib/modules/${v}/build/Makefile`));
      if (donor === undefined) throw new Error('no kernel headers installed: apt-get install -y --no-install-recommends linux-headers-amd64');
      if (!existsSync(dir)) await mkdir(dir).then(() => created.push(dir));
      for (const link of ['build', 'source']) await symlink(readlinkSync(`/lib/modules/${donor}/${link}`), `${dir}/${link}`).then(() => created.push(`${dir}/${link}`));
    },
    async tearDown() {
      for (let path = created.pop(); path !== undefined; path = created.pop()) await (path === dir ? rmdir(path) : unlink(path));
    },
  };
})();

/** Two namespaces joined by veth: pctl-a (10.201.0.1) sends to pctl-b (10.201.0.2), which drops ~5 % of packets to LOSSY_PORT. */
export const LOSSY = { client: 'pctl-a', server: 'pctl-b', clientAddr: '10.201.0.1', serverAddr: '10.201.0.2', port: 5001 } as const;

const run = (...argv: string[]) => exec(argv[0] ?? '', argv.slice(1));
const inServer = (...argv: string[]) => run('ip', 'netns', 'exec', LOSSY.server, ...argv);

export const lossyNetwork: Fixture = {
  name: 'lossy-network',
  async setUp() {
    await lossyNetwork.tearDown(); // leftovers of an interrupted run carry our names
    const { client: a, server: b } = LOSSY;
    await run('ip', 'netns', 'add', a);
    await run('ip', 'netns', 'add', b);
    await run('ip', 'link', 'add', 'pctl-va', 'netns', a, 'type', 'veth', 'peer', 'name', 'pctl-vb', 'netns', b);
    await run('ip', '-n', a, 'addr', 'add', `${LOSSY.clientAddr}/24`, 'dev', 'pctl-va');
    await run('ip', '-n', b, 'addr', 'add', `${LOSSY.serverAddr}/24`, 'dev', 'pctl-vb');
    for (const [ns, dev] of [[a, 'pctl-va'], [b, 'pctl-vb']] as const) {
      await run('ip', '-n', ns, 'link', 'set', 'lo', 'up');
      await run('ip', '-n', ns, 'link', 'set', dev, 'up');
    }
    await inServer('nft', 'add', 'table', 'inet', 'lab');
    await inServer('nft', 'add', 'chain', 'inet', 'lab', 'in', '{ type filter hook input priority 0; }');
    await inServer('nft', 'add', 'rule', 'inet', 'lab', 'in', 'tcp', 'dport', String(LOSSY.port), 'numgen', 'random', 'mod', '100', '<', '5', 'counter', 'drop');
  },
  async tearDown() {
    await inServer('nft', 'delete', 'table', 'inet', 'lab').catch(() => {});
    for (const ns of [LOSSY.client, LOSSY.server]) await run('ip', 'netns', 'del', ns).catch(() => {}); // takes the veth pair with it
  },
};

/** Packets the lossy rule has dropped so far (its nftables counter). */
export async function lossyDropCount(): Promise<number> {
  const { stdout } = await inServer('nft', 'list', 'chain', 'inet', 'lab', 'in');
  const match = /counter packets (\d+)/.exec(stdout);
  if (!match) throw new Error(`no counter in: ${stdout}`);
  return Number(match[1]);
}
