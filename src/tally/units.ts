// Numbers for people: bytes in binary units, bit rates in decimal ones, durations from ms to hours.
import { plural as countOf } from '../core/plural.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const BIT_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];

/** Three significant digits or more: 999, 1.00 K, 12.3 K, 123 K. */
function scaled(value: number, base: number, units: string[]): string {
  let i = 0;
  while (Math.abs(value) >= base && i < units.length - 1) {
    value /= base;
    i++;
  }
  const digits = i === 0 || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[i]}`;
}

export const bytes = (n: number): string => scaled(n, 1024, BYTE_UNITS);

/** KiB as the tools' TX_KB and RX_KB columns give them. */
export const kib = (n: number): string => bytes(n * 1024);

export const bitRate = (bitsPerSecond: number): string => scaled(bitsPerSecond, 1000, BIT_UNITS);

export function rate(perSecond: number, unit: string): string {
  return `${perSecond >= 100 ? count(Math.round(perSecond)) : perSecond.toFixed(perSecond >= 10 ? 1 : 2)} ${unit}`;
}

export function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** 12345 → "12,345". */
export const count = (n: number): string => n.toLocaleString('en-US');

/** "1,234 events", "1 event": a count with its noun. */
/** `3 events`, `1 event`, the number grouped as count() writes it: core's plural for people's text. */
export const plural = (n: number, one: string, many = `${one}s`): string => countOf(n, one, many, count);

/** "2026-11-20 02:05:06 UTC" from epoch ms. */
export const utc = (ts: number): string => new Date(ts).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
