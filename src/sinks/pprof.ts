// pprof: stacks and their sample values as a gzipped profile.proto (the format `go tool pprof`, Parca, Pyroscope and speedscope read).
import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';

/** One frame of a stack: the function's name as the tool printed it (demangled where it was), and the binary or library it is in. */
export interface PprofFrame {
  function: string;
  module?: string;
}

/** One stack and its values, in the order of `sampleTypes`; `frames` is leaf first, as pprof stores them. */
export interface PprofSample {
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

/**
 * Encodes the samples as a profile.proto, gzipped as pprof files are. A function is one per (name, module), a location one
 * per function (the frames carry names, not addresses), a mapping one per module with `hasFunctions` set so that readers
 * do not try to symbolize addresses. Samples with the same frames and labels are not merged: values are written as given.
 * Throws on a sample whose value count differs from the sample types' (a caller's bug, not data).
 */
export function encodePprof(input: PprofInput): Buffer {
  const strings = new StringTable();
  const mappingIds = new Map<string, number>();
  const mappings: Mapping[] = [];
  const locationIds = new Map<string, number>();
  const locations: Location[] = [];
  const functions: PprofFunction[] = [];

  const mappingOf = (module: string | undefined): number => {
    if (module === undefined || module === '') return 0;
    let id = mappingIds.get(module);
    if (id === undefined) {
      id = mappings.length + 1;
      mappingIds.set(module, id);
      mappings.push(new Mapping({ id, filename: strings.dedup(module), hasFunctions: true }));
    }
    return id;
  };

  const locationOf = (frame: PprofFrame): number => {
    // NUL cannot appear in a symbol or a path, so it separates the two parts of the key.
    const key = `${frame.function}\0${frame.module ?? ''}`;
    let id = locationIds.get(key);
    if (id === undefined) {
      id = locations.length + 1;
      locationIds.set(key, id);
      const name = strings.dedup(frame.function);
      functions.push(new PprofFunction({ id, name, systemName: name }));
      locations.push(new Location({ id, mappingId: mappingOf(frame.module), line: [new Line({ functionId: id })] }));
    }
    return id;
  };

  const sampleTypes = input.sampleTypes.map((t) => new ValueType({ type: strings.dedup(t.type), unit: strings.dedup(t.unit) }));
  const samples = input.samples.map((s) => {
    if (s.values.length !== sampleTypes.length) throw new Error(`pprof sample has ${s.values.length} values for ${sampleTypes.length} sample types`);
    const label = Object.entries(s.labels ?? {}).map(([key, value]) => new Label({ key: strings.dedup(key), str: strings.dedup(value) }));
    return new Sample({ locationId: s.frames.map(locationOf), value: s.values, label });
  });

  const profile = new Profile({
    sampleType: sampleTypes,
    sample: samples,
    mapping: mappings,
    location: locations,
    function: functions,
    stringTable: strings,
    ...(input.periodType && { periodType: new ValueType({ type: strings.dedup(input.periodType.type), unit: strings.dedup(input.periodType.unit) }) }),
    ...(input.period !== undefined && { period: input.period }),
    ...(input.durationNanos !== undefined && { durationNanos: input.durationNanos }),
    ...(input.timeNanos !== undefined && { timeNanos: input.timeNanos }),
  });
  return gzipSync(profile.encode());
}
