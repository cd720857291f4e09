// A throw-away VictoriaMetrics for live tests: takes pushes at /api/v1/import/prometheus and remote write at /api/v1/write, gives back every stored sample through /api/v1/export.
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

export const VICTORIA_METRICS = '/usr/bin/victoria-metrics';

export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export interface VictoriaMetrics {
  importUrl: string;
  writeUrl: string;
  /** host:port, as the docs' examples name it. */
  address: string;
  /** Every series matching the selector with all its samples, after a flush that makes the latest pushes searchable. */
  exportSeries(selector: string): Promise<ExportedSeries[]>;
  /** An instant PromQL query through /api/v1/query, after the same flush: each series with its value (asked again for up to 15 s while none). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

export async function startVictoriaMetrics(dir: string): Promise<VictoriaMetrics> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerProcess(
    [VICTORIA_METRICS, `-storageDataPath=${join(dir, 'data')}`, `-httpListenAddr=127.0.0.1:${port}`, '-search.latencyOffset=0s', '-loggerLevel=ERROR'],
    `${base}/health`,
  );
  return {
    importUrl: `${base}/api/v1/import/prometheus`,
    writeUrl: `${base}/api/v1/write`,
    address: `127.0.0.1:${port}`,
    async exportSeries(selector) {
      await (await fetch(`${base}/internal/force_flush`)).text();
      const response = await fetch(`${base}/api/v1/export?match[]=${encodeURIComponent(selector)}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`VictoriaMetrics export failed: HTTP ${response.status} ${text}\n${server.output()}`);
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as ExportedSeries);
    },
    async query(expr) {
      // A series just written is in the export at once but may take a moment to reach instant queries: ask again a while.
      const deadline = Date.now() + 15_000;
      for (;;) {
        await (await fetch(`${base}/internal/force_flush`)).text();
        const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
        const body = (await response.json()) as {
          status: string;
          error?: string;
          data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        if (body.status !== 'success') throw new Error(`VictoriaMetrics refused ${expr}: ${body.error}\n${server.output()}`);
        const result = body.data!.result;
        if (result.length > 0 || Date.now() > deadline) return result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    stop: () => server.stop(),
  };
}
