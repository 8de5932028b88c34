// What scan a listed file or folder holds, from its first bytes and names only (a listing must stay quick):
// the reader that would open it, a DICOM series' slices, a TIFF stack's, an OME-Zarr's levels, a detached
// header's data file.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanFound } from '../../common/hostFilesCalls.js';
import { detachedDataPath } from '../io/detachedData.js';
import { mapLimit } from '../mapLimit.js';
import { isDicomHead } from '../io/dicomHeader.js';
import { readHead } from '../io/fileBytes.js';
import { folderSample, readerOfFile, readerOfFolder } from '../io/registry.js';

/** Each reader's format as the user knows it. */
const FORMAT_NAMES: Record<string, string> = { nifti: 'NIfTI', hdf5: 'HDF5', dicom: 'DICOM', tiff: 'TIFF', metaimage: 'MetaImage', nrrd: 'NRRD', mrc: 'MRC' };

/** Files whose heads are read to count a folder's DICOM slices; past this the count is of files. */
const COUNT_HEADS = 4000;
/** Files of an OME-Zarr whose sizes are added up (a listing must stay quick). */
const TREE_FILES = 20_000;
/** Files open at once while a folder is looked at. */
const PARALLEL = 16;

const plural = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;

/** The data file a detached header (.mhd, .nhdr) names, if it names one beside it. */
async function detachedData(path: string, head: Uint8Array): Promise<string | undefined> {
  const text = new TextDecoder('latin1').decode(head);
  const named = /^[ \t]*ElementDataFile[ \t]*=[ \t]*(.+?)[ \t]*$/im.exec(text)?.[1] ?? /^data ?file:[ \t]*(.+?)[ \t]*$/im.exec(text)?.[1];
  if (!named || /^LOCAL$/i.test(named)) return undefined;
  return detachedDataPath(path, named).catch(() => undefined);
}

/** The scan a file holds and its size (a detached header's includes its data file). */
export async function fileScan(path: string, name: string, bytes: number): Promise<{ scan?: ScanFound; bytes: number }> {
  const head = await readHead(path).catch(() => new Uint8Array());
  const reader = readerOfFile(head, name);
  if (!reader) return { bytes };
  const format = FORMAT_NAMES[reader.format] ?? reader.format;
  const data = /\.(mhd|nhdr)$/i.test(name) ? await detachedData(path, head) : undefined;
  if (data) {
    const dataBytes = await stat(data).then((info) => info.size, () => 0);
    return { scan: { format, detail: 'header + data file' }, bytes: bytes + dataBytes };
  }
  const detail = reader.format === 'hdf5' && /\.(nxs|nx5)$/i.test(name) ? 'NeXus' : reader.format === 'dicom' ? 'opens its series' : '';
  return { scan: { format, detail }, bytes };
}

/** OME-Zarr's multiscales (v0.4 in .zattrs, v0.5 in zarr.json's attributes.ome): the number of levels; undefined if `path` is none. */
export async function omeZarrLevels(path: string): Promise<number | undefined> {
  type Multiscales = { datasets?: unknown[] }[] | undefined;
  const places: [string, (json: { multiscales?: Multiscales; attributes?: { ome?: { multiscales?: Multiscales } } }) => Multiscales][] = [
    ['.zattrs', (json) => json.multiscales],
    ['zarr.json', (json) => json.attributes?.ome?.multiscales],
  ];
  for (const [file, pick] of places) {
    const json: unknown = await readFile(join(path, file), 'utf8').then(JSON.parse, () => undefined);
    const multiscales = json && typeof json === 'object' ? pick(json) : undefined;
    if (Array.isArray(multiscales) && Array.isArray(multiscales[0]?.datasets)) return multiscales[0].datasets.length;
  }
  return undefined;
}

/** The bytes of the files under `path`, the first TREE_FILES of them (a Zarr's chunks). */
async function treeBytes(path: string): Promise<number> {
  const files = (await readdir(path, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).slice(0, TREE_FILES);
  const sizes = await mapLimit(files, PARALLEL, (entry) => stat(join(entry.parentPath, entry.name)).then((info) => info.size, () => 0));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** The scan a folder holds (a DICOM series, a TIFF stack, an OME-Zarr), and the size of its files. */
export async function folderScan(path: string): Promise<{ scan?: ScanFound; bytes: number }> {
  const entries = await readdir(path, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(path, entry.name));
  const sizes = await mapLimit(files, PARALLEL, (file) => stat(file).then((info) => info.size, () => 0));
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const levels = await omeZarrLevels(path);
  if (levels) return { scan: { format: 'OME-Zarr', detail: plural(levels, 'level') }, bytes: await treeBytes(path) };
  const reader = readerOfFolder(await folderSample(path));
  if (!reader) return { bytes };
  if (reader.format === 'tiff') return { scan: { format: 'TIFF stack', detail: plural(files.filter((file) => /\.tiff?$/i.test(file)).length, 'slice') }, bytes };
  const dicomFiles = files.length > COUNT_HEADS ? files.length : (await mapLimit(files, PARALLEL, (file) => readHead(file).then(isDicomHead, () => false))).filter(Boolean).length;
  return { scan: { format: 'DICOM series', detail: plural(dicomFiles, 'DICOM file') }, bytes };
}
