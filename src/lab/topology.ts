// The lab's fixed names and addresses: two namespaces joined by veth, a test port, and the nftables table that drops on it.
export const LAB = {
  client: { netns: 'pctl-a', veth: 'pctl-va', addr: '10.201.0.1' },
  server: { netns: 'pctl-b', veth: 'pctl-vb', addr: '10.201.0.2' },
  prefixLength: 24,
  port: 5001,
  /** In the server's namespace: an input chain whose one rule drops a random share of packets to the port, with a counter. */
  nft: { family: 'inet', table: 'pctl_lab', chain: 'input', comment: 'pctl-loss' },
} as const;

export type LabEnd = (typeof LAB)['client'] | (typeof LAB)['server'];
export const LAB_ENDS: readonly LabEnd[] = [LAB.client, LAB.server];

/** The drop rule's text, as nft reads it (the comment names the rule for the counter reader). */
export function lossRule(percent: number): string[] {
  return ['tcp', 'dport', String(LAB.port), 'numgen', 'random', 'mod', '100', '<', String(percent), 'counter', 'drop', 'comment', `"${LAB.nft.comment}"`];
}

/** What `lab up` made, as it prints it. */
export interface LabDescription {
  namespaces: string[];
  interfaces: { netns: string; name: string; address: string; peer: string }[];
  client: { netns: string; address: string };
  server: { netns: string; address: string; port: number };
  loss: { percent: number; applies_to: string };
  nft: { netns: string; family: string; table: string; chain: string; rule: string };
}

export function describeLab(percent: number): LabDescription {
  const { client, server, nft } = LAB;
  const cidr = (addr: string) => `${addr}/${LAB.prefixLength}`;
  return {
    namespaces: [client.netns, server.netns],
    interfaces: [
      { netns: client.netns, name: client.veth, address: cidr(client.addr), peer: server.veth },
      { netns: server.netns, name: server.veth, address: cidr(server.addr), peer: client.veth },
    ],
    client: { netns: client.netns, address: client.addr },
    server: { netns: server.netns, address: server.addr, port: LAB.port },
    loss: { percent, applies_to: `TCP packets to port ${LAB.port} arriving in ${server.netns} (client to server only)` },
    nft: { netns: server.netns, family: nft.family, table: nft.table, chain: nft.chain, rule: lossRule(percent).join(' ') },
  };
}
