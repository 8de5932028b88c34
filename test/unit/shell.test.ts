// The Electron shell cannot run here (no binary, no display), so its hardening is checked in its source:
// a regression in these lines would open the app to web content.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { contentSecurityPolicy } from '../../electron/shell/appFiles';
import { dataRouteHosts } from '../../electron/common/routes';

const main = readFileSync(new URL('../../electron/shell/main.ts', import.meta.url), 'utf8');

test('the window is isolated and sandboxed, without Node in the page', () => {
  expect(main).toMatch(/contextIsolation: true/);
  expect(main).toMatch(/sandbox: true/);
  expect(main).toMatch(/nodeIntegration: false/);
  expect(main).toMatch(/webSecurity: true/);
  expect(main).not.toMatch(/allowRunningInsecureContent|experimentalFeatures|webviewTag: true/);
});

test('navigation, new windows, webviews and permission requests are refused', () => {
  expect(main).toMatch(/'will-navigate', \(event\) => event\.preventDefault\(\)/);
  expect(main).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
  expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
  expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/);
  expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
});

test('the page may run only its own scripts and reach only its own origin and the data routes (volumes, labelmaps, surfaces)', () => {
  const csp = contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`));
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(csp).toContain("connect-src 'self' voxbench://volume voxbench://segment voxbench://surface");
  expect(csp).toContain("object-src 'none'");
  expect(main).toContain('contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`))');
});
