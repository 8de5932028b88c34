// Writes the default scan a first-time user sees: assets/shepp-logan.nii.gz.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { niftiWriter } from '../electron/services/io/niftiWrite.js';
import { memorySource } from '../electron/services/volume/model.js';
import { defaultPhantomGrid, phantomMeta, sampleSheppLogan } from './phantom/phantom.js';

const target = fileURLToPath(new URL('../../assets/shepp-logan.nii.gz', import.meta.url));
await mkdir(dirname(target), { recursive: true });
await niftiWriter.write(target, memorySource(phantomMeta(target), sampleSheppLogan(defaultPhantomGrid)));
console.log(`wrote ${target}`);
