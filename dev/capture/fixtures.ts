// Machine set-ups some captures need, each undone afterwards: kernel headers linked for BCC, the lab's lossy two-namespace network.
import { existsSync, readlinkSync, readdirSync } from 'node:fs';
import { mkdir, rmdir, symlink, unlink } from 'node:fs/promises';
import { release } from 'node:os';
import { holdLab, labDown, labUp } from '../../src/lab/index.js';

export interface Fixture {
  readonly name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

/**
 * Links the installed Debian headers (linux-headers-amd64, older than the running kernel) as
 * /lib/modules/$(uname -r)/{build,source}, so BCC compiles. Refuses if anything is there already.
 */
export const kernelHeaders: Fixture = (() => {
  const dir = `/lib/modules/${release()}`;
  const created: string[] = []; // removed in reverse order by tearDown, and nothing else
  return {
    name: 'kernel-headers',
    async setUp() {
      if (existsSync(`${dir}/build`) || existsSync(`${dir}/source`)) throw new Error(`${dir}/build or source exists already: not touching it`);
      const donor = !existsSync('/lib/modules')
        ? undefined
        : readdirSync('/lib/modules').find((v) => v !== release() && existsSync(`/lib/modules/${v}/build/Makefile`));
      if (donor === undefined) throw new Error('no kernel headers installed: apt-get install -y --no-install-recommends linux-headers-amd64');
      if (!existsSync(dir)) await mkdir(dir).then(() => created.push(dir));
      for (const link of ['build', 'source'])
        await symlink(readlinkSync(`/lib/modules/${donor}/${link}`), `${dir}/${link}`).then(() => created.push(`${dir}/${link}`));
    },
    async tearDown() {
      for (let path = created.pop(); path !== undefined; path = created.pop()) await (path === dir ? rmdir(path) : unlink(path));
    },
  };
})();

/** The lab (src/lab) with 5 % loss: pctl-a (10.201.0.1) sends to pctl-b (10.201.0.2), which drops ~5 % of TCP packets to port 5001. */
export const lossyNetwork: Fixture = (() => {
  let release: (() => void) | undefined; // the lab is ours from setUp to tearDown: no one else's up or down in between
  return {
    name: 'lossy-network',
    async setUp() {
      release = await holdLab();
      await labUp({ loss: 5 }); // replaces the leftovers of an interrupted run
    },
    async tearDown() {
      try {
        await labDown();
      } finally {
        release?.();
      }
    },
  };
})();
