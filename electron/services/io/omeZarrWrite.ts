// OME-Zarr out (a folder ending in .ome.zarr): the whole multiscale pyramid, as the viewer's cache stores it.
import { buildPyramid } from '../volume/pyramid.js';
import type { ScanWriter } from './writeScan.js';

export const omeZarrWriter: ScanWriter = {
  format: 'ome-zarr',
  extensions: ['.ome.zarr', '.zarr'],
  write: async (path, source) => void (await buildPyramid(source, path)),
};
