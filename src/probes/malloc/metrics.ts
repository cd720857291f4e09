// malloc's Prometheus series: bytes and allocations each process still holds (over every stack), and allocator calls per function.
import type { MetricsPart } from '../../tally/metrics-part.js';

export const mallocMetrics: MetricsPart<'memory.outstanding' | 'memory.rate'> = (kit) => {
  const pids = kit.bounded('pids');
  const held = kit.gauge('probectl_memory_outstanding_bytes', 'Bytes a process still holds in allocations older than --min-age, at the last report.', [
    'probe',
    'pid',
  ]);
  const allocations = kit.gauge('probectl_memory_outstanding_allocations', 'Its allocations still held, at the last report.', ['probe', 'pid']);
  const calls = kit.counter('probectl_memory_calls_total', 'Allocator calls, by function.', ['probe', 'pid', 'function']);
  const bytes = kit.counter('probectl_memory_call_bytes_total', 'Bytes asked for (allocators) or given back (free), by function.', [
    'probe',
    'pid',
    'function',
  ]);
  return {
    // Every event of a report carries the process's totals; the first (rank 1) sets them.
    'memory.outstanding': (event) => {
      if (event.rank !== 1) return;
      held.set({ probe: event.probe, pid: pids.of(String(event.pid)) }, event.total_bytes);
      allocations.set({ probe: event.probe, pid: pids.of(String(event.pid)) }, event.total_allocations);
    },
    'memory.rate': (event) => {
      const labels = { probe: event.probe, pid: pids.of(String(event.pid)), function: event.function };
      calls.inc(labels, event.calls);
      bytes.inc(labels, event.bytes);
    },
  };
};
