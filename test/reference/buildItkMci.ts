// Compiles test/reference/itk-mci (ITK's MorphologicalContourInterpolator, vendored) against Debian's ITK 5.2
// (apt libinsighttoolkit5-dev) into test-results/itk-mci/, once per source hash. Returns the binary's path.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const source = 'test/reference/itk-mci';
const itk = '/usr/include/ITK-5.2';
const libraries = ['ITKCommon', 'itksys', 'ITKVNLInstantiation', 'itkvnl_algo', 'itkvnl', 'itkv3p_netlib'].map((name) => `-l${name}-5.2`);

export function buildItkMci(): string {
  if (!existsSync(itk)) throw new Error(`${itk} is missing: install the Debian package libinsighttoolkit5-dev`);
  const files = ['main.cxx', ...readdirSync(join(source, 'include')).map((name) => join('include', name))];
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(source, file)));
  const folder = join('test-results', 'itk-mci');
  const binary = join(folder, `itk-mci-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(folder, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  execFileSync('g++', ['-O2', '-std=c++17', `-I${itk}`, `-I${join(source, 'include')}`, join(source, 'main.cxx'), '-o', partial, ...libraries, '-lpthread'], { stdio: 'inherit' });
  renameSync(partial, binary); // a parallel build finds either nothing or the whole binary
  for (const old of readdirSync(folder)) if (old !== basename(binary) && !old.endsWith('.tmp')) rmSync(join(folder, old), { force: true });
  return binary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(buildItkMci());
