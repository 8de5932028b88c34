// `voxbench info --json` as a script sees it: a child process, one JSON object, stored types as nibabel/h5py name them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDir, references } from '../fixtures/reference';

const voxbench = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'electron/shell/cli.ts', ...args], { encoding: 'utf8' });

/** The stored type by the independent tool: nibabel's get_data_dtype, h5py's dtype. */
function storedType(file: string, dataset?: string): string {
  const script = dataset
    ? `import h5py,sys; print(h5py.File(sys.argv[1])[sys.argv[2]].dtype)`
    : `import nibabel,sys; print(nibabel.load(sys.argv[1]).get_data_dtype())`;
  return execFileSync('/usr/bin/python3', ['-c', script, file, ...(dataset ? [dataset] : [])], { encoding: 'utf8' }).trim();
}

describe('voxbench info --json', () => {
  const truth = references();
  it.each(['scaled_int16.nii.gz', 'nexus_uint16.h5', 'bigendian_uint16.nii'])('%s: geometry, stored type and values after scaling', (name) => {
    const path = join(generatedDir, name);
    const reference = truth[name]!;
    const info = JSON.parse(voxbench('info', '--json', path)) as Record<string, unknown>;
    expect(info).toMatchObject({ dims: reference.dims, unit: reference.unit, min: reference.min, max: reference.max });
    expect(info.dtype).toBe(storedType(path, reference.dataset));
    expect(info.valueType).toBe(reference.dtype);
    expect(info.mean).toBeCloseTo(reference.mean, 6);
    expect((info.spacing as number[]).map((s) => +s.toFixed(5))).toEqual(reference.spacing);
    expect(info.direction).toHaveLength(9);
    if (reference.dataset) expect(info.dataset).toBe(reference.dataset);
  });

  it('a 4-D dataset reports its frame count and the frame shown', () => {
    const info = JSON.parse(voxbench('info', '--json', '--dataset', '/series/frames', '--frame', '2', join(generatedDir, 'frames_float32.h5'))) as Record<string, unknown>;
    expect(info).toMatchObject({ frames: 3, frame: 2, dims: [14, 12, 10], dtype: 'float32' });
  });
});

describe('voxbench help', () => {
  // The installed command (package.json `bin`), which runs the built CLI: `npm test` builds before this project.
  const installed = (...args: string[]) => spawnSync(process.execPath, ['bin/voxbench.js', ...args], { encoding: 'utf8' });

  it.each(['--help', 'help', '-h', 'info --help', 'sync push --help', 'segment -h', ''])("voxbench '%s' prints usage to stdout and succeeds", (line) => {
    const result = installed(...line.split(' ').filter(Boolean));
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage:\n {2}voxbench serve/);
    expect(result.status).toBe(0);
  });

  it('an unknown command is an error: usage on stderr, exit status 2', () => {
    const result = installed('frobnicate');
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage:/);
    expect(result.status).toBe(2);
  });

  it("package.json's bin names this file", () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin).toEqual({ voxbench: 'bin/voxbench.js' });
  });
});
