// voxbench deidentify: DICOM PS3.15's Basic Application Level Confidentiality Profile on a file or a folder.
import { parseArgs } from 'node:util';
import { VoxbenchError } from '../common/errors.js';
import { deidentifySession } from '../services/deidentify/deidentify.js';
import { deidentifyPath } from '../services/deidentify/files.js';
import { deidentifyUsage } from './cliUsage.js';

export async function deidentify(args: string[]): Promise<void> {
  const options = { 'shift-days': { type: 'string' }, 'confirm-burned-in': { type: 'boolean' } } as const;
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true });
  const [input, output] = positionals;
  if (!input || !output) throw new VoxbenchError('Usage', deidentifyUsage);
  const shiftDays = values['shift-days'] === undefined ? undefined : Number(values['shift-days']);
  if (shiftDays !== undefined && !Number.isInteger(shiftDays)) throw new VoxbenchError('Usage', `--shift-days takes whole days, not ${values['shift-days']}.`);
  const files = await deidentifyPath(input, output, deidentifySession({ shiftDays }), values['confirm-burned-in']);
  files.filter((file) => file.burnedIn).forEach((file) => console.log(`warning: ${file.input}: ${file.burnedIn}`));
  console.log(`de-identified ${files.length} file(s) into ${output}`);
}
