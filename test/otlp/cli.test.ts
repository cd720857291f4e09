// probectl replay --otlp into a receiver that decodes with the OpenTelemetry protocol's definitions: one log record per event, spans, and the Prometheus numbers as OTLP metrics.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAIN } from '../cli/cli-process.js';
import { parseExposition, type Sample } from '../metrics/exposition.js';
import { repoRoot } from '../recordings.js';
import { leftovers, type Fakes, removeFakeRun, setUpFakeRun } from '../run/fakes.js';
import { attributesOf, type DataPoint, itemsOf, type Received, startReceiver } from './receiver.js';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** probectl ARGS to its end; signal(output) is called on every chunk of stdout and may send the child a signal. */
function probectl(args: string[], env: NodeJS.ProcessEnv = {}, signal?: (stdout: string) => NodeJS.Signals | undefined): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...cleanEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const send = signalled ? undefined : signal?.(stdout);
      if (send !== undefined) signalled = child.kill(send);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The test's environment without any OTEL_* variable of the machine's. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
}

/** A local endpoint that takes the Prometheus text push, keeping each body. */
async function pushReceiver(): Promise<{ bodies: string[]; url: string; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (d: string) => (body += d));
    request.on('end', () => (bodies.push(body), response.writeHead(204).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/import/prometheus`, server };
}

type Event = Record<string, unknown> & { type: string; ts: number; host: string; probe: string; seq: number };
const eventsOf = (stdout: string): Event[] => stdout.split('\n').flatMap((line) => (line === '' ? [] : [JSON.parse(line) as Event]));
const ns = (value: string | number | undefined): bigint => BigInt(value ?? -1);

/** The event's fields as log attributes hold them: all but its type, time, host and probe. */
function fieldsOf(event: Event): Record<string, unknown> {
  const { type: _type, ts: _ts, host: _host, probe: _probe, ...fields } = event;
  return fields;
}

function assertOneLogRecordPerEvent(received: readonly Received[], events: readonly Event[]): void {
  const records = itemsOf(received, '/v1/logs');
  assert.equal(records.length, events.length, 'one log record per event');
  const bySeq = new Map(records.map((r) => [attributesOf(r.item.attributes).seq, r]));
  assert.equal(bySeq.size, events.length, 'no event twice');
  for (const event of events) {
    const record = bySeq.get(event.seq);
    assert.ok(record !== undefined, `no log record of event ${event.seq}`);
    assert.equal(record.item.eventName, event.type);
    assert.equal(ns(record.item.timeUnixNano), BigInt(event.ts) * 1_000_000n);
    assert.deepEqual(attributesOf(record.item.attributes), fieldsOf(event));
    assert.equal(record.resource['host.name'], event.host);
    assert.equal(record.resource['probectl.probe'], event.probe);
  }
}

/** Every Prometheus sample, found with the same value among the OTLP metrics, and no OTLP data point without its sample. */
function assertSameNumbers(samples: readonly Sample[], received: readonly Received[]): void {
  const metrics = new Map(itemsOf(received, '/v1/metrics').map(({ item }) => [item.name!, item]));
  const pointOf = (points: readonly DataPoint[] | undefined, labels: Record<string, string>) =>
    points?.find((p) => JSON.stringify(Object.entries(attributesOf(p.attributes)).sort()) === JSON.stringify(Object.entries(labels).sort()));
  let otlpPoints = 0;
  for (const metric of metrics.values()) otlpPoints += (metric.sum ?? metric.gauge ?? metric.histogram)?.dataPoints?.length ?? 0;
  let promSeries = 0;
  for (const sample of samples) {
    const histogramName = /^(.*)_(bucket|sum|count)$/.exec(sample.name);
    const histogram = histogramName === null ? undefined : metrics.get(histogramName[1]!)?.histogram;
    if (histogram !== undefined) {
      const { le, ...labels } = sample.labels;
      const point = pointOf(histogram.dataPoints, labels);
      assert.ok(point !== undefined, `${sample.name} ${JSON.stringify(labels)}: no OTLP data point`);
      const counts = (point.bucketCounts ?? []).map(Number);
      if (histogramName![2] === 'sum') assert.equal(point.sum, sample.value, sample.name);
      else if (histogramName![2] === 'count') {
        assert.equal(Number(point.count), sample.value, sample.name);
        promSeries++;
      } else {
        const upTo = le === '+Inf' ? counts.length : (point.explicitBounds ?? []).indexOf(Number(le)) + 1;
        assert.ok(upTo > 0, `bucket le=${le} of ${sample.name} is not among the OTLP bounds`);
        assert.equal(
          counts.slice(0, upTo).reduce((a, b) => a + b, 0),
          sample.value,
          `${sample.name} le=${le}`,
        );
      }
      continue;
    }
    const metric = metrics.get(sample.name);
    const point = pointOf((metric?.sum ?? metric?.gauge)?.dataPoints, sample.labels);
    assert.ok(point !== undefined, `${sample.name} ${JSON.stringify(sample.labels)}: no OTLP data point`);
    assert.equal(Number(point.asInt ?? point.asDouble), sample.value, `${sample.name} ${JSON.stringify(sample.labels)}`);
    promSeries++;
  }
  assert.equal(otlpPoints, promSeries, 'as many OTLP data points as Prometheus series');
}

describe('probectl replay --otlp URL (http/protobuf, the default)', () => {
  it('sends one log record per event, a span per TCP session from its start to its end, and the numbers of the Prometheus push', {
    timeout: 60_000,
  }, async () => {
    const receiver = await startReceiver();
    const push = await pushReceiver();
    const ended = await probectl(['replay', join(repoRoot, 'recordings/tcplife/libbpf-default'), '--otlp', receiver.url, '--push', push.url]);
    await receiver.close();
    push.server.close();
    assert.equal(ended.code, 0, ended.stderr);
    const events = eventsOf(ended.stdout);
    const sessions = events.filter((e) => e.type === 'tcp.session');
    assert.ok(sessions.length > 0);
    assert.ok(
      receiver.received.every((r) => r.contentType === 'application/x-protobuf'),
      'protobuf',
    );
    assertOneLogRecordPerEvent(receiver.received, events);

    const spans = itemsOf(receiver.received, '/v1/traces');
    assert.equal(spans.length, sessions.length, 'one span per session');
    for (const session of sessions) {
      const span = spans.find((s) => attributesOf(s.item.attributes).seq === session.seq);
      assert.ok(span !== undefined, `no span of session ${session.seq}`);
      assert.equal(span.item.name, 'tcp.session');
      const end = BigInt(session.ts) * 1_000_000n;
      assert.equal(ns(span.item.endTimeUnixNano), end);
      assert.equal(ns(span.item.startTimeUnixNano), end - BigInt(Math.round((session.duration_ms as number) * 1e6)));
      assert.equal(attributesOf(span.item.attributes).lport, session.lport);
      assert.equal(span.resource['probectl.probe'], 'tcplife');
    }

    assert.equal(receiver.received.filter((r) => r.path === '/v1/metrics').length, 1, 'the metrics once, at the end');
    assert.equal(push.bodies.length, 1);
    assertSameNumbers(parseExposition(push.bodies[0]!), receiver.received);
    assert.match(ended.stderr, /; OTLP: 4 log records, 4 spans and the metrics exported to http:\/\/127\.0\.0\.1:\d+\/\n$/);
  });
});

describe('probectl replay --otlp: connects that say how long they took', () => {
  it('sends a span for each tcp.connect with a latency, ending at its ts and starting that long before, and none for one without', {
    timeout: 60_000,
  }, async () => {
    const receiver = await startReceiver();
    const ended = await probectl(['replay', join(repoRoot, 'recordings/tcpconnect/probectl'), '--otlp', receiver.url]);
    await receiver.close();
    assert.equal(ended.code, 0, ended.stderr);
    const timed = eventsOf(ended.stdout).filter((e) => e.type === 'tcp.connect' && typeof e.latency_ms === 'number');
    assert.ok(timed.length > 0);
    const spans = itemsOf(receiver.received, '/v1/traces');
    assert.deepEqual(
      spans.map((s) => [attributesOf(s.item.attributes).seq, s.item.name, ns(s.item.startTimeUnixNano), ns(s.item.endTimeUnixNano)]).sort(),
      timed
        .map((e) => [e.seq, 'tcp.connect', BigInt(e.ts) * 1_000_000n - BigInt(Math.round((e.latency_ms as number) * 1e6)), BigInt(e.ts) * 1_000_000n])
        .sort(),
    );
  });
});

describe('probectl replay --otlp with the OTEL_* variables (http/json)', () => {
  it('takes the endpoint, protocol, headers, service name and resource attributes from the environment, and keeps arrays as arrays', {
    timeout: 60_000,
  }, async () => {
    const receiver = await startReceiver();
    const push = await pushReceiver();
    const ended = await probectl(['replay', join(repoRoot, 'recordings/execsnoop/probectl'), '--otlp', '--push', push.url], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-probectl-test=yes',
      OTEL_SERVICE_NAME: 'probes-of-lab',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=lab',
    });
    await receiver.close();
    push.server.close();
    assert.equal(ended.code, 0, ended.stderr);
    const events = eventsOf(ended.stdout);
    assert.ok(
      receiver.received.every((r) => r.contentType === 'application/json' && r.headers['x-probectl-test'] === 'yes'),
      'JSON, with the header',
    );
    assertOneLogRecordPerEvent(receiver.received, events);
    const exec = events.find((e) => e.type === 'process.exec' && Array.isArray(e.args) && (e.args as string[]).length > 2)!;
    const record = itemsOf(receiver.received, '/v1/logs').find((r) => attributesOf(r.item.attributes).seq === exec.seq)!;
    assert.deepEqual(attributesOf(record.item.attributes).args, exec.args);
    assert.equal(record.resource['service.name'], 'probes-of-lab');
    assert.equal(record.resource['deployment.environment'], 'lab');
    assert.equal(itemsOf(receiver.received, '/v1/traces').length, 0, 'an exec has no duration: no span');
    assertSameNumbers(parseExposition(push.bodies[0]!), receiver.received);
  });
});

describe('probectl replay --otlp, many events and an early end', () => {
  const recording = join(repoRoot, 'recordings/opensnoop/libbpf-lost');

  it('at full speed, sends every one of thousands of events, once', { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    const ended = await probectl(['replay', recording, '--otlp', receiver.url]);
    await receiver.close();
    assert.equal(ended.code, 0, ended.stderr);
    const events = eventsOf(ended.stdout);
    assert.ok(events.length > 2000, String(events.length));
    assertOneLogRecordPerEvent(receiver.received, events);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`at recorded pace, stopped by ${signal}, sends the events it printed before it exits`, { timeout: 60_000 }, async () => {
      const receiver = await startReceiver();
      const ended = await probectl(['replay', recording, '--speed', '1', '--otlp', receiver.url], {}, (stdout) =>
        stdout.split('\n').length > 50 ? signal : undefined,
      );
      await receiver.close();
      assert.equal(ended.code, 0, ended.stderr);
      const events = eventsOf(ended.stdout);
      assert.ok(events.length > 50 && events.length < 2000, `stopped early: ${events.length} events`);
      assertOneLogRecordPerEvent(receiver.received, events);
      assert.match(ended.stderr, new RegExp(`; OTLP: ${events.length} log records, 0 spans and the metrics exported to `));
    });
});

describe('probectl run --otlp (fake probes)', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(() => ({ fakes, work, env } = setUpFakeRun('otlp-cli', ['tcplife'], {})));
  after(() => removeFakeRun(fakes, work));

  it('stopped by SIGINT, sends every event it printed, status events included, and a span per session', { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    fakes.clearPids();
    const ended = await probectl(['run', 'tcplife', '--grace', '0.3', '--otlp', receiver.url], env, (stdout) =>
      (stdout.match(/"type":"tcp.session"/g) ?? []).length >= 3 ? 'SIGINT' : undefined,
    );
    await receiver.close();
    assert.equal(ended.code, 0, ended.stderr);
    const events = eventsOf(ended.stdout);
    assert.ok(events.some((e) => e.type === 'probe.status' && e.state === 'stopped'));
    assertOneLogRecordPerEvent(receiver.received, events);
    assert.equal(itemsOf(receiver.received, '/v1/traces').length, events.filter((e) => e.type === 'tcp.session').length);
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});

describe('probectl replay --otlp when the receiver is away', () => {
  it('still replays, and says in the closing line what could not be exported', { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    await receiver.close(); // its port, now closed
    const ended = await probectl(['replay', join(repoRoot, 'recordings/tcplife/libbpf-default'), '--otlp', receiver.url]);
    assert.equal(ended.code, 0, ended.stderr);
    assert.equal(eventsOf(ended.stdout).length, 4);
    assert.match(ended.stderr, /; OTLP: 4 of 4 log records, 4 of 4 spans, the metrics could not be exported to http:\/\/127\.0\.0\.1:\d+\/ \(.+\)\n$/);
  });
});

describe('probectl replay --otlp refuses what it cannot use, exit 2, before reading the recording', () => {
  const refused = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [MAIN, 'replay', join(repoRoot, 'no-such-recording'), ...args], { encoding: 'utf8', env: { ...cleanEnv(), ...env } });

  it('a URL that is not http', () => {
    const result = refused(['--otlp', 'grpc://127.0.0.1:4317']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--otlp must be the http:\/\/ or https:\/\/ base URL of an OTLP receiver/);
  });

  it('a protocol other than http/protobuf or http/json', () => {
    const result = refused(['--otlp', 'http://127.0.0.1:4318'], { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /OTEL_EXPORTER_OTLP_PROTOCOL=grpc: probectl exports OTLP over http\/protobuf or http\/json only\./);
  });
});
