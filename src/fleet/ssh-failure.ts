// What ssh's own error text says went wrong, as the reason classes of fleet.host, and what to do about it.
import type { FleetFailureReason } from '../events/index.js';

const classes: [RegExp, FleetFailureReason, string][] = [
  [
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \S+ host key is known/i,
    'host-key',
    'check the host key and add it to known_hosts (ssh-keyscan, or one interactive ssh)',
  ],
  [
    /Permission denied|Too many authentication failures/i,
    'auth',
    'check the user and that your key is in its authorized_keys (BatchMode: no password is asked)',
  ],
  [
    /Connection refused|timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Connection closed|Connection reset|kex_exchange_identification/i,
    'unreachable',
    'check that the host is up and sshd listens on that address and port',
  ],
];

/** The class, a one-line message (ssh's last meaningful line) and a remedy. */
export function sshFailure(stderr: string, exitCode: number | null): { reason: FleetFailureReason; message: string } {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Warning: Permanently added') && !/^@+$/.test(l));
  const said = lines.at(-1) ?? `ssh exited with ${exitCode ?? 'a signal'} and said nothing`;
  for (const [pattern, reason, remedy] of classes) if (lines.some((l) => pattern.test(l))) return { reason, message: `${said.replace(/\.$/, '')}: ${remedy}` };
  return { reason: 'unreachable', message: said };
}
