// Compiles test/reference/itk-mci (ITK's MorphologicalContourInterpolator, vendored) against Debian's ITK 5.2
// (apt libinsighttoolkit5-dev) into test-results/itk-mci/, once per source hash. Returns the binary's path.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const source = 'test/reference/itk-mci';
const itk = '/usr/include/ITK-5.2';
const libraries = ['ITKCommon', 'itksys', 'ITKVNLInstantiation', 'itkvnl_algo', 'itkvnl', 'itkv3p_netlib'].map((name) => `-l${name}-5.2`);

export function buildItkMci(): string {
  if (!existsSync(itk)) throw new Error(`${itk} is missing: install the Debian package libinsighttoolkit5-dev`);
  const files = ['main.cxx', ...readdirSync(join(source, 'include')).map((name) => join('include', name))];
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(source, file)));
  const binary = join('test-results', 'itk-mci', `itk-mci-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(join('test-results', 'itk-mci'), { recursive: true });
  const flags = ['-O2', '-std=c++17', `-I${itk}`, `-I${join(source, 'include')}`, join(source, 'main.cxx'), '-o', `${binary}.tmp`, ...libraries, '-lpthread'];
  execFileSync('g++', flags, { stdio: 'inherit' });
  renameSync(`${binary}.tmp`, binary); // a parallel build finds either nothing or the whole binary
  return binary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(buildItkMci());
