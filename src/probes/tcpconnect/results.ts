// How a connect ended, as a list without zod: the parser's row writer needs it, and a parse that checks no events loads no zod.

/**
 * How a connect ended: the handshake completed (established), a reset or an ICMP port unreachable answered it (refused),
 * the SYN retries ran out (timed_out), an ICMP error said no route (unreachable), the socket was closed before any answer
 * (aborted), or another error the kernel kept in sk_err (failed).
 */
export const connectResults = ['established', 'refused', 'timed_out', 'unreachable', 'aborted', 'failed'] as const;
export type ConnectResult = (typeof connectResults)[number];
