// A lossy two-namespace network of the live tests' own (not the lab's names, so it never meets a lab run): 5 % of TCP to a port dropped, counted.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const run = (...argv: string[]) => exec(argv[0]!, argv.slice(1));

export const NET = { client: 'pctl-bt-a', server: 'pctl-bt-b', clientAddr: '10.201.77.1', serverAddr: '10.201.77.2', port: 5001 } as const;
const inServer = (...argv: string[]) => run('ip', 'netns', 'exec', NET.server, ...argv);

export async function netDown(): Promise<void> {
  for (const ns of [NET.client, NET.server]) await run('ip', 'netns', 'del', ns).catch(() => {}); // takes the veth pair and the nftables table along
}

export async function netUp(): Promise<void> {
  await netDown();
  await run('ip', 'netns', 'add', NET.client);
  await run('ip', 'netns', 'add', NET.server);
  await run('ip', 'link', 'add', 'pctl-bt-va', 'netns', NET.client, 'type', 'veth', 'peer', 'name', 'pctl-bt-vb', 'netns', NET.server);
  await run('ip', '-n', NET.client, 'addr', 'add', `${NET.clientAddr}/24`, 'dev', 'pctl-bt-va');
  await run('ip', '-n', NET.server, 'addr', 'add', `${NET.serverAddr}/24`, 'dev', 'pctl-bt-vb');
  for (const [ns, dev] of [
    [NET.client, 'pctl-bt-va'],
    [NET.server, 'pctl-bt-vb'],
  ] as const) {
    await run('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    await run('ip', '-n', ns, 'link', 'set', dev, 'up');
  }
  await inServer('nft', 'add', 'table', 'inet', 'pctl_bt');
  await inServer('nft', 'add', 'chain', 'inet', 'pctl_bt', 'in', '{ type filter hook input priority 0; }');
  await inServer(
    'nft',
    'add',
    'rule',
    'inet',
    'pctl_bt',
    'in',
    'tcp',
    'dport',
    String(NET.port),
    'numgen',
    'random',
    'mod',
    '100',
    '<',
    '5',
    'counter',
    'drop',
  );
}

export async function dropCounter(): Promise<number> {
  const { stdout } = await inServer('nft', 'list', 'chain', 'inet', 'pctl_bt', 'in');
  const m = /counter packets (\d+)/.exec(stdout);
  if (m === null) throw new Error(`no counter in: ${stdout}`);
  return Number(m[1]);
}

const PEER = fileURLToPath(new URL('./live-peer.js', import.meta.url));

/** Runs the peer to its end (in a namespace when given), returning its JSON report. */
export function peer(
  args: { netns?: string; mode: 'serve' | 'send'; host: string; port: number; bytes: number; name: string },
  onListening?: () => void,
): Promise<Record<string, number>> {
  const argv = [
    ...(args.netns ? ['ip', 'netns', 'exec', args.netns] : []),
    process.execPath,
    PEER,
    args.mode,
    args.host,
    String(args.port),
    String(args.bytes),
    args.name,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"listening"')) onListening?.();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`peer ${args.mode} ended with ${code}: ${err}`));
      const last = out.trim().split('\n').pop()!;
      resolve(JSON.parse(last) as Record<string, number>);
    });
  });
}

/** One transfer: a server, then a client once it listens; both reports. */
export async function transfer(opts: {
  host: string;
  port: number;
  bytes: number;
  serverNetns?: string;
  clientNetns?: string;
}): Promise<{ server: Record<string, number>; client: Record<string, number> }> {
  let listening!: () => void;
  const ready = new Promise<void>((r) => (listening = r));
  const server = peer({ netns: opts.serverNetns, mode: 'serve', host: opts.host, port: opts.port, bytes: opts.bytes, name: 'pctl-bt-srv' }, () => listening());
  await Promise.race([ready, server]);
  const client = await peer({ netns: opts.clientNetns, mode: 'send', host: opts.host, port: opts.port, bytes: opts.bytes, name: 'pctl-bt-cli' });
  return { server: await server, client };
}
