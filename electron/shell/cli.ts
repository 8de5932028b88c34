// voxbench: the services without a window. Each command's module loads only when it runs: a batch task on a
// cluster node starts the CLI once per scan, and `--help` should not wait for every service to load.
import { usage } from './cliUsage.js';
import { VoxbenchError } from '../common/errors.js';

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, () => Promise<Command>> = {
  info: async () => (await import('./scanCli.js')).info,
  convert: async () => (await import('./scanCli.js')).convert,
  serve: async () => (await import('./scanCli.js')).serve,
  open: async () => (await import('./scanCli.js')).open,
  models: async () => (await import('./inferenceCli.js')).models,
  segment: async () => (await import('./inferenceCli.js')).segment,
  deidentify: async () => (await import('./deidentifyCli.js')).deidentify,
  gpu: async () => (await import('./gpuCli.js')).gpu,
  sync: async () => (await import('./syncCli.js')).sync,
  recipe: async () => (await import('./recipeCli.js')).recipe,
  batch: async () => (await import('./batchCli.js')).batch,
};

const [command, ...rest] = process.argv.slice(2);
const known = command !== undefined && Object.hasOwn(commands, command);
// Asked for, usage is the answer (stdout, success); after an unknown command it is the error.
if (!command || ['help', '--help', '-h'].includes(command) || (known && rest.some((word) => word === '--help' || word === '-h'))) {
  console.log(usage);
  process.exit(0);
}
if (!known) {
  console.error(usage);
  process.exit(2);
}
commands[command]!().then((run) => run(rest)).catch((error: Error) => {
  console.error(error instanceof VoxbenchError ? `${error.kind}: ${error.message}` : error.stack);
  process.exit(1);
});
