// Writes samples with stacks as a gzipped pprof profile (profile.proto), which `go tool pprof` reads.
import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export interface PprofFrame {
  function: string;
  module?: string;
}

export interface PprofSample {
  /** Leaf first. */
  frames: PprofFrame[];
  values: number[];
  labels?: Record<string, string>;
}

export interface PprofInput {
  sampleTypes: { type: string; unit: string }[];
  samples: PprofSample[];
  periodType?: { type: string; unit: string };
  period?: number;
  durationNanos?: number;
  timeNanos?: number;
}

/** One function and one location per distinct (function, module); one mapping per module. */
export function encodePprof(input: PprofInput): Buffer {
  const strings = new StringTable();
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  const mappings: Mapping[] = [];
  const locationIds = new Map<string, number>();
  const mappingIds = new Map<string, number>();
  const mappingOf = (module: string | undefined): number => {
    if (module === undefined) return 0;
    let id = mappingIds.get(module);
    if (id === undefined) {
      id = mappings.length + 1;
      mappingIds.set(module, id);
      mappings.push(new Mapping({ id, filename: strings.dedup(module), hasFunctions: true }));
    }
    return id;
  };
  const locationOf = (frame: PprofFrame): number => {
    const key = `${frame.function}\0${frame.module ?? ''}`;
    let id = locationIds.get(key);
    if (id === undefined) {
      id = locations.length + 1;
      locationIds.set(key, id);
      const name = strings.dedup(frame.function);
      functions.push(new PprofFunction({ id, name, systemName: name, ...(frame.module !== undefined && { filename: strings.dedup(frame.module) }) }));
      locations.push(new Location({ id, mappingId: mappingOf(frame.module), line: [new Line({ functionId: id })] }));
    }
    return id;
  };
  const sampleType = input.sampleTypes.map((t) => new ValueType({ type: strings.dedup(t.type), unit: strings.dedup(t.unit) }));
  const sample = input.samples.map(
    (s) =>
      new Sample({
        locationId: s.frames.map(locationOf),
        value: s.values,
        label: Object.entries(s.labels ?? {}).map(([key, value]) => new Label({ key: strings.dedup(key), str: strings.dedup(value) })),
      }),
  );
  const profile = new Profile({
    sampleType,
    sample,
    mapping: mappings,
    location: locations,
    function: functions,
    stringTable: strings,
    ...(input.periodType !== undefined && {
      periodType: new ValueType({ type: strings.dedup(input.periodType.type), unit: strings.dedup(input.periodType.unit) }),
    }),
    ...(input.period !== undefined && { period: input.period }),
    ...(input.durationNanos !== undefined && { durationNanos: input.durationNanos }),
    ...(input.timeNanos !== undefined && { timeNanos: input.timeNanos }),
  });
  return gzipSync(profile.encode());
}
