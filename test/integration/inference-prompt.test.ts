// Prompt models through the host's one dispatch, as the renderer drives them: the bundled demo box model
// (written by our TypeScript ONNX writer, checked by python3-onnx) previews its answer without touching the
// labelmap; Accept imports exactly the voxels numpy finds (inside the box, above the box's mean), with one log
// entry naming the model's hash and the box; Reject leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, VolumeInfo } from '../../electron/common/contract';
import type { PromptPreview } from '../../electron/common/inferenceCalls';
import { wholeBox } from '../../electron/services/segment/regions';
import { promptDemoManifest, promptDemoPatch } from '../../build/models/demoManifest';
import { boxThresholdModel } from '../../build/models/demoModels';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';

const root = fileURLToPath(new URL('../..', import.meta.url));
const phantom = join(root, 'assets/shepp-logan.nii.gz');
const box = { min: [40, 50, 40] as [number, number, number], max: [80, 90, 52] as [number, number, number] };
let host: Host;
let services: ReturnType<typeof createServices>;
let volume: VolumeInfo;
let bundled: string;

const call = async <T>(method: string, params: unknown): Promise<T> => {
  const reply = (await host.dispatch(method, params)) as Reply<T>;
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result;
};
const labels = () => services.segments.of(volume.id).labelmap.readBox(wholeBox(volume.dims));
const log = () => call<{ action: string; params: Record<string, unknown> }[]>('segment.log', { volumeId: volume.id });

/** Voxel indices (x-fastest) inside the box whose phantom value exceeds the box's mean, by nibabel + numpy. */
function expectedVoxels(): number[] {
  const out = join(bundled, 'expected.u8');
  execFileSync('/usr/bin/python3', ['test/fixtures/make_models.py', 'box-labels', phantom, ...[...box.min, ...box.max].map(String), out]);
  const voxels: number[] = [];
  readFileSync(out).forEach((value, i) => value && voxels.push(i));
  return voxels;
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-prompt-'));
  bundled = join(dir, 'bundled');
  await mkdir(bundled);
  const model = boxThresholdModel(promptDemoPatch);
  const manifest = promptDemoManifest(model);
  await writeFile(join(bundled, manifest.file!), model);
  await writeFile(join(bundled, `${manifest.name}.json`), JSON.stringify(manifest));
  services = createServices({ root, transport: 'browser', dialogs: noDialogs, modelsDir: join(dir, 'user') });
  host = createHost({ ...services, models: { ...services.models, bundled } });
  volume = await call<VolumeInfo>('volume.open', { path: phantom });
});

afterAll(() => host?.close());

describe('the bundled demo prompt model', () => {
  it('is a valid ONNX model for python3-onnx', () => {
    const check = 'import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print("ok")';
    expect(execFileSync('/usr/bin/python3', ['-c', check, join(bundled, 'demo-box-threshold.onnx')], { encoding: 'utf8' }).trim()).toBe('ok');
  });

  it('previews its answer without touching the labelmap, then Reject leaves nothing and logs nothing', async () => {
    const before = (await log()).length;
    const preview = await call<PromptPreview>('inference.preview', { volumeId: volume.id, model: 'demo-box-threshold', job: 'p1', prompts: { box } });
    expect(preview.voxels).toBe(expectedVoxels().length);
    expect(preview.voxels).toBeGreaterThan(1000);
    expect((await labels()).every((value) => value === 0)).toBe(true);
    expect(await call('inference.reject', { volumeId: volume.id })).toBeNull();
    expect((await labels()).every((value) => value === 0)).toBe(true);
    expect((await log()).length).toBe(before);
    expect(await host.dispatch('inference.accept', { volumeId: volume.id })).toMatchObject({ ok: false, error: { kind: 'NoPreview' } });
  });

  it('previews exactly the voxels numpy finds, and Accept imports them with one log entry naming the hash and the box', async () => {
    const expected = expectedVoxels();
    const preview = await call<PromptPreview>('inference.preview', { volumeId: volume.id, model: 'demo-box-threshold', job: 'p2', prompts: { box } });
    const previewed: number[] = [];
    for (let i = 0; i < preview.runs.length; i += 2) for (let n = 0; n < preview.runs[i + 1]!; n++) previewed.push(preview.runs[i]! + n);
    expect(previewed).toEqual(expected);

    const before = (await log()).length;
    const info = await call<{ segments: { value: number; name: string }[] }>('inference.accept', { volumeId: volume.id });
    const segment = info.segments.find(({ name }) => name === 'Bright in box (demo)')!;
    const marked: number[] = [];
    (await labels()).forEach((value, i) => value && marked.push(i));
    expect(marked).toEqual(expected);
    expect((await labels())[expected[0]!]).toBe(segment.value);
    const entries = await log();
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({
      action: 'import',
      params: { provenance: { source: 'inference', model: 'demo-box-threshold', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), parameters: { prompts: { box } } } },
    });
  });

  it('asks for a box, and refuses prompts for a whole-volume run and a whole-volume run of a prompt model', async () => {
    expect(await host.dispatch('inference.preview', { volumeId: volume.id, model: 'demo-box-threshold', job: 'p3', prompts: { points: [{ at: [60, 60, 45], positive: true }] } })).toMatchObject({ ok: false, error: { kind: 'MissingPrompt' } });
    expect(await host.dispatch('inference.run', { volumeId: volume.id, model: 'demo-box-threshold', job: 'p4' })).toMatchObject({ ok: false, error: { kind: 'WrongModelTask' } });
  });
});
