// The scan commands: info, convert, and browser mode (serve, open).
import { parseArgs } from 'node:util';
import { appRoot } from './appRoot.js';
import { runBrowserMode } from './browserMode.js';
import { usage } from './cliUsage.js';
import { VoxbenchError } from '../common/errors.js';
import { convertScan } from '../services/io/convert.js';
import type { OpenOptions } from '../services/io/reader.js';
import { openScan } from '../services/io/registry.js';
import { valueStats } from '../services/volume/model.js';

const pickOptions = { dataset: { type: 'string' }, series: { type: 'string' }, frame: { type: 'string' } } as const;

function parseScanArgs<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], extra: T) {
  const { values, positionals } = parseArgs({ args, options: { ...pickOptions, ...extra }, allowPositionals: true });
  const { dataset, series, frame } = values as { dataset?: string; series?: string; frame?: string };
  const options: OpenOptions = { choice: dataset ?? series, ...(frame !== undefined && { frame: Number(frame) }) };
  return { values, positionals, options };
}

export async function info(args: string[]): Promise<void> {
  const { values, positionals, options } = parseScanArgs(args, { json: { type: 'boolean' } });
  const path = positionals[0];
  if (!path) throw new VoxbenchError('Usage', usage);
  const source = await openScan(path, options);
  try {
    // `dtype` is the type as stored (as the issue and h5py/nibabel say it); `valueType` what the values become.
    const { dtype: valueType, storedType, frames, ...meta } = source.meta;
    const summary = { ...meta, dtype: storedType, valueType, ...(frames && { frames: frames.count, frame: frames.shown }), ...(await valueStats(source)) };
    if (values.json) return void console.log(JSON.stringify(summary));
    const { name, format, dims, spacing, unit, dtype, min, max, mean } = summary;
    console.log(`${name}: ${format}, ${dims.join('×')} voxels of ${spacing.map((s) => +s.toFixed(4)).join('×')} ${unit}, ${dtype}${dtype === valueType ? '' : ` → ${valueType}`}`);
    console.log(`values ${min} … ${max}, mean ${mean.toFixed(3)}`);
  } finally {
    await source.close();
  }
}

export async function convert(args: string[]): Promise<void> {
  const { positionals, options } = parseScanArgs(args, {});
  const [input, output] = positionals;
  if (!input || !output) throw new VoxbenchError('Usage', usage);
  await convertScan(input, output, options);
  console.log(`wrote ${output}`);
}

export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, open: { type: 'string' }, browse: { type: 'string', multiple: true }, 'pyramid-above': { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new VoxbenchError('Usage', `--port must be 0-65535, not ${values.port}.`);
  const above = values['pyramid-above'] === undefined ? undefined : Number(values['pyramid-above']);
  if (above !== undefined && !(above > 0)) throw new VoxbenchError('Usage', `--pyramid-above takes megabytes above 0, not ${values['pyramid-above']}.`);
  await runBrowserMode(appRoot, { port, open: values.open, browse: values.browse, ...(above && { pyramidAboveBytes: Math.round(above * 2 ** 20) }) });
}

/** `open X` is `serve --open X`. */
export const open = ([path, ...args]: string[]) => serve([...(path ? ['--open', path] : []), ...args]);
