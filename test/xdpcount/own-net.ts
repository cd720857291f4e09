// Veth pairs in namespaces of the xdpcount live tests' own, one per test file (files run in parallel), so they never touch the lab.
import { execFileSync } from 'node:child_process';

export interface OwnNet {
  client: string;
  server: string;
  clientIf: string;
  serverIf: string;
  clientAddr: string;
  serverAddr: string;
}

/**
 * The network of one test file: tag "x" gives namespaces pctl-x-PID-a/pctl-x-PID-b (the pid: two test runs at
 * once must not share them), veths pctl-x-va/pctl-x-vb (names are per namespace), 10.201.0.<base+1>/<base+2>.
 */
export const ownNet = (tag: string, base: number): OwnNet => ({
  client: `pctl-${tag}-${process.pid}-a`,
  server: `pctl-${tag}-${process.pid}-b`,
  clientIf: `pctl-${tag}-va`,
  serverIf: `pctl-${tag}-vb`,
  clientAddr: `10.201.0.${base + 1}`,
  serverAddr: `10.201.0.${base + 2}`,
});

export const OWN = ownNet('xdp', 200);
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

export function ownNetDown(OWN: OwnNet): void {
  for (const ns of [OWN.client, OWN.server]) {
    try {
      ip('netns', 'del', ns); // takes the veth, and any XDP program on it, along
    } catch {
      /* not there */
    }
  }
}

export function ownNetUp(OWN: OwnNet): void {
  ownNetDown(OWN);
  ip('netns', 'add', OWN.client);
  ip('netns', 'add', OWN.server);
  ip('link', 'add', OWN.clientIf, 'netns', OWN.client, 'type', 'veth', 'peer', 'name', OWN.serverIf, 'netns', OWN.server);
  ip('-n', OWN.client, 'addr', 'add', `${OWN.clientAddr}/24`, 'dev', OWN.clientIf);
  ip('-n', OWN.server, 'addr', 'add', `${OWN.serverAddr}/24`, 'dev', OWN.serverIf);
  for (const [ns, dev] of [
    [OWN.client, OWN.clientIf],
    [OWN.server, OWN.serverIf],
  ] as const) {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', dev, 'up');
  }
}
