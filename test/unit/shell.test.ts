// The Electron shell cannot run here (no binary, no display), so its hardening is checked in its source:
// a regression in these lines would open the app to web content.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { expect, test } from 'vitest';
import { contentSecurityPolicy } from '../../electron/shell/appFiles';
import { dataRouteHosts } from '../../electron/common/routes';
import { refuseNavigation, refusedEvents } from '../../electron/shell/navigationGuard';

const main = readFileSync(new URL('../../electron/shell/main.ts', import.meta.url), 'utf8');

test('the window is isolated and sandboxed, without Node in the page', () => {
  expect(main).toMatch(/contextIsolation: true/);
  expect(main).toMatch(/sandbox: true/);
  expect(main).toMatch(/nodeIntegration: false/);
  expect(main).toMatch(/webSecurity: true/);
  expect(main).not.toMatch(/allowRunningInsecureContent|experimentalFeatures|webviewTag: true/);
});

test('navigation of any frame, redirects, new windows, webviews and permission requests are refused', () => {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let windowOpen: (() => { action: string }) | undefined;
  refuseNavigation({ on: (name, listener) => listeners.set(name, listener), setWindowOpenHandler: (handler) => void (windowOpen = handler) });
  expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  for (const name of refusedEvents) {
    let prevented = false;
    listeners.get(name)!({ preventDefault: () => void (prevented = true) });
    expect(prevented, name).toBe(true);
  }
  expect(windowOpen?.()).toEqual({ action: 'deny' });
  expect(main).toContain("app.on('web-contents-created', (_event, contents) => refuseNavigation(contents))");
  expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/);
  expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
});

test('the page may run only its own scripts and reach only its own origin and the data routes (volumes, labelmaps, surfaces, PACS thumbnails)', () => {
  const csp = contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`));
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(csp).toContain("connect-src 'self' voxbench://volume voxbench://segment voxbench://surface voxbench://pacs");
  expect(csp).toContain("img-src 'self' data: blob: voxbench://volume voxbench://segment voxbench://surface voxbench://pacs");
  expect(csp).toContain("object-src 'none'");
  expect(main).toContain('contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`))');
});

test('the package is one integrity-checked app.asar with its fuses set, and electron-builder accepts the config', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const config = await getConfig(root, `${root}build/electron-builder.yml`, null);
  await validateConfiguration(config, new DebugLogger(false)); // electron-builder's own schema: unknown keys fail
  expect(config.asar).toBe(true);
  expect(config.electronFuses).toEqual({
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
  // What must be a real file: native addons, onnxruntime's libraries, h5wasm and its plugins.
  expect(config.asarUnpack).toEqual(expect.arrayContaining(['native/build/*.node', 'node_modules/onnxruntime-node/bin/**', 'node_modules/h5wasm/**', 'node_modules/h5wasm-plugins/**']));
}, 30_000); // electron-builder's loader takes seconds to import
