// The layer rules of eslint.config.js fire where they should (snippets linted at made-up paths), and the
// contract as it stands is a leaf with no import cycle inside it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });

/** The rules that fire on `code` placed at `filePath`. */
async function firing(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map(({ ruleId, message }) => `${ruleId}: ${message}`);
}

describe('layer lint rules', () => {
  it.each([
    ['a contract file importing a service', "import { x } from '../services/x.js';\nexport const y = x;", 'electron/common/fake.ts', /no-restricted-imports: .*common imports nothing but zod/],
    ['a contract file importing a package other than zod', "import { x } from 'onnxruntime-node';\nexport const y = x;", 'electron/common/fake.ts', /no-restricted-imports/],
    ['a renderer file building a route in a template', 'export const url = (id: string) => `volume/${id}/voxels`;', 'renderer/views/fake.ts', /no-restricted-syntax: Build bulk paths/],
    ['a renderer file concatenating a route', "export const url = (id: string) => '/data/segment/' + id;", 'renderer/panels/fake.ts', /no-restricted-syntax: Build bulk paths/],
    ['a renderer file handing a string to dataUrl', "export const url = (client: { dataUrl(p: string): string }) => client.dataUrl('upload');", 'renderer/client/fake.ts', /no-restricted-syntax: Build bulk paths/],
    ['a service starting a thread', "import { Worker } from 'node:worker_threads';\nexport const w = new Worker('x.js');", 'electron/services/fake/fake.ts', /no-restricted-syntax: Only electron\/workers/],
    ['a service importing the shell', "import { createHost } from '../../shell/host.js';\nexport const h = createHost;", 'electron/services/fake/fake.ts', /no-restricted-imports: .*never import the shell/],
    ['a worker importing a service', "import { x } from '../services/x.js';\nexport const y = x;", 'electron/workers/fake.ts', /no-restricted-imports: .*worker layer imports only/],
    ['a store importing a view', "import { x } from '../views/x';\nexport const y = x;", 'renderer/state/fake.ts', /no-restricted-imports: .*Stores sit below/],
    ['a tool importing a panel', "import { x } from '../../panels/x';\nexport const y = x;", 'renderer/tools/slice/fake.ts', /no-restricted-imports: .*Tools sit below/],
    ['a view importing a panel', "import { x } from '../../panels/x';\nexport const y = x;", 'renderer/views/slice/fake.ts', /no-restricted-imports: .*Views sit below/],
    ['geometry importing a store', "import { x } from '../state/x';\nexport const y = x;", 'renderer/geometry/fake.ts', /no-restricted-imports: .*geometry is pure/],
    ['the renderer importing a contract value other than routes and job ids', "import { contract } from '../../electron/common/contract';\nexport const c = contract;", 'renderer/state/fake.ts', /Only types, route builders and job ids/],
  ])('%s fails', async (_, code, filePath, rule) => {
    expect(await firing(code, filePath)).toContainEqual(expect.stringMatching(rule));
  });

  it.each([
    ['a contract file importing zod and a sibling', "import { z } from 'zod';\nimport { call } from './call.js';\nexport const y = [z, call];", 'electron/common/fake.ts'],
    ['a renderer file building a route with the builders', "import { routes } from '../../electron/common/routes';\nexport const url = (id: string) => routes.volumeVoxels.path({ volumeId: id });", 'renderer/views/fake.ts'],
    ['a worker file starting a thread', "import { Worker } from 'node:worker_threads';\nexport const w = new Worker('x.js');", 'electron/workers/fake.ts'],
    ['a shell file importing a service', "import { x } from '../services/x.js';\nexport const y = x;", 'electron/shell/fake.ts'],
  ])('%s passes', async (_, code, filePath) => {
    expect(await firing(code, filePath)).toEqual([]);
  });
});

describe('the contract', () => {
  const folder = 'electron/common';
  // Each file of common (subfolders too), by its path inside common, with the files it imports resolved the same way.
  const files = (readdirSync(folder, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts')).map((name) => name.split(sep).join('/'));
  const sources = new Map(files.map((name) => [name, [...readFileSync(join(folder, name), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((match) => match[1]!)]));
  const inside = (name: string, source: string) => posix.normalize(posix.join(posix.dirname(name), source)).replace(/\.js$/, '.ts');

  it('imports nothing but zod and its own files', () => {
    const outside = [...sources].flatMap(([name, list]) =>
      list.filter((source) => source !== 'zod' && !(/^\.\.?\/[\w./-]+\.js$/.test(source) && files.includes(inside(name, source)))).map((source) => `${name} → ${source}`),
    );
    expect(outside).toEqual([]);
  });

  it('has no import cycle, type imports included', () => {
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (path.includes(name)) return void cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
      for (const source of sources.get(name) ?? []) if (source.startsWith('.')) visit(inside(name, source), [...path, name]);
    };
    for (const name of sources.keys()) visit(name, []);
    expect(cycles).toEqual([]);
  });
});
