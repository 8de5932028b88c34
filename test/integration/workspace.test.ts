// The project file: save and load through host.dispatch (labelmaps, tables, logs, imported blobs, the
// renderer's state), typed errors for damaged or newer files, autosave, and a real SIGKILL mid-save.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { blobName } from '../../electron/services/segment/blobName';
import { encodeBlob } from '../../electron/services/workspace/blobs';
import { parseWorkspace } from '../../electron/services/workspace/schema';
import { call, fixture, labelsOf, onPhantomHost, root, scratch, startHost } from './segmentHarness';

let host: Host;
let id: string;

onPhantomHost((opened, volumeId) => ([host, id] = [opened, volumeId]));

test('a saved workspace loads with the same labelmap, table, log and renderer state, and its log still replays', { timeout: 60_000 }, async () => {
  await call(host, 'segment.add', { volumeId: id, name: 'Ball', color: [10, 20, 30] });
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'grow', segment: 1, seeds: [[14, 14, 14]], range: [100, 104] } });
  const model = Uint8Array.from(await labelsOf(host, id), (_, i) => (i % 11 === 0 ? 1 : 0));
  await host.services.segments.importLabels(id, model, [{ value: 1, name: 'Model', color: [5, 5, 5] }], { model: 'tiny.onnx', version: 3 });
  await call(host, 'segment.update', { volumeId: id, value: 1, locked: true, visible: false });
  const path = join(scratch, 'session.voxbench');
  const saved = await call(host, 'workspace.save', { path, measurements: [{ kind: 'ruler', mm: 12.5 }], view: { layout: 'quad', volume: id } });
  expect(saved.path).toBe(path);

  const other = startHost();
  try {
    const loaded = await call(other, 'workspace.load', { path });
    expect(loaded).toMatchObject({ measurements: [{ kind: 'ruler', mm: 12.5 }], view: { layout: 'quad', volume: id } });
    const newId = loaded.renamed[id]!;
    expect(loaded.volumes.map((v) => v.id)).toEqual([newId]);
    expect(Buffer.compare(await labelsOf(other, newId), await labelsOf(host, id))).toBe(0);
    expect(loaded.segmentations[0]!.segments).toEqual((await call(host, 'segment.info', { volumeId: id })).segments);
    expect((await call(other, 'segment.log', { volumeId: newId })).map((e) => [e.action, e.params])).toEqual((await call(host, 'segment.log', { volumeId: id })).map((e) => [e.action, e.params]));
    expect(loaded.segmentations[0]).toMatchObject({ canUndo: false });
    await other.services.segments.replay(newId, other.services.segments.actions(newId));
    expect(Buffer.compare(await labelsOf(other, newId), await labelsOf(host, id))).toBe(0);
  } finally {
    await other.close();
  }
});

test('a version-1 project (each labelmap one whole blob) still loads with the same labelmap', async () => {
  const file = JSON.parse(readFileSync(join(scratch, 'session.voxbench'), 'utf8'));
  const labels = await labelsOf(host, id);
  const name = blobName(labels);
  file.version = 1;
  file.blobs[name] = await encodeBlob(labels);
  file.volumes[0].labels = name;
  const old = join(scratch, 'version1.voxbench');
  writeFileSync(old, JSON.stringify(file));
  const other = startHost();
  try {
    const loaded = await call(other, 'workspace.load', { path: old });
    expect(Buffer.compare(await labelsOf(other, loaded.renamed[id]!), labels)).toBe(0);
  } finally {
    await other.close();
  }
});

test('a damaged or newer project file is a typed error naming it', async () => {
  const good = readFileSync(join(scratch, 'session.voxbench'), 'utf8');
  const bad = join(scratch, 'bad.voxbench');
  writeFileSync(bad, good.slice(0, good.length / 2));
  await expect(call(host, 'workspace.load', { path: bad })).rejects.toMatchObject({ kind: 'BadWorkspace', message: expect.stringContaining('bad.voxbench') });
  writeFileSync(bad, JSON.stringify({ ...JSON.parse(good), version: 99 }));
  await expect(call(host, 'workspace.load', { path: bad })).rejects.toMatchObject({ kind: 'WorkspaceTooNew' });
  const file = JSON.parse(good);
  const name = Object.keys(file.blobs)[0]!;
  file.blobs[name].deflated = Buffer.from('not the labels').toString('base64');
  writeFileSync(bad, JSON.stringify(file));
  await expect(call(host, 'workspace.load', { path: bad })).rejects.toMatchObject({ kind: 'BadWorkspace' });
});

test('autosave writes the project after a change', async () => {
  const path = join(scratch, 'auto.voxbench');
  const saved = new Promise<{ path: string; error?: string }>((resolve) => host.onEvent((event, data) => event === 'workspace.saved' && resolve(data as { path: string })));
  await call(host, 'workspace.autosave', { path, view: { zoom: 2 } });
  await call(host, 'segment.add', { volumeId: id, name: 'After autosave' });
  expect(await saved).toEqual({ path, savedAt: expect.any(String) });
  const file = parseWorkspace(readFileSync(path, 'utf8'), 'auto.voxbench');
  expect(file.view).toEqual({ zoom: 2 });
  expect(file.volumes[0]!.segments.at(-1)!.name).toBe('After autosave');
  await call(host, 'workspace.autosave', { path: null });
});

test('SIGKILL in the middle of a save leaves the previous save intact', { timeout: 120_000 }, async () => {
  const project = join(scratch, 'kill.voxbench');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/integration/workspaceSaver.ts'), root, fixture('phantom.nii.gz'), project], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let finished = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (const match of chunk.toString().matchAll(/saved (\d+)/g)) finished = Number(match[1]);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const temporary = () => readdirSync(scratch).filter((name) => name.startsWith('.kill.voxbench.') && name.endsWith('.tmp'));
  // Wait for two finished saves, then kill the moment the next one's temporary file appears.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && (finished < 2 || temporary().length === 0)) await new Promise((resolve) => setImmediate(resolve));
  child.kill('SIGKILL');
  await exited;
  expect(finished).toBeGreaterThanOrEqual(2);
  expect(temporary().length).toBeGreaterThan(0);

  const file = parseWorkspace(readFileSync(project, 'utf8'), 'kill.voxbench');
  const { iteration } = file.view as { iteration: number };
  expect(iteration).toBeGreaterThanOrEqual(finished);
  const other = startHost();
  try {
    const loaded = await call(other, 'workspace.load', { path: project });
    const labels = await labelsOf(other, loaded.volumes[0]!.id);
    expect(labels.reduce((sum, v) => sum + v, 0)).toBe(iteration * 97);
  } finally {
    await other.close();
  }
});
