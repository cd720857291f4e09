// A file's text where it can be read, and '' where it cannot: for the host's files that may be absent (/proc, /sys).
import { readFileSync } from 'node:fs';

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
