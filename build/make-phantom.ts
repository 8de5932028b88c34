// Writes the default scan a first-time user sees: assets/shepp-logan.nii.gz.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNifti } from '../electron/io/niftiWrite.js';
import { defaultPhantomGrid, sampleSheppLogan } from '../electron/volume/phantom.js';

const target = fileURLToPath(new URL('../../assets/shepp-logan.nii.gz', import.meta.url));
await mkdir(dirname(target), { recursive: true });
await writeNifti(target, {
  ...defaultPhantomGrid,
  voxels: sampleSheppLogan(defaultPhantomGrid),
  dtype: 'int16',
  description: 'Voxbench 3-D Shepp-Logan phantom',
});
console.log(`wrote ${target}`);
