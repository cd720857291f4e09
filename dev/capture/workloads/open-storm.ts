// Workload for the lost-events capture: as comm "pctl-storm", opens /etc/hostname as fast as it can for one
// second, then ten more times at a walking pace (the kernel reports what was lost with the next event that fits).
import { closeSync, openSync } from 'node:fs';

process.title = 'pctl-storm';
const open = () => closeSync(openSync('/etc/hostname', 'r'));
const stormUntil = Date.now() + 1000;
while (Date.now() < stormUntil) for (let i = 0; i < 1000; i++) open();
await new Promise((resolve) => setTimeout(resolve, 1000));
for (let i = 0; i < 10; i++) {
  open();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
