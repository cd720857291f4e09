// A throw-away Prometheus for live tests: scrapes one target every second, or takes remote write, and answers PromQL through its HTTP API.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

export const PROMETHEUS = '/usr/bin/prometheus';

export interface QueryResult {
  metric: Record<string, string>;
  value: number;
}

export interface Prometheus {
  /** Where its remote write receiver listens (started by startPrometheusReceiver). */
  writeUrl: string;
  /** An instant query: each series with its value. */
  query(expr: string): Promise<QueryResult[]>;
  stop(): Promise<void>;
}

/** Starts Prometheus with its data and config in dir, scraping target (HOST:PORT) at /metrics every second as job "probectl". */
export function startPrometheus(target: string, dir: string): Promise<Prometheus> {
  return startWithConfig(
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: probectl\n    static_configs:\n      - targets: ['${target}']\n`,
    dir,
    [],
  );
}

/** Starts Prometheus scraping nothing, with its remote write receiver on (--web.enable-remote-write-receiver). */
export function startPrometheusReceiver(dir: string): Promise<Prometheus> {
  return startWithConfig('global:\n  scrape_interval: 1m\n', dir, ['--web.enable-remote-write-receiver']);
}

async function startWithConfig(configText: string, dir: string, flags: string[]): Promise<Prometheus> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, configText);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerProcess(
    [PROMETHEUS, `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, ...flags],
    `${base}/-/ready`,
  );
  return {
    writeUrl: `${base}/api/v1/write`,
    async query(expr) {
      const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (body.status !== 'success') throw new Error(`Prometheus refused ${expr}: ${body.error}\n${server.output()}`);
      return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    stop: () => server.stop(),
  };
}
