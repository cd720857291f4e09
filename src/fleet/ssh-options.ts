// The system ssh's command line for one host: batch mode, one shared connection per host, a connect timeout, keepalives, the user's own options.
import type { HostTarget } from './targets.js';

export interface SshSettings {
  /** Seconds to wait for the TCP connection and the key exchange. */
  connectTimeoutS: number;
  /** Options passed through to every ssh (-i FILE, -F FILE, -o UserKnownHostsFile=FILE...). */
  extra: readonly string[];
}

/** Keepalives every 5 s, 3 missed: a dead connection is noticed within about 15 s. */
const KEEPALIVE = ['-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3'];

/** The options every ssh for this host shares, before the destination. */
export function sshBase(target: HostTarget, controlPath: string, settings: SshSettings): string[] {
  return [
    'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${settings.connectTimeoutS}`,
    ...KEEPALIVE,
    '-o',
    `ControlPath=${controlPath}`,
    ...(target.port === undefined ? [] : ['-p', String(target.port)]),
    ...(target.user === undefined ? [] : ['-l', target.user]),
    ...(target.jump === undefined ? [] : ['-J', target.jump]),
    ...settings.extra,
  ];
}

/** The master: it opens the connection the others share (-M), runs `command`, and ends when probectl does. */
export const masterArgv = (target: HostTarget, controlPath: string, settings: SshSettings, command: string): string[] => [
  ...sshBase(target, controlPath, settings),
  '-M',
  '-o',
  'ControlPersist=no',
  '--',
  target.host,
  command,
];

/** A command over the master's connection (never a connection of its own). */
export const execArgv = (target: HostTarget, controlPath: string, settings: SshSettings, command: string): string[] => [
  ...sshBase(target, controlPath, settings),
  '-o',
  'ControlMaster=no',
  '--',
  target.host,
  command,
];
