// `voxbench batch run --local` as typed in a shell: scan and output paths relative to the shell's folder (they were
// taken as relative to the home folder, so the task could not find its scan), and the worker bundle's copy shown as
// it goes (the CLI printed nothing until the job was submitted).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { batchFixture, saveSessionRecipe } from './batchFixtures';
import { root } from './segmentHarness';

test('relative paths are the shell folder’s; the upload shows its progress on stderr', { timeout: 240_000 }, async () => {
  if (!existsSync(join(root, 'dist', 'electron', 'cli.js'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: root, stdio: 'inherit' });
  const shellFolder = mkdtempSync(join(tmpdir(), 'voxbench-batch-here-'));
  copyFileSync(batchFixture('scan_0.nii.gz'), join(shellFolder, 'scan.nii.gz'));
  await saveSessionRecipe(join(shellFolder, 'session.recipe.json'));
  const run = spawnSync(process.execPath, [join(root, 'dist', 'electron', 'cli.js'), 'batch', 'run', '--recipe', 'session.recipe.json', '--out', 'labels', '--local', '1', '--journal', 'journal', '--remote-dir', join(shellFolder, 'here'), 'scan.nii.gz'], { cwd: shellFolder, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/ 0 done/);
  expect(existsSync(join(shellFolder, 'labels', 'scan.labels.nii.gz'))).toBe(true);
  const lines = run.stderr.split(/[\r\n]/).filter((line) => line.startsWith('Uploading the worker bundle to this computer: '));
  const [sent, total] = /: ([\d.]+) of ([\d.]+) MB$/.exec(lines.at(-1) ?? '')!.slice(1).map(Number) as [number, number];
  expect(total).toBeGreaterThan(1);
  expect(sent).toBe(total);
});
