// The CPU workloads of the profile captures: C++ built here with g++ and run once, spinning in frames with C++ names.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../../src/plan/package-root.js';
import { captureCommand } from '../capture.js';
import type { Workload } from './index.js';

let built: string | undefined;

/** pctl-shapes, built once per capture run (its comm is its file name). */
function shapes(): string {
  if (built !== undefined) return built;
  const dir = join(tmpdir(), 'pctl-shapes');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'pctl-shapes');
  execFileSync('g++', ['-O1', '-g', '-fno-omit-frame-pointer', '-o', out, join(packageRoot(), 'dev', 'capture', 'workloads', 'pctl-shapes.cpp')]);
  return (built = out);
}

/** After `delaySeconds`, spins `seconds` in geo::Shape<double>::area, called by burn(std::map<...>&, double), then exits at once. */
export const cppBurn = (seconds: number, delaySeconds = 0): Workload => ({
  describe:
    `${delaySeconds > 0 ? `After ${delaySeconds} s, a` : 'A'} C++ program built here with g++ -O1 -g -fno-omit-frame-pointer, comm "pctl-shapes", spun ${seconds} s on one CPU in ` +
    'geo::Shape<double>::area(int, std::string const&) const, called from burn(std::map<std::string, std::vector<int>>&, double), and exited.',
  async run() {
    const path = shapes();
    await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
    const result = await captureCommand({ argv: [path, String(seconds)], durationMs: (seconds + 10) * 1000 });
    if (result.exitCode !== 0) throw new Error(`pctl-shapes ended with ${result.exitCode ?? result.signal}: ${result.stderr.toString().trim()}`);
  },
});
