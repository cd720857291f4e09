// Where --publish sends events: nats://[USER:PASS@]HOST[:PORT][/PREFIX], checked with zod; PREFIX starts every subject (default probectl).
import * as z from '../events/zod.js';

export interface NatsTarget {
  /** HOST:PORT as the client takes it. */
  server: string;
  user?: string;
  pass?: string;
  /** The subjects' first tokens, e.g. `probectl` or `site1.probectl`. */
  prefix: string;
  /** The URL for messages, its password hidden. */
  shown: string;
}

export const DEFAULT_PREFIX = 'probectl';
const DEFAULT_PORT = 4222;
const prefixPattern = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export const natsUrlSchema = z.pipe(
  z.string(),
  z.transform((text, ctx): NatsTarget => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    const path = url === undefined ? '' : decodeURIComponent(url.pathname.replace(/^\//, '').replace(/\/$/, '')).replaceAll('/', '.');
    if (url === undefined || url.protocol !== 'nats:' || url.hostname === '' || (path !== '' && !prefixPattern.test(path))) {
      ctx.issues.push({
        input: ctx.value,
        code: 'custom',
        message: `must be nats://HOST:PORT[/PREFIX] (nats://127.0.0.1:4222, nats://bus:4222/site1), PREFIX of letters, digits, _ and -, not "${text}"`,
      });
      return z.NEVER;
    }
    const shown = new URL(url.href);
    if (shown.password !== '') shown.password = '***';
    return {
      server: `${url.hostname}:${url.port === '' ? DEFAULT_PORT : url.port}`,
      ...(url.username !== '' && { user: decodeURIComponent(url.username) }),
      ...(url.password !== '' && { pass: decodeURIComponent(url.password) }),
      prefix: path === '' ? DEFAULT_PREFIX : path,
      shown: shown.href,
    };
  }),
);

/** The stream a prefix's events are kept in when --stream does not name one: PROBECTL for probectl, SITE1_PROBECTL for site1.probectl. */
export const defaultStreamName = (prefix: string): string => prefix.toUpperCase().replaceAll(/[^A-Z0-9_-]/g, '_');
