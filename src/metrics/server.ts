// The HTTP server of --metrics: Prometheus text exposition at /metrics, 404 elsewhere, for as long as the run lasts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProbectlError } from '../core/errors.js';
import type { ListenAddress } from './options.js';

export interface Exposition {
  text(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsServer {
  /** Where it listens, with the port the system gave for port 0. */
  readonly url: string;
  close(): Promise<void>;
}

const hostInUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** Listens on address; a port in use, or an address not on this machine, is a ProbectlError. */
export async function serveMetrics(address: ListenAddress, metrics: Exposition): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${(error as Error).message}\n`),
    );
  });
  await listen(server, address);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostInUrl(address.host)}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a scraper's keep-alive connection would hold the close up
      }),
  };
}

function listen(server: Server, { host, port }: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host, () => resolve());
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): ProbectlError {
  const where = `${hostInUrl(host)}:${port}`;
  const options = { cause: error };
  switch (error.code) {
    case 'EADDRINUSE':
      return new ProbectlError(
        'USAGE',
        `cannot serve metrics on ${where}: the port is in use.`,
        `Choose another port with --metrics HOST:PORT, or find what listens there: ss -ltnp 'sport = :${port}'.`,
        options,
      );
    case 'EADDRNOTAVAIL':
      return new ProbectlError(
        'USAGE',
        `cannot serve metrics on ${where}: ${host} is not an address of this machine.`,
        "Use one of its addresses ('ip -br addr'), 127.0.0.1 or 0.0.0.0 (all).",
        options,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ProbectlError(
        'USAGE',
        `cannot serve metrics on ${where}: the host name ${host} does not resolve.`,
        'Use an address (127.0.0.1, 0.0.0.0) or a name this machine resolves.',
        options,
      );
    case 'EACCES':
      return new ProbectlError(
        'USAGE',
        `cannot serve metrics on ${where}: permission denied.`,
        'Ports below 1024 need privileges; use a higher port (Prometheus exporters commonly use 9100 to 9999).',
        options,
      );
    default:
      return new ProbectlError('USAGE', `cannot serve metrics on ${where}: ${error.message}`, 'Check --metrics HOST:PORT.', options);
  }
}
