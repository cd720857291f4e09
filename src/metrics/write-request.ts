// Prometheus remote write 0.1.0: time series as a protobuf prometheus.WriteRequest, snappy block-compressed, with the headers receivers expect.
import protobuf from 'protobufjs';
import snappy from 'snappyjs';

export interface Sample {
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export interface TimeSeries {
  /** __name__ and the labels, sorted by name as Prometheus wants them. */
  labels: { name: string; value: string }[];
  samples: Sample[];
}

export const REMOTE_WRITE_HEADERS = {
  'content-encoding': 'snappy',
  'content-type': 'application/x-protobuf',
  'x-prometheus-remote-write-version': '0.1.0',
} as const;

// The messages of prometheus/prompb/types.proto and remote.proto that a WriteRequest without metadata needs, with their field numbers.
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
export const writeRequestType = root.lookupType('prometheus.WriteRequest');

/** The body of one remote write request: the WriteRequest's bytes, snappy block-compressed (not the framed stream format). */
export function writeRequestBody(timeseries: readonly TimeSeries[]): Uint8Array {
  return snappy.compress(writeRequestType.encode(writeRequestType.fromObject({ timeseries })).finish());
}

/** The time series a body holds, for tests and for reading a spool back. */
export function readWriteRequest(body: Uint8Array): TimeSeries[] {
  const message = writeRequestType.decode(snappy.uncompress(body));
  const plain = writeRequestType.toObject(message, { longs: Number, defaults: true }) as { timeseries: TimeSeries[] };
  return plain.timeseries;
}
