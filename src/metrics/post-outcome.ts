// One POST of pushed metrics and what its answer means: sent, worth trying again (no answer, 5xx, 429), or refused for good (any other 4xx).
export type PostOutcome = { kind: 'sent' } | { kind: 'retry'; problem: string; retryAfterMs?: number } | { kind: 'refused'; problem: string };

export const POST_TIMEOUT_MS = 5000;

export async function post(url: URL, headers: Record<string, string>, body: string | Uint8Array): Promise<PostOutcome> {
  let response: Response;
  let reply: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    reply = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') return { kind: 'retry', problem: `no answer within ${POST_TIMEOUT_MS / 1000} s` };
    return { kind: 'retry', problem: cause?.code ?? cause?.message ?? (error as Error).message };
  }
  if (response.ok) return { kind: 'sent' };
  const problem = `HTTP ${response.status} ${response.statusText}${reply.trim() === '' ? '' : `: ${reply.trim().split('\n')[0]!.slice(0, 200)}`}`;
  if (response.status >= 500 || response.status === 429) return { kind: 'retry', problem, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  return { kind: 'refused', problem };
}

/** Retry-After in seconds (the form receivers use), or undefined. */
function retryAfterMs(header: string | null): number | undefined {
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
