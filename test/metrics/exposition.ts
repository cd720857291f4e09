// A reader of the Prometheus text exposition format, independent of prom-client, for the tests to check what was served or pushed.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Every sample line of the text (comments and empty lines skipped); throws on a line that is not a sample. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`not a sample: ${line}`);
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
        if (label === null) throw new Error(`bad label at ${i}: ${line}`);
        i += label[0].length;
        let value = '';
        for (; line[i] !== '"'; i++) {
          if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
          if (line[i] === '\\') {
            i++;
            value += line[i] === 'n' ? '\n' : line[i];
          } else value += line[i];
        }
        labels[label[1]!] = value;
        i++;
        if (line[i] === ',') i++;
      }
      i++;
    }
    const [value] = line.slice(i).trim().split(/\s+/);
    samples.push({ name, labels, value: numberOf(value!) });
  }
  return samples;
}

function numberOf(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text);
  if (text === '' || (Number.isNaN(n) && text !== 'NaN')) throw new Error(`not a sample value: ${text}`);
  return n;
}

/** One string per series: the name and its labels sorted, as `name{a="1",b="2"}`. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${parts.join(',')}}`;
}

/** The samples as a map from seriesKey to value; a series seen twice is an error. */
export function sampleMap(samples: readonly Sample[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of samples) {
    const key = seriesKey(s.name, s.labels);
    if (map.has(key)) throw new Error(`series ${key} appears twice`);
    map.set(key, s.value);
  }
  return map;
}

/** The sum of the samples of one metric whose labels include these. */
export function total(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}
