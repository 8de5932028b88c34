// A folder of the host as the Open dialog shows it. Only folders under the browse roots are listed (real paths:
// a symlink that leads out of a root is outside it), hidden entries are left out, and each entry says what scan
// it holds.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { HostEntry, HostFolder, ScanFound } from '../../common/hostFilesCalls.js';
import { dicomReader } from '../io/dicom.js';
import { mapLimit } from '../mapLimit.js';
import { isInside, realPath } from '../fileAccess.js';
import { fileScan, folderScan } from './scanFinder.js';

/** Entries looked at at once (each folder entry reads a few heads of its own). */
const PARALLEL = 4;
/** A listing stops here: a folder of a million files is not browsed entry by entry. */
const MAX_ENTRIES = 2000;

/** The root `path` lies in (real paths), or NotPermitted naming the roots. */
export function rootOf(path: string, roots: string[]): string {
  const real = realPath(path);
  const root = roots.map(realPath).find((candidate) => isInside(real, candidate));
  if (root === undefined) {
    const where = roots.length ? `only folders under ${roots.join(', ')}` : 'no folders here (use the system dialog)';
    throw new VoxbenchError('NotPermitted', `${path}: the Open dialog lists ${where}.`);
  }
  return root;
}

async function entryOf(folder: string, name: string): Promise<HostEntry | undefined> {
  const path = join(folder, name);
  const info = await stat(path).catch(() => undefined);
  if (!info || !(info.isFile() || info.isDirectory())) return undefined;
  const kind = info.isDirectory() ? 'folder' : 'file';
  const found: { scan?: ScanFound; bytes: number } = await (kind === 'folder' ? folderScan(path) : fileScan(path, name, info.size)).catch(() => ({ bytes: info.size }));
  return { name, path, kind, bytes: found.bytes, ...(found.scan && { scan: found.scan }) };
}

export async function listFolder(path: string, roots: string[]): Promise<HostFolder> {
  const root = rootOf(path, roots);
  const real = realPath(path);
  const names = await readdir(real).catch((error: NodeJS.ErrnoException) => {
    throw new VoxbenchError(error.code === 'ENOTDIR' ? 'NotAFolder' : 'FileNotFound', `${path}: ${error.code === 'ENOTDIR' ? 'not a folder' : 'cannot be listed'} (${error.code}).`);
  });
  const shown = names.filter((name) => !name.startsWith('.')).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).slice(0, MAX_ENTRIES);
  const entries = (await mapLimit(shown, PARALLEL, (name) => entryOf(real, name))).filter((entry): entry is HostEntry => entry !== undefined);
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  const own = await ownScan(real);
  return { path: real, parent: real === root ? null : dirname(real), entries, ...(own && { scan: own }) };
}

/** The folder shown is looked at closer than its subfolders: a DICOM folder's series with their slices (headers parsed). */
async function ownScan(path: string): Promise<ScanFound | undefined> {
  const { scan } = await folderScan(path).catch(() => ({ scan: undefined }));
  if (scan?.format !== 'DICOM series') return scan;
  const series = await dicomReader.candidates!(path).catch(() => []);
  const slices = (count: number) => `${count} slice${count === 1 ? '' : 's'}`;
  return series.length ? { format: series.length > 1 ? `DICOM folder of ${series.length} series` : 'DICOM series', detail: series.map(({ label, dims }) => `${label}: ${slices(dims[2]!)}`).join('; ') } : scan;
}

/** A root as the dialog names it. */
export const rootLabel = (path: string, home: string) => (realPath(path) === realPath(home) ? 'Home' : basename(path) || path);
