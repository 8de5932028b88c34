// voxbench: the services without a window.
import { parseArgs } from 'node:util';
import { appRoot } from './appRoot.js';
import { runBrowserMode } from './browserMode.js';
import { VoxbenchError } from './errors.js';
import { openScan } from './io/registry.js';
import { valueStats } from './volume/model.js';

const usage = `Usage:
  voxbench serve [--port N] [--open PATH]   browser mode on 127.0.0.1
  voxbench info [--json] [--dataset P | --series UID] [--frame N] PATH
                                            what a scan holds: format, geometry, value range`;

async function info(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, dataset: { type: 'string' }, series: { type: 'string' }, frame: { type: 'string' } },
    allowPositionals: true,
  });
  const path = positionals[0];
  if (!path) throw new VoxbenchError('Usage', usage);
  const source = await openScan(path, { choice: values.dataset ?? values.series, frame: values.frame === undefined ? undefined : Number(values.frame) });
  try {
    const summary = { ...source.meta, ...(await valueStats(source)) };
    if (values.json) return console.log(JSON.stringify(summary));
    const { name, format, dims, spacing, unit, dtype, storedType, min, max, mean } = summary;
    console.log(`${name}: ${format}, ${dims.join('×')} voxels of ${spacing.map((s) => +s.toFixed(4)).join('×')} ${unit}, ${storedType}${storedType === dtype ? '' : ` → ${dtype}`}`);
    console.log(`values ${min} … ${max}, mean ${mean.toFixed(3)}`);
  } finally {
    await source.close();
  }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, open: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new VoxbenchError('Usage', `--port must be 0-65535, not ${values.port}.`);
  await runBrowserMode(appRoot, { port, open: values.open });
}

const commands: Record<string, (args: string[]) => Promise<void>> = { info, serve };

const [command, ...rest] = process.argv.slice(2);
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(usage);
  process.exit(command ? 2 : 0);
}
run(rest).catch((error: Error) => {
  console.error(error instanceof VoxbenchError ? `${error.kind}: ${error.message}` : error.stack);
  process.exit(1);
});
