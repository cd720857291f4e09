// Test "hosts": network namespaces named pcfleet<pid>-<i>, each with its own sshd on its own address, keys and known_hosts made for the test.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The login user made for the "no root, no sudo" host. */
export const UNPRIVILEGED_USER = 'pcfleetu';
/** The login user made for the "no root, but sudo without a password" host. */
export const SUDO_USER = 'pcfleets';

export interface SshHost {
  /** As fleet run names it: user@address. */
  name: string;
  netns: string;
  addr: string;
  user: string;
  sshd?: ChildProcess;
  /** What its sshd printed on stderr (`sshd -e`: its log at the spec's LogLevel), the last 256 KiB. */
  sshdLog: string;
  /** Its sshd_config file. */
  configFile: string;
}

export interface SshHosts {
  dir: string;
  hosts: SshHost[];
  /** The ssh options that make the test's keys and known_hosts the only ones used. */
  sshOptions: string[];
  /** Stops one host's sshd (SIGTERM) and waits until its port refuses connections. */
  stopSshd(host: SshHost): Promise<void>;
  /** The pids of every process in a host's namespace (`ip netns pids`). */
  pidsIn(host: SshHost): number[];
}

export interface HostSpec {
  /** Log in as UNPRIVILEGED_USER instead of root. */
  unprivileged?: boolean;
  /** Log in as SUDO_USER, who may run anything with `sudo -n` (a sudoers.d file made for the test and removed after), instead of root. */
  sudo?: boolean;
  /** Extra lines for this host's sshd_config. */
  sshdConfig?: string[];
  /** sshd's LogLevel (default ERROR); INFO also logs each connection dropped past MaxStartups. */
  logLevel?: 'ERROR' | 'INFO' | 'VERBOSE';
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const ipAsync = (...args: string[]): Promise<void> =>
  new Promise((resolve, reject) => execFile('ip', args, (error) => (error === null ? resolve() : reject(error))));
const tryIp = (...args: string[]) => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

/** A 10.<octet>.0.0/16 no route here uses yet (the lab uses 10.201). */
function freeOctet(): number {
  const routes = ip('route', 'show');
  for (let o = 240 + (process.pid % 10); o < 255; o++) if (!routes.includes(`10.${o}.`)) return o;
  for (let o = 230; o < 240; o++) if (!routes.includes(`10.${o}.`)) return o;
  throw new Error('no free 10.x.0.0/16 for the test hosts');
}

function userExists(user: string): boolean {
  try {
    execFileSync('id', ['-u', user], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True once addr:port accepts a TCP connection. */
const accepts = (addr: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: addr, port, timeout: 500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

async function waitFor(what: string, condition: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function namespacePids(netns: string): number[] {
  try {
    return ip('netns', 'pids', netns)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** Namespaces and root-side veths a killed test run left behind (their pid is gone). */
function sweepStale(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const m = /^pcfleet(\d+)-\d+/.exec(line);
    if (m === null) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      const name = line.split(' ')[0]!;
      for (const pid of namespacePids(name)) tryKill(pid, 'SIGKILL');
      tryIp('netns', 'del', name);
    }
  }
}

/** Host i's veth pair: its end in the root namespace and its end in the host's. */
const vethNames = (i: number) => ({ outside: `pcf${process.pid}r${i}`, inside: `pcf${process.pid}n${i}` });

const tryKill = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
};

/**
 * Builds the hosts, runs `body`, and tears everything down however it ends: every process in the namespaces is
 * killed, the namespaces deleted (their veths go with them), the test user removed, the keys' directory deleted.
 */
export async function withSshHosts<T>(specs: readonly HostSpec[], body: (hosts: SshHosts) => Promise<T>): Promise<T> {
  sweepStale();
  const dir = mkdtempSync(join(tmpdir(), 'pcfleet-'));
  chmodSync(dir, 0o755); // the unprivileged login reads authorized_keys from here
  const octet = freeOctet();
  const hosts: SshHost[] = [];
  const createdUser = specs.some((s) => s.unprivileged) && !userExists(UNPRIVILEGED_USER);
  const cleanups: (() => void)[] = [];
  try {
    if (createdUser) {
      execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', UNPRIVILEGED_USER]);
      execFileSync('usermod', ['-p', '*', UNPRIVILEGED_USER]); // a locked account (!) is refused by sshd without PAM
    }
    const sudoHosts = sudoLogin(specs);
    cleanups.push(sudoHosts.remove);
    execFileSync('mkdir', ['-p', '/run/sshd']);
    const key = join(dir, 'client_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'probectl-fleet-test', '-f', key]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${key}.pub`));
    chmodSync(join(dir, 'authorized_keys'), 0o644);
    // One host key for every host: a key each would cost a key generation each, and proves nothing more here.
    const hostKey = join(dir, 'host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    const hostKeyLine = readFileSync(`${hostKey}.pub`, 'utf8').trim();
    for (const [i, spec] of specs.entries()) {
      const user = spec.sudo ? SUDO_USER : spec.unprivileged ? UNPRIVILEGED_USER : 'root';
      const addr = `10.${octet}.${i}.2`;
      hosts.push({ name: `${user}@${addr}`, netns: `pcfleet${process.pid}-${i}`, addr, user, sshdLog: '', configFile: join(dir, `sshd_config_${i}`) });
    }
    // The hosts are made side by side: with 20 of them, one after the other takes seconds.
    await Promise.all(
      hosts.map(async (host, i) => {
        const { outside, inside } = vethNames(i);
        await ipAsync('netns', 'add', host.netns);
        await ipAsync('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', host.netns);
        await ipAsync('addr', 'add', `10.${octet}.${i}.1/24`, 'dev', outside);
        await ipAsync('link', 'set', outside, 'up');
        await ipAsync('-n', host.netns, 'addr', 'add', `${host.addr}/24`, 'dev', inside);
        await ipAsync('-n', host.netns, 'link', 'set', inside, 'up');
        await ipAsync('-n', host.netns, 'link', 'set', 'lo', 'up');
      }),
    );
    for (const [i, spec] of specs.entries()) {
      const host = hosts[i]!;
      writeFileSync(
        host.configFile,
        [
          `ListenAddress ${host.addr}:22`,
          `HostKey ${hostKey}`,
          `PidFile ${join(dir, `sshd_${i}.pid`)}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          'StrictModes no',
          'UsePAM no',
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          `LogLevel ${spec.logLevel ?? 'ERROR'}`,
          ...(spec.sshdConfig ?? []),
          '',
        ].join('\n'),
      );
      // nsenter, not ip netns exec: that one remounts /sys in a new mount namespace, without tracefs.
      host.sshd = spawn('nsenter', [`--net=/run/netns/${host.netns}`, '/usr/sbin/sshd', '-D', '-e', '-f', host.configFile], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      host.sshd.stderr?.setEncoding('utf8').on('data', (text: string) => (host.sshdLog = (host.sshdLog + text).slice(-256 * 1024)));
    }
    const knownHosts = hosts.map((h) => `${h.addr} ${hostKeyLine}`);
    writeFileSync(join(dir, 'known_hosts'), knownHosts.join('\n') + '\n');
    await Promise.all(hosts.map((h) => waitFor(`sshd on ${h.addr}:22`, () => accepts(h.addr, 22))));
    const sshOptions = ['-i', key, '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'IdentitiesOnly=yes'];
    return await body({
      dir,
      hosts,
      sshOptions,
      pidsIn: (host) => namespacePids(host.netns),
      stopSshd: async (host) => {
        host.sshd?.kill('SIGTERM');
        await waitFor(`sshd on ${host.addr} to stop`, async () => !(await accepts(host.addr, 22)));
      },
    });
  } finally {
    for (const host of hosts) host.sshd?.kill('SIGKILL');
    for (const host of hosts) for (const pid of namespacePids(host.netns)) tryKill(pid, 'SIGKILL');
    await sleep(100);
    // The root-side veth first: deleting it takes its peer at once, where a deleted namespace frees its devices later,
    // and the next test of the same process makes veths of the same names (it failed with "File exists" once).
    for (const i of hosts.keys()) tryIp('link', 'del', vethNames(i).outside);
    for (const host of hosts) tryIp('netns', 'del', host.netns);
    if (createdUser) {
      try {
        execFileSync('userdel', [UNPRIVILEGED_USER], { stdio: 'ignore' });
      } catch {
        // a login process may still hold it for a moment; the next run reuses the account
      }
    }
    for (const cleanup of cleanups) cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For hosts with `sudo`: SUDO_USER (made if missing) and a sudoers.d file letting it run anything without a password; remove() undoes both. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function sudoLogin(specs: readonly HostSpec[]): { remove(): void } {
  if (!specs.some((s) => s.sudo)) return { remove() {} };
  const createdUser = !userExists(SUDO_USER);
  if (createdUser) {
    execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', SUDO_USER]);
    execFileSync('usermod', ['-p', '*', SUDO_USER]);
  }
  // A grant a killed test run left behind (its pid is gone) goes first.
  for (const file of readdirSync('/etc/sudoers.d')) {
    const pid = /^pcfleet-(\d+)$/.exec(file)?.[1];
    if (pid !== undefined && !alive(Number(pid))) rmSync(join('/etc/sudoers.d', file), { force: true });
  }
  const sudoers = `/etc/sudoers.d/pcfleet-${process.pid}`;
  writeFileSync(sudoers, `${SUDO_USER} ALL=(ALL:ALL) NOPASSWD: ALL\n`, { mode: 0o440 });
  try {
    execFileSync('visudo', ['-c', '-q', '-f', sudoers]);
  } catch (error) {
    rmSync(sudoers, { force: true });
    throw error;
  }
  return {
    remove() {
      rmSync(sudoers, { force: true });
      if (createdUser) {
        try {
          execFileSync('userdel', [SUDO_USER], { stdio: 'ignore' });
        } catch {
          // a login process may still hold it for a moment; the next run reuses the account
        }
      }
    },
  };
}
