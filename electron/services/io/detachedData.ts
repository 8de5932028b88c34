// Detached headers (.mhd's ElementDataFile, .nhdr's data file) name their voxels' file. A header can come from
// anywhere (an upload, a pulled dataset), so the file it names must lie in the header's own folder or below it:
// no absolute path, no "..", no symlink leading out. ITK and Slicer write relative names beside the header.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, win32 } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import { isInside } from '../fileAccess.js';

/** The real path of the data file `dataFile` named by the header at `headerPath`; DataFileOutside if it escapes. */
export async function detachedDataPath(headerPath: string, dataFile: string): Promise<string> {
  const refuse = (how: string): never => {
    throw new VoxbenchError(
      'DataFileOutside',
      `${basename(headerPath)} names its data file ${how}; Voxbench reads a detached header's data only from the header's own folder (a relative name such as scan.raw).`,
    );
  };
  if (isAbsolute(dataFile) || win32.isAbsolute(dataFile)) refuse('by an absolute path');
  const folder = await realpath(dirname(resolve(headerPath)));
  const named = resolve(folder, dataFile);
  if (!isInside(named, folder)) refuse('outside its folder');
  // A missing file is the reader's to report (FileNotFound, naming it); an existing one must really be inside.
  const real = await realpath(named).catch(() => named);
  if (!isInside(real, folder)) refuse('through a link that leads outside its folder');
  return real;
}
