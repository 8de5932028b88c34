// Browser mode as a user starts it (the real CLI), and Debian's Chromium as ARCHITECTURE.md runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

export const RESULTS = 'test-results';

export interface Server {
  url: string;
  process: ChildProcess;
  stop(): void;
}

export function startBrowserMode(args: string[] = []): Promise<Server> {
  // A settings folder of its own unless the test gave one: e2e files run side by side, and the recent-scans list lives there.
  const env = { ...process.env, VOXBENCH_CONFIG_DIR: process.env.VOXBENCH_CONFIG_DIR ?? mkdtempSync(join(tmpdir(), 'voxbench-e2e-settings-')) };
  const child = spawn(process.execPath, ['dist/electron/cli.js', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output)?.[0];
      if (url) resolve({ url, process: child, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${output}`)));
  });
}

/**
 * playwright-core gives every launch a fresh, empty profile directory of its own. SwiftShader is forced as the GL so
 * that WebGL runs on this GPU-less machine; Chromium then takes it for a GPU and rasterizes every page through it too,
 * which Chromium left to itself does not do here (chrome://gpu without these flags: rasterization "Software only"). On
 * software GL that raster took ~350 ms of the frame after the first slices were drawn, so it is left to the CPU.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-gpu-rasterization',
    ],
  });
}

export interface Pixels {
  width: number;
  height: number;
  /** Grey level (mean of R, G, B) at a pixel. */
  grey(x: number, y: number): number;
}

/** Screenshot of one element, kept under test-results/, decoded for pixel checks. */
export async function shoot(page: Page, selector: string, name: string): Promise<Pixels> {
  mkdirSync(RESULTS, { recursive: true });
  const png = PNG.sync.read(await page.locator(selector).screenshot({ path: join(RESULTS, `${name}.png`) }));
  return {
    width: png.width,
    height: png.height,
    grey(x, y) {
      const at = (Math.round(y) * png.width + Math.round(x)) * 4;
      return (png.data[at]! + png.data[at + 1]! + png.data[at + 2]!) / 3;
    },
  };
}

/** Waits until the page has drawn twice since the last change (vtk.js renders synchronously). */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

export interface Session {
  server: Server;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Browser mode (started with `serveArgs`) and one 1200 × 800 Chromium page on it (not yet navigated). */
export async function openSession(serveArgs: string[] = []): Promise<Session> {
  const server = await startBrowserMode(serveArgs);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, acceptDownloads: true });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return {
    server,
    browser,
    page,
    async close() {
      await browser.close();
      server.stop();
    },
  };
}
