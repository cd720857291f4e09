// The pprof writer: what it encodes decodes back to the same stacks, values, labels and modules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { encodePprof, type PprofSample } from '../../src/sinks/pprof.js';

/** The profile read back as plain data: every sample's frames (leaf first) as `function@module`, its values and labels. */
export function decodePprof(gzipped: Buffer) {
  const profile = Profile.decode(gunzipSync(gzipped));
  const text = (i: number | bigint) => profile.stringTable.strings[Number(i)]!;
  const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
  const mappings = new Map(profile.mapping.map((m) => [Number(m.id), text(m.filename)]));
  const locations = new Map(
    profile.location.map((l) => {
      const fn = functions.get(Number(l.line[0]!.functionId))!;
      const module = mappings.get(Number(l.mappingId));
      return [Number(l.id), module === undefined ? text(fn.name) : `${text(fn.name)}@${module}`];
    }),
  );
  return {
    profile,
    sampleTypes: profile.sampleType.map((t) => `${text(t.type)}/${text(t.unit)}`),
    periodType: profile.periodType && `${text(profile.periodType.type)}/${text(profile.periodType.unit)}`,
    samples: profile.sample.map((s) => ({
      frames: s.locationId.map((id) => locations.get(Number(id))!),
      values: s.value.map(Number),
      labels: Object.fromEntries(s.label.map((l) => [text(l.key), text(l.str)])),
    })),
  };
}

describe('encodePprof', () => {
  const samples: PprofSample[] = [
    {
      frames: [
        { function: 'spin_here', module: '/usr/bin/spinner' },
        { function: 'main', module: '/usr/bin/spinner' },
      ],
      values: [3, 3e7],
      labels: { comm: 'spinner' },
    },
    {
      frames: [
        { function: 'std::vector<int, std::allocator<int> >::push_back(int const&)', module: '/usr/lib/libstdc++.so.6' },
        { function: 'main', module: '/usr/bin/spinner' },
        { function: 'do_syscall_64' },
      ],
      values: [1, 1e7],
      labels: { comm: 'spinner', pid: '42' },
    },
    { frames: [], values: [2, 2e7] },
  ];

  it('writes a gzipped profile whose samples decode to the same frames, values and labels', () => {
    const gz = encodePprof({
      sampleTypes: [
        { type: 'samples', unit: 'count' },
        { type: 'cpu', unit: 'nanoseconds' },
      ],
      samples,
      periodType: { type: 'cpu', unit: 'nanoseconds' },
      period: 10101010,
      durationNanos: 5e9,
      timeNanos: 1795313106103 * 1e6,
    });
    assert.deepEqual([...gz.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
    const decoded = decodePprof(gz);
    assert.deepEqual(decoded.sampleTypes, ['samples/count', 'cpu/nanoseconds']);
    assert.equal(decoded.periodType, 'cpu/nanoseconds');
    assert.equal(Number(decoded.profile.period), 10101010);
    assert.equal(Number(decoded.profile.durationNanos), 5e9);
    assert.equal(BigInt(decoded.profile.timeNanos), BigInt(1795313106103 * 1e6), 'a wall-clock time in nanoseconds is past 2^53 and kept to its double');
    assert.deepEqual(decoded.samples, [
      { frames: ['spin_here@/usr/bin/spinner', 'main@/usr/bin/spinner'], values: [3, 3e7], labels: { comm: 'spinner' } },
      {
        frames: ['std::vector<int, std::allocator<int> >::push_back(int const&)@/usr/lib/libstdc++.so.6', 'main@/usr/bin/spinner', 'do_syscall_64'],
        values: [1, 1e7],
        labels: { comm: 'spinner', pid: '42' },
      },
      { frames: [], values: [2, 2e7], labels: {} },
    ]);
  });

  it('shares one function and location per (name, module) and one mapping per module', () => {
    const { profile } = decodePprof(
      encodePprof({
        sampleTypes: [{ type: 'samples', unit: 'count' }],
        samples: [
          ...samples,
          {
            frames: [
              { function: 'main', module: '/usr/bin/other' },
              { function: 'main', module: '/usr/bin/spinner' },
            ],
            values: [1, 1],
          },
        ].map((s) => ({
          ...s,
          values: [s.values[0]!],
        })),
      }),
    );
    assert.equal(profile.function.length, 5, 'spin_here, push_back, main in spinner, do_syscall_64, main in other');
    assert.equal(profile.location.length, 5);
    assert.equal(profile.mapping.length, 3);
    assert.ok(profile.mapping.every((m) => m.hasFunctions));
    assert.deepEqual(
      profile.location.filter((l) => Number(l.mappingId) === 0).map((l) => Number(l.id)),
      [4],
      'a frame without a module has no mapping',
    );
  });

  it('refuses a sample whose value count is not the number of sample types', () => {
    assert.throws(
      () => encodePprof({ sampleTypes: [{ type: 'samples', unit: 'count' }], samples: [{ frames: [], values: [1, 2] }] }),
      /2 values for 1 sample types/,
    );
  });
});
