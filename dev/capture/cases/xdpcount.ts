// Capture cases for the XDP counter: the libbpf loader on the lab's server veth while TCP and RoCE v2 (UDP to 4791) traffic arrives.
import { execFileSync } from 'node:child_process';
import { LAB, labTraffic } from '../../../src/lab/index.js';
import { hostXdpcount } from '../../../src/probes/xdpcount/probe.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders, lossyNetwork } from '../fixtures.js';

const ROCE_DATAGRAMS = 40;

const tcpAndRoce = {
  describe:
    `In namespace ${LAB.client.netns} (${LAB.client.addr}) a client sent 2 TCP connections of 65536 bytes each to ${LAB.server.addr}:${LAB.port} ` +
    `(the server replied 4096 bytes on each; nftables dropped ~5 % of packets to port ${LAB.port}), then ${ROCE_DATAGRAMS} UDP datagrams of 200 bytes to ${LAB.server.addr}:4791 (RoCE v2's port).`,
  async run() {
    const traffic = await labTraffic({ connections: 2, bytes: 65_536, reply: 4096, timeout: 30 });
    if (!traffic.complete) throw new Error('lab traffic failed');
    const send = `const s=require('dgram').createSocket('udp4');let n=0;const b=Buffer.alloc(200);const go=()=>{if(n++>=${ROCE_DATAGRAMS})return s.close();s.send(b,4791,'${LAB.server.addr}',go)};go();`;
    execFileSync('ip', ['netns', 'exec', LAB.client.netns, process.execPath, '-e', send]);
  },
};

export const xdpcountCases: CaptureCase[] = [
  {
    probe: 'xdpcount',
    name: 'libbpf',
    parser: 'xdpcount',
    impl: 'libbpf',
    tool: 'xdpcount',
    ready: /^PROBECTL xdpcount v1 libbpf\t/m,
    stdinPipe: true,
    needs: [lossyNetwork],
    workload: tcpAndRoce,
    durationMs: 1500,
    version: () => `libbpf ${execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libbpf1'], { encoding: 'utf8' }).trim()}`,
    note: "probectl's libbpf loader (bcc-tools/xdpcount/xdpcount.c, built by npm run build:native) on the lab's server veth, as `ip netns exec pctl-b probectl run xdpcount --iface pctl-vb --interval 1 --top 5` runs it.",
    argv: () => [
      'ip',
      'netns',
      'exec',
      LAB.server.netns,
      hostXdpcount().loader,
      '--iface',
      LAB.server.veth,
      '--interval-ms',
      '1000',
      '--mode',
      'auto',
      '--class-mask',
      '0x1fff',
      '--top',
      '5',
    ],
  },
  {
    probe: 'xdpcount',
    name: 'bcc',
    parser: 'xdpcount',
    impl: 'bcc',
    tool: 'xdpcount.py',
    ready: /^PROBECTL xdpcount v1 bcc\t/m,
    stdinPipe: true,
    needs: [kernelHeaders, lossyNetwork],
    workload: tcpAndRoce,
    durationMs: 1500,
    note: "probectl's BCC loader (bcc-tools/xdpcount/xdpcount.py) on the lab's server veth. Kernel headers 6.1 (linux-headers-amd64) linked as /lib/modules/$(uname -r)/{build,source} for this capture only: the program reads packet bytes and UAPI headers only, no kernel struct, so nothing it reports depends on them.",
    argv: () => [
      'ip',
      'netns',
      'exec',
      LAB.server.netns,
      hostXdpcount().python,
      hostXdpcount().bccScript,
      '--iface',
      LAB.server.veth,
      '--interval-ms',
      '1000',
      '--mode',
      'auto',
      '--class-mask',
      '0x1fff',
      '--top',
      '5',
    ],
  },
];
