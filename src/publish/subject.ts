// The subject of an event: PREFIX.<host>.<event type>, each token cut to what NATS allows in one.

/** A token NATS routes as one: letters, digits, _ and - kept, anything else (dots, spaces, * and >) as _. */
export function subjectToken(text: string): string {
  const token = text.replaceAll(/[^A-Za-z0-9_-]/g, '_');
  return token === '' ? '_' : token;
}

/** `probectl.web1.tcp.retransmit`: the type keeps its dots, so `probectl.*.tcp.>` takes every host's TCP events. */
export function eventSubject(prefix: string, host: string, type: string): string {
  return `${prefix}.${subjectToken(host)}.${type.split('.').map(subjectToken).join('.')}`;
}

/** The subjects a stream of the prefix's events holds; alerts go to PREFIX.alerts, which this covers too. */
export const streamSubjects = (prefix: string): string[] => [`${prefix}.>`];

/** Every event whatever its host and type (at least PREFIX.host.a.b), not the alerts. */
export const eventsFilter = (prefix: string): string => `${prefix}.*.*.>`;

export const alertsSubject = (prefix: string): string => `${prefix}.alerts`;
