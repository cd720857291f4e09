// What every lab command needs before it touches the machine: root, a working `ip netns`, and `nft`.
import { ProbectlError } from '../core/errors.js';
import { OneShotFailed } from '../core/one-shot.js';
import { labCommand } from './lab-command.js';

const TOOLS = [
  { name: 'ip netns', argv: ['ip', 'netns', 'list'], packages: 'iproute2 (Debian, Ubuntu) or iproute (Fedora, RHEL)' },
  { name: 'nft', argv: ['nft', '--version'], packages: 'nftables' },
] as const;

export async function checkLabPrerequisites(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new ProbectlError(
      'PRIVILEGES',
      'the lab needs root: it creates network namespaces, veth interfaces and nftables rules.',
      'Run it as root, e.g. sudo probectl lab up.',
    );
  for (const tool of TOOLS) {
    try {
      await labCommand(tool.argv);
    } catch (error) {
      const missing = error instanceof OneShotFailed && error.errno === 'ENOENT';
      const detail = error instanceof OneShotFailed ? error.detail : String(error);
      throw new ProbectlError(
        'LAB',
        missing ? `\`${tool.name}\` is missing: the lab cannot be built without it.` : `\`${tool.argv.join(' ')}\` does not work here: ${detail}`,
        `Install the package ${tool.packages}, e.g. apt-get install -y ${tool.packages.split(' ')[0]}.`,
        { cause: error },
      );
    }
  }
}
