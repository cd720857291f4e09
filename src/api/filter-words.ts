// What each filter of a probe expects, in words: said when a value is refused, wherever it was given (run's options, the library, a runbook).
import type { Expected } from '../core/zod-words.js';
import type { FilterName } from '../plan/filters.js';

const port = 'a port (a whole number from 1 to 65535)';

/** The filters whose values zod checks as numbers; comm's own problems (length, characters) are worded by its schema. */
export const expectedFilters: Partial<Record<FilterName, string>> & Expected = {
  pid: 'a process id (a whole number from 1)',
  port,
  lport: port,
  rport: port,
  family: '4 or 6',
};
