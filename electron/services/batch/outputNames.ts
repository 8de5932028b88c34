// The labelmap each task of a batch writes, named after its input as the user gave it: a file by its name less
// .nii/.gz, a data-centre dataset (s3://<target>/<dataset key>) by its key, whatever file it holds. Inputs that
// share a name (scan.nii.gz from two folders, one key on two targets) get their task index too, so none overwrites another.
import { basename } from 'node:path';

const nameOf = (input: string) => basename(input.replace(/\/+$/, '')).replace(/(\.nii)?(\.gz)?$/, '');

/** Each input's labelmap path in `outDir`, in task order. */
export function outputPaths(outDir: string, inputs: string[]): string[] {
  const names = inputs.map(nameOf);
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  return names.map((name, index) => `${outDir}/${uses.get(name)! > 1 ? `${name}.task${index}` : name}.labels.nii.gz`);
}
