// Reading the flame graphs of a report back: each frame's name, width and label from the page, and the hot function of a recording.
import type { EventOf } from '../../src/events/index.js';

const unescape = (text: string): string =>
  text.replace(/&(lt|gt|amp|quot|apos|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#39': "'" })[e]!);

/** Each frame of the flame graphs in a page: its name (from data-name), its width in samples or bytes, and its label if drawn. */
export function flameFrames(html: string): Array<{ name: string; weight: number; label?: string }> {
  return [...html.matchAll(/<g class="frame" data-name="([^"]*)" data-samples="(\d+)">((?:(?!<g )[\s\S])*?)<\/g>/g)].map((m) => {
    const label = /<text[^>]*>([^<]*)<\/text>/.exec(m[3]!);
    return { name: unescape(m[1]!), weight: Number(m[2]), ...(label !== null && { label: unescape(label[1]!) }) };
  });
}

/** The function most samples of the recording were in (the leaf user frame), and the samples whose user stack holds it. */
export function hotFunction(events: readonly EventOf<'profile.stack'>[]): { fn: string; samples: number; total: number } {
  const leaves = new Map<string, number>();
  for (const e of events) if (e.ustack[0] !== undefined) leaves.set(e.ustack[0].fn, (leaves.get(e.ustack[0].fn) ?? 0) + e.count);
  const fn = [...leaves].sort((a, b) => b[1] - a[1])[0]![0];
  const samples = events.filter((e) => e.ustack.some((f) => f.fn === fn)).reduce((n, e) => n + e.count, 0);
  return { fn, samples, total: events.reduce((n, e) => n + e.count, 0) };
}
