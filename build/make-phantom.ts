// Writes the default scan a first-time user sees: assets/shepp-logan.nii.gz.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { niftiWriter } from '../electron/io/niftiWrite.js';
import { onlySlab } from '../electron/io/writeScan.js';
import { defaultPhantomGrid, sampleSheppLogan } from '../electron/volume/phantom.js';

const target = fileURLToPath(new URL('../../assets/shepp-logan.nii.gz', import.meta.url));
await mkdir(dirname(target), { recursive: true });
const meta = { ...defaultPhantomGrid, name: 'Voxbench 3-D Shepp-Logan phantom', dtype: 'int16' as const, unit: 'mm' };
await niftiWriter.write(target, meta, onlySlab(sampleSheppLogan(defaultPhantomGrid)));
console.log(`wrote ${target}`);
