// execsnoop's Prometheus series: execs by command name, failed execs by errno.
import type { MetricsPart } from '../../tally/metrics-part.js';
import { commandOf } from './summary.js';

export const execsnoopMetrics: MetricsPart<'process.exec'> = (kit) => {
  const comms = kit.bounded('comms');
  const errnos = kit.bounded('errnos');
  const execs = kit.counter('probectl_process_execs_total', 'execve() and execveat() calls (process.exec events), by command name.', ['probe', 'comm']);
  const failed = kit.counter('probectl_process_exec_failures_total', 'Execs that failed, by errno (2 ENOENT, 13 EACCES, ...).', ['probe', 'errno']);
  return {
    'process.exec': (event) => {
      execs.inc({ probe: event.probe, comm: comms.of(commandOf(event)) });
      if (event.errno !== undefined) failed.inc({ probe: event.probe, errno: errnos.of(String(event.errno)) });
    },
  };
};
