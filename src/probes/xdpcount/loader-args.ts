// The command-line arguments both xdpcount loaders take, from the checked settings.
import { classMask, type XdpcountOptions } from './options.js';

export function loaderArgs(options: XdpcountOptions): string[] {
  return [
    '--iface',
    options.iface,
    '--interval-ms',
    String(Math.round(options.interval * 1000)),
    '--mode',
    options.mode,
    '--class-mask',
    `0x${classMask(options.filter).toString(16)}`,
    '--top',
    String(options.top),
    ...(options.excludeDns ? ['--exclude-dns'] : []),
  ];
}
