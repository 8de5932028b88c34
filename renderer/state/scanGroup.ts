// What to open of files picked or dropped together: a series as its folder, a header with its data as the
// header, anything else file by file.

const HEADERS = ['.mhd', '.nhdr'];
const TIFFS = ['.tif', '.tiff'];
/** Formats one file holds whole; files of no such format (DICOM is often named without an extension) may be a series. */
export const WHOLE_SCAN_TYPES = ['.nii', '.nii.gz', '.h5', '.hdf5', '.nxs', '.hdf', '.nx5', '.mha', '.nrrd', '.mrc', '.rec', '.st', '.ali', '.map', '.ccp4', '.mrcs', ...TIFFS, ...HEADERS];

const endsWithAny = (path: string, extensions: string[]) => extensions.some((extension) => path.toLowerCase().endsWith(extension));

/** The folder every path lies in (the deepest one they share), written with the paths' own separator. */
export function commonFolder(paths: string[]): string {
  const separator = paths[0]!.includes('\\') && !paths[0]!.includes('/') ? '\\' : '/';
  const folders = paths.map((path) => path.split(/[\\/]/).slice(0, -1));
  const first = folders[0]!;
  let shared = first.length;
  for (const parts of folders) {
    let at = 0;
    while (at < shared && parts[at] === first[at]) at++;
    shared = at;
  }
  return first.slice(0, shared).join(separator) || separator;
}

/** The paths to open for files chosen together. */
export function scansToOpen(paths: string[]): string[] {
  if (paths.length < 2) return paths;
  const headers = paths.filter((path) => endsWithAny(path, HEADERS));
  if (headers.length) return headers;
  const tiffs = paths.filter((path) => endsWithAny(path, TIFFS));
  const unknown = paths.filter((path) => !endsWithAny(path, WHOLE_SCAN_TYPES));
  return tiffs.length > 1 || unknown.length > 1 ? [commonFolder(paths)] : paths;
}
