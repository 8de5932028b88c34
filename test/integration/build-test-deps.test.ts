// build/test-deps.mjs check against a copy of this machine's dpkg database with packages taken out: the one
// message names each missing Debian package and the command that installs them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A dpkg admin folder whose status file lacks the stanzas of `hidden`. */
function statusWithout(...hidden: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'voxbench-dpkg-'));
  folders.push(folder);
  const stanzas = readFileSync('/var/lib/dpkg/status', 'utf8').split(/\n\n+/);
  const kept = stanzas.filter((stanza) => !hidden.some((name) => new RegExp(`^Package: ${name.replace(/[+.]/g, '\\$&')}$`, 'm').test(stanza)));
  expect(kept.length).toBeLessThan(stanzas.length);
  writeFileSync(join(folder, 'status'), `${kept.join('\n\n')}\n`);
  return folder;
}

const check = (admindir?: string) =>
  spawnSync(process.execPath, ['build/test-deps.mjs', 'check'], { encoding: 'utf8', env: { ...process.env, ...(admindir && { VOXBENCH_DPKG_ADMINDIR: admindir }) } });

it('passes silently on this machine, which has every package', () => {
  expect(check()).toMatchObject({ status: 0, stdout: '', stderr: '' });
});

it('a hidden package is named, with the install command', () => {
  const result = check(statusWithout('python3-numpy'));
  expect(result.status).toBe(1);
  expect(result.stderr).toBe('The tests need a Debian package that is not installed: python3-numpy\nInstall it with: npm run test:deps   (or npm run test:all: that, then npm ci and npm test)\n');
});

it('several hidden packages come in one message', () => {
  const result = check(statusWithout('chromium', 'g++', 'postgresql-15'));
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(2);
  expect(result.stderr).toMatch(/not installed: chromium g\+\+ postgresql-15\n/);
  expect(result.stderr).toContain('npm run test:deps');
});
