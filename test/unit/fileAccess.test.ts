// File access as capabilities: grants cover a file or a folder's tree, writing includes reading, symlinks count
// where they point, and every contract call that takes a path is checked.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { contract, type Method } from '../../electron/common/contract';
import { checkPaths, grantedFileAccess, pathParams } from '../../electron/services/fileAccess';

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'voxbench-access-'));
  mkdirSync(join(root, 'chosen'));
  mkdirSync(join(root, 'other'));
  writeFileSync(join(root, 'chosen', 'scan.nii'), '');
  writeFileSync(join(root, 'other', 'secret.txt'), '');
  symlinkSync(join(root, 'other'), join(root, 'chosen', 'link-out'));
  return root;
}

describe('grantedFileAccess', () => {
  test('a folder grant covers its tree and nothing beside it; a file grant covers that file only', () => {
    const root = tree();
    const access = grantedFileAccess();
    access.grant(join(root, 'chosen'), 'read');
    expect(() => access.check(join(root, 'chosen', 'scan.nii'), 'read')).not.toThrow();
    expect(() => access.check(join(root, 'chosen', '..', 'other', 'secret.txt'), 'read')).toThrow(/NotPermitted|may read only/);
    expect(() => access.check(join(root, 'chosen-twin'), 'read')).toThrow();
    const single = grantedFileAccess();
    single.grant(join(root, 'chosen', 'scan.nii'), 'read');
    expect(() => single.check(join(root, 'chosen', 'scan.nii'), 'read')).not.toThrow();
    expect(() => single.check(join(root, 'chosen'), 'read')).toThrow();
  });

  test('a symlink inside a granted folder that points out of it is outside', () => {
    const root = tree();
    const access = grantedFileAccess();
    access.grant(join(root, 'chosen'), 'write');
    expect(() => access.check(join(root, 'chosen', 'link-out', 'secret.txt'), 'read')).toThrow(expect.objectContaining({ kind: 'NotPermitted' }));
  });

  test('read does not allow writing; write allows both, also for a file not written yet', () => {
    const root = tree();
    const access = grantedFileAccess();
    access.grant(join(root, 'chosen', 'scan.nii'), 'read');
    expect(() => access.check(join(root, 'chosen', 'scan.nii'), 'write')).toThrow(/may write to only/);
    access.grant(join(root, 'chosen', 'new.vxw'), 'write');
    access.grant(join(root, 'chosen', 'new.vxw'), 'read'); // a later read grant does not take writing away
    expect(() => access.check(join(root, 'chosen', 'new.vxw'), 'write')).not.toThrow();
    expect(() => access.check(join(root, 'chosen', 'new.vxw'), 'read')).not.toThrow();
  });

  test('the error names the path as given', () => {
    const access = grantedFileAccess();
    expect(() => access.check('/etc/shadow', 'read')).toThrow(expect.objectContaining({ kind: 'NotPermitted', message: expect.stringMatching(/^\/etc\/shadow: /) }));
  });
});

/** Top-level params of a call whose names say they hold paths, and that take a string or a list of them. */
function pathLikeKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  expect(shape, 'every call takes an object of params').toBeDefined();
  const takesPaths = (field: z.ZodType) => field.safeParse('/a/path').success || field.safeParse(['/a/path']).success;
  return Object.entries(shape!)
    .filter(([key, field]) => /path$|^files$|^into$|dir$|folder$/i.test(key) && takesPaths(field))
    .map(([key]) => key);
}

test('every contract call that takes a path is in the checked table, and checkPaths checks each of its paths', () => {
  for (const [method, entry] of Object.entries(contract)) {
    if (pathLikeKeys(entry.params).length > 0) expect(pathParams[method as Method], `${method} takes a path`).toBeDefined();
  }
  const seen: string[] = [];
  const record = { grant: () => undefined, check: (path: string, access: string) => void seen.push(`${access} ${path}`) };
  checkPaths(record, 'inference.addModel', { manifestPath: '/m/a.json', modelPath: '/m/a.onnx' });
  checkPaths(record, 'sync.push', { files: ['/d/1', '/d/2'] });
  checkPaths(record, 'workspace.autosave', { path: null });
  checkPaths(record, 'sync.pull', { target: 't', datasetKey: 'k' });
  checkPaths(record, 'volume.list', {});
  expect(seen).toEqual(['read /m/a.json', 'read /m/a.onnx', 'read /d/1', 'read /d/2']);
});

test('a cluster run checks only what lies on this computer: the recipe and the scans to upload, not the output folder or the cluster paths', () => {
  const seen: string[] = [];
  const record = { grant: () => undefined, check: (path: string, access: string) => void seen.push(`${access} ${path}`) };
  checkPaths(record, 'batch.run', { recipe: '/r.json', inputs: ['/s/a.nii'], clusterInputs: ['/cluster/b.nii'], outDir: '/cluster/out', parallel: 1, cluster: 'dc' });
  checkPaths(record, 'batch.run', { recipe: '/r.json', inputs: ['/s/a.nii'], outDir: '/here/out', parallel: 1 });
  checkPaths(record, 'batch.testCluster', { cluster: { privateKey: '/k/id', knownHosts: '/k/known_hosts' } });
  expect(seen).toEqual(['read /r.json', 'read /s/a.nii', 'read /r.json', 'read /s/a.nii', 'write /here/out', 'read /k/id', 'read /k/known_hosts']);
});
