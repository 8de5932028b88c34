// voxbench segment and voxbench models, as a user runs them; the labelmap is read back with nibabel.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dice, generated, readRaw, writePackage } from './inferenceModels';

let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'electron/shell/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voxbench-inference-cli-'));
});

describe('voxbench segment', () => {
  it('writes the labelmap of a model on a scan, on the scan\'s grid, and says which provider ran', async () => {
    const manifest = await writePackage(dir, join(generated, 'mean_threshold.onnx'), 'aniso', { spacing: [1.5, 1.5, 1.5], orientation: 'LPS', patch: { size: [24, 24, 24], overlap: 0.5, batch: 4 } });
    const output = join(dir, 'labels.nii.gz');
    const said = cli(['segment', '--manifest', manifest, '--provider', 'cuda,cpu', join(generated, 'aniso.nii.gz'), '-o', output]);
    expect(said).toMatch(/cuda: not used/);
    expect(said).toMatch(/aniso ran on cpu/);
    const read = `import nibabel as nib, numpy as np, sys
image = nib.load(sys.argv[1])
assert np.allclose(image.affine, np.diag([1.0, 1.0, 3.0, 1.0])), image.affine
sys.stdout.buffer.write(np.asarray(image.dataobj).astype(np.uint8).transpose(2, 1, 0).tobytes())`;
    const labels = execFileSync('/usr/bin/python3', ['-c', read, output], { maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
    // The model runs in LPS, so x and y are reversed on the way in and out: the labels still land where scipy's do.
    expect(dice(new Uint8Array(labels), await readRaw('aniso-labels.u8', Uint8Array))).toBeGreaterThanOrEqual(0.998);

    // The spelling: the .onnx file itself, its manifest beside it.
    const again = join(dir, 'labels-again.nii.gz');
    expect(cli(['segment', '--model', manifest.replace(/\.json$/, '.onnx'), join(generated, 'aniso.nii.gz'), '-o', again])).toMatch(/aniso ran on cpu/);
    const voxels = (path: string) => execFileSync('/usr/bin/python3', ['-c', 'import nibabel,sys; sys.stdout.buffer.write(nibabel.load(sys.argv[1]).dataobj[...].tobytes())', path], { maxBuffer: 1 << 24 });
    expect(voxels(again).equals(voxels(output))).toBe(true);

    // -o .seg.nrrd: the Segment Editor's writer, so 3D Slicer sees the model's label names and colours
    const seg = join(dir, 'labels.seg.nrrd');
    cli(['segment', '--manifest', manifest, join(generated, 'aniso.nii.gz'), '-o', seg]);
    const readSeg = `import gzip, json, sys, nibabel as nib, numpy as np
header, body = open(sys.argv[1], "rb").read().split(b"\\n\\n", 1)
fields = dict(line.split(":=", 1) for line in header.decode().splitlines() if ":=" in line)
plain = dict(line.split(": ", 1) for line in header.decode().splitlines()[1:] if ": " in line)
expected = np.asarray(nib.load(sys.argv[2]).dataobj).astype(np.uint8)
voxels = np.frombuffer(gzip.decompress(body), np.uint8).reshape(expected.shape, order="F")
where = np.argwhere(expected == 1)
extent = " ".join(f"{a} {b}" for a, b in zip(where.min(axis=0), where.max(axis=0)))
print(json.dumps({"equal": bool(np.array_equal(voxels, expected)), "sizes": plain["sizes"], "fields": fields, "extent": extent}))`;
    const read2 = JSON.parse(execFileSync('/usr/bin/python3', ['-c', readSeg, seg, output], { encoding: 'utf8' })) as { equal: boolean; sizes: string; fields: Record<string, string>; extent: string };
    expect(read2.equal).toBe(true);
    expect(read2.fields).toMatchObject({
      Segment0_Name: 'above',
      Segment0_LabelValue: '1',
      Segment0_ID: 'Segment_1',
      Segment0_Color: '1.000000 0.000000 0.000000',
      Segment0_Extent: read2.extent,
      Segmentation_MasterRepresentation: 'Binary labelmap',
    });
  });

  it('adds a model to the library folder of XDG_DATA_HOME and lists it', async () => {
    const manifest = await writePackage(dir, join(generated, 'constant.onnx'), 'flat');
    const env = { XDG_DATA_HOME: join(dir, 'xdg') };
    expect(cli(['models', 'add', manifest], env)).toContain(join(dir, 'xdg', 'voxbench', 'models', 'flat.json'));
    expect(cli(['models', 'list'], env)).toMatch(/^flat 1 \(segmentation\): above$/m);
  });
});
