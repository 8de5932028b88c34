// The viewer tools a 3D Slicer or VolView user reaches for, in real Chromium on the embedded phantom (skull
// 1000, brain 200, ventricles 0, frontal feature 300): window/level, zoom and pan, the readout, the 3D
// presets, layouts, screenshots and the help. Expected pixels are restated from the definitions, not taken
// from the app's code.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { defaultPhantomGrid } from '../../build/phantom/phantom';
import { shortcuts } from '../../renderer/keys/shortcuts';
import { generatedDir, references } from '../fixtures/reference';
import { type Pixels, RESULTS, settled, shoot } from './harness';
import { onPhantom } from './phantomPage';
import { screenOf, worldOf, type Grid } from './screen';

let page: Page;

onPhantom((opened) => (page = opened));

const grid: Grid = { ...defaultPhantomGrid };
/** Phantom coordinates (x left, y anterior, z superior, unit = half the field of view) to LPS mm. */
const phantomWorld = (x: number, y: number, z = 0): [number, number, number] => [x * 96, -y * 96, z * 96];
/** Sample points in the central axial slice, clear of the crosshair lines through the centre. */
const structures = {
  skull: { at: [0.05, 0.885] as const, value: 1000 },
  brain: { at: [-0.45, 0.3] as const, value: 200 },
  ventricle: { at: [0.22, 0.1] as const, value: 0 },
  feature: { at: [0.1, 0.35] as const, value: 300 },
};

/** Grey on screen for a value under a window/level: clamp((v − (L − W/2)) / W) × 255. */
const expectedGrey = (value: number, window: number, level: number) => Math.min(1, Math.max(0, (value - (level - window / 2)) / window)) * 255;

async function box(view: string) {
  return (await page.locator(`[data-view=${view}]`).boundingBox())!;
}

/** Greys of the four structures in the axial view, fitted (no zoom or pan). */
async function axialGreys(name: string) {
  const pixels = await shoot(page, '[data-view=axial]', name);
  const grey = ([x, y]: readonly [number, number]) => pixels.grey(...screenOf(grid, 'axial', pixels.width, pixels.height, phantomWorld(x, y)));
  return Object.fromEntries(Object.entries(structures).map(([name, { at }]) => [name, grey(at)])) as Record<keyof typeof structures, number>;
}

async function windowLevel(): Promise<[number, number]> {
  return [Number(await page.inputValue('[data-testid=window]')), Number(await page.inputValue('[data-testid=level]'))];
}

async function setWindowLevel(window: number, level: number) {
  await page.fill('[data-testid=window]', String(window));
  await page.press('[data-testid=window]', 'Enter');
  await page.fill('[data-testid=level]', String(level));
  await page.press('[data-testid=level]', 'Enter');
  await settled(page);
}

function expectGreys(greys: Record<keyof typeof structures, number>, window: number, level: number, tolerance = 6) {
  for (const [name, { value }] of Object.entries(structures)) {
    expect(Math.abs(greys[name as keyof typeof structures] - expectedGrey(value, window, level)), `${name} at W${window} L${level}`).toBeLessThan(tolerance);
  }
}

describe('window/level', () => {
  test('the abdomen preset (W400 L40) and a typed W400 L200 show the greys the definition gives', async () => {
    await page.selectOption('[data-testid=window-preset]', 'abdomen');
    await settled(page);
    expect(await windowLevel()).toEqual([400, 40]);
    expect(await page.textContent('[data-view=axial] [data-testid=window-level]')).toBe('W 400 L 40');
    expectGreys(await axialGreys('wl-abdomen'), 400, 40);

    await setWindowLevel(400, 200);
    expect(await page.textContent('[data-view=coronal] [data-testid=window-level]')).toBe('W 400 L 200');
    const greys = await axialGreys('wl-400-200');
    expectGreys(greys, 400, 200);
    // Brain sits at the level: mid-grey; the feature half a window above it is three-quarters white.
    expect(greys.brain).toBeGreaterThan(120);
    expect(greys.brain).toBeLessThan(135);
    expect(greys.ventricle).toBeLessThan(6);
  });

  test('right-drag: rightwards widens the window, upwards raises the level (darker), as in Slicer', async () => {
    const axial = await box('axial');
    const drag = async (dx: number, dy: number) => {
      const [x, y] = [axial.x + axial.width * 0.3, axial.y + axial.height * 0.6];
      await page.mouse.move(x, y);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(x + dx, y + dy, { steps: 4 });
      await page.mouse.up({ button: 'right' });
      await settled(page);
    };
    const before = await axialGreys('wl-before-drag');
    await drag(60, 0);
    const [window, level] = await windowLevel();
    expect(window).toBeGreaterThan(450);
    expect(level).toBe(200);
    const wider = await axialGreys('wl-wider');
    expectGreys(wider, window, level);
    expect(wider.feature).toBeLessThan(before.feature - 10); // lower contrast: the feature greys towards the brain

    await drag(0, -40);
    const [, raised] = await windowLevel();
    expect(raised).toBeGreaterThan(level + 50);
    const darker = await axialGreys('wl-darker');
    expectGreys(darker, window, raised);
    expect(darker.brain).toBeLessThan(wider.brain - 10);

    await page.selectOption('[data-testid=window-preset]', 'full');
    await settled(page);
    expect(await windowLevel()).toEqual([1000, 500]);
  });

  test('the auto window (A) spans the phantom\'s 1st to 99th percentile: air to skull', async () => {
    await setWindowLevel(80, 40);
    await page.keyboard.press('a');
    await settled(page);
    expect(await windowLevel()).toEqual([1000, 500]);
  });
});

describe('zoom, pan and the readout', () => {
  /** Distance from the view centre to the skull's inner edge, going right and going up, clear of the crosshair. */
  function ringDistances(pixels: Pixels): [number, number] {
    const [cx, cy] = [pixels.width / 2, pixels.height / 2];
    const walk = (step: (n: number) => [number, number]) => {
      for (let n = 14; n < Math.max(pixels.width, pixels.height); n++) {
        const [x, y] = step(n);
        if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) break;
        if (pixels.grey(x, y) > 200) return n;
      }
      return Number.NaN;
    };
    return [walk((n) => [cx + n, cy + 6]), walk((n) => [cx + 6, cy - n])];
  }

  const ctrlWheel = async (x: number, y: number, deltaY: number) => {
    await page.mouse.move(x, y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, deltaY);
    await page.keyboard.up('Control');
    await settled(page);
  };

  test('Ctrl+wheel ×2 about the centre puts the skull ring twice as far from it', async () => {
    const axial = await box('axial');
    const centre = [axial.x + axial.width / 2, axial.y + axial.height / 2] as const;
    await ctrlWheel(...centre, 500); // five notches out: ×½
    const [right1, up1] = ringDistances(await shoot(page, '[data-view=axial]', 'zoom-half'));
    await ctrlWheel(...centre, -500); // five notches in: ×2
    const [right2, up2] = ringDistances(await shoot(page, '[data-view=axial]', 'zoom-one'));
    expect(right1).toBeGreaterThan(30);
    expect(Math.abs(right2 - 2 * right1)).toBeLessThanOrEqual(3);
    expect(Math.abs(up2 - 2 * up1)).toBeLessThanOrEqual(3);
    // At ×1 the ring is where the fitted view puts it.
    const fittedUp = axial.height / 2 - screenOf(grid, 'axial', axial.width, axial.height, phantomWorld(0.05, 0.853))[1];
    expect(Math.abs(up2 - fittedUp)).toBeLessThanOrEqual(3);
  });

  test('zoomed ×2 and panned, the readout and a click still find the frontal feature', async () => {
    const axial = await box('axial');
    const [cx, cy] = [axial.x + axial.width / 2, axial.y + axial.height / 2];
    await ctrlWheel(cx, cy, -500);
    // Shift+drag pans: the image follows the mouse.
    await page.keyboard.down('Shift');
    await page.mouse.move(cx - 30, cy + 20);
    await page.mouse.down();
    await page.mouse.move(cx + 10, cy + 50, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await settled(page);
    // Where the feature must be now: twice as far from the centre, moved by the pan (40, 30).
    const [fx, fy] = screenOf(grid, 'axial', axial.width, axial.height, phantomWorld(...structures.feature.at));
    const at = [axial.x + axial.width / 2 + 2 * (fx - axial.width / 2) + 40, axial.y + axial.height / 2 + 2 * (fy - axial.height / 2) + 30] as const;
    await page.mouse.move(...at);
    await expect.poll(() => page.textContent('[data-view=axial] [data-testid=readout-value]')).toBe('300');
    // Phantom (0.1, 0.35, 0) is LPS (9.6, −33.6, 0) mm: voxel i = (9.6 + 95.25) / 1.5 ≈ 70, j ≈ 41; slice k = 48.
    expect(await page.textContent('[data-view=axial] [data-testid=readout-index]')).toBe('[70, 41, 48]');
    expect(await page.textContent('[data-view=axial] [data-testid=readout-position]')).toMatch(/^9\.\d\d, −33\.\d\d, 0\.00 mm \(LPS\)$/);
    await page.screenshot({ path: join(RESULTS, 'zoom-pan-readout.png') });

    await page.mouse.click(...at);
    await settled(page);
    // The crosshair is now on the feature: the coronal view shows slice j = 41, the sagittal slice i = 70.
    expect(await page.textContent('[data-view=coronal] [data-testid=view-label]')).toBe('Coronal 42/128');
    expect(await page.textContent('[data-view=sagittal] [data-testid=view-label]')).toBe('Sagittal 71/128');

    // The scale bar follows the zoom: a fifth of the width is now about 26 mm, so the bar reads 20 mm.
    expect(await page.getAttribute('[data-view=axial] [data-testid=scale-bar]', 'data-length')).toBe('20');
    expect(await page.textContent('[data-view=axial] [data-testid=scale-bar]')).toBe('20 mm');

    await page.keyboard.press('r'); // the mouse is over the axial view
    await settled(page);
    expect(await page.getAttribute('[data-view=axial] [data-testid=scale-bar]', 'data-length')).toBe('50');
    const [fx0, fy0] = screenOf(grid, 'axial', axial.width, axial.height, phantomWorld(...structures.feature.at));
    await page.mouse.move(axial.x + fx0, axial.y + fy0);
    await expect.poll(() => page.textContent('[data-view=axial] [data-testid=readout-value]')).toBe('300');
    await page.mouse.click(axial.x + axial.width / 2, axial.y + axial.height / 2);
  });
});

describe('3D view', () => {
  const meanDifference = (a: Pixels, b: Pixels) => {
    let sum = 0;
    let count = 0;
    for (let y = 24; y < a.height; y += 3) for (let x = 0; x < a.width; x += 3, count++) sum += Math.abs(a.grey(x, y) - b.grey(x, y));
    return sum / count;
  };

  test('a preset changes the rendering, and MIP shows the brightest structure, the skull, white', async () => {
    const grey = await shoot(page, '[data-view=volume]', 'volume-grayscale');
    await page.selectOption('[data-testid=volume-preset]', 'ct-bone');
    await settled(page);
    const bone = await shoot(page, '[data-view=volume]', 'volume-ct-bone');
    expect(meanDifference(grey, bone)).toBeGreaterThan(10);

    await page.selectOption('[data-testid=volume-preset]', 'mip');
    await settled(page);
    const mip = await shoot(page, '[data-view=volume]', 'volume-mip');
    expect(meanDifference(grey, mip)).toBeGreaterThan(10);
    // Every ray through the head crosses the skull (1000, the volume's maximum): white across the head, black around it.
    const [cx, cy] = [mip.width / 2, mip.height / 2];
    for (const [dx, dy] of [[0, 0], [-30, 0], [30, 0], [0, -40], [0, 40]] as const) expect(mip.grey(cx + dx, cy + dy)).toBeGreaterThan(240);
    expect(grey.grey(cx, cy)).toBeLessThan(200);
    expect(mip.grey(mip.width - 8, mip.height - 8)).toBeLessThan(5); // the corner free of the Volume | Surfaces switch
    expect(await page.textContent('[data-view=volume] svg')).toBe('3D · MIP');
  });

  test('shading changes the lit rendering', async () => {
    await page.selectOption('[data-testid=volume-preset]', 'ct-bone');
    await settled(page);
    const flat = await shoot(page, '[data-view=volume]', 'volume-ct-bone-flat');
    await page.check('[data-testid=shading]');
    await settled(page);
    const shaded = await shoot(page, '[data-view=volume]', 'volume-ct-bone-shaded');
    expect(meanDifference(flat, shaded)).toBeGreaterThan(3);
    await page.uncheck('[data-testid=shading]');
    await page.selectOption('[data-testid=volume-preset]', 'grayscale');
    await settled(page);
  });
});

describe('layouts', () => {
  const viewsBox = () => page.locator('main.views').boundingBox();

  test('1×1 (key 1) makes the view under the mouse fill the views area; 1+3 and 2×2 follow', async () => {
    const axial = await box('axial');
    await page.mouse.move(axial.x + 20, axial.y + axial.height - 20);
    await page.keyboard.press('1');
    await settled(page);
    const area = (await viewsBox())!;
    const alone = await box('axial');
    expect(alone).toEqual(area);
    for (const other of ['volume', 'coronal', 'sagittal']) expect(await page.locator(`[data-view=${other}]`).isVisible()).toBe(false);
    await page.screenshot({ path: join(RESULTS, 'layout-1x1.png') });
    // The axial image itself fills it: skull where the larger fitted view puts it.
    const big = await shoot(page, '[data-view=axial]', 'layout-1x1-axial');
    expect(big.grey(...screenOf(grid, 'axial', big.width, big.height, phantomWorld(...structures.skull.at)))).toBeGreaterThan(230);

    await page.keyboard.press('3');
    await settled(page);
    const large = await box('axial');
    expect(large.height).toBeCloseTo(area.height, 0);
    expect(large.width).toBeGreaterThan(area.width * 0.7);
    for (const other of ['volume', 'coronal', 'sagittal']) {
      const small = await box(other);
      expect(small.width).toBeLessThan(area.width * 0.3);
      expect(small.height).toBeLessThan(area.height * 0.35);
    }
    await page.screenshot({ path: join(RESULTS, 'layout-1plus3.png') });

    await page.keyboard.press('2');
    await settled(page);
    expect((await box('axial')).width).toBeCloseTo((area.width - 2) / 2, 0);
    await page.screenshot({ path: join(RESULTS, 'layout-2x2.png') });
  });

  test('a double-click maximises a view and a second one restores 2×2', async () => {
    const coronal = await box('coronal');
    await page.mouse.dblclick(coronal.x + coronal.width / 2, coronal.y + coronal.height / 2);
    await settled(page);
    expect(await box('coronal')).toEqual(await viewsBox());
    expect(await page.getAttribute('[data-layout-button=one]', 'aria-pressed')).toBe('true');
    const maximised = await box('coronal');
    await page.mouse.dblclick(maximised.x + maximised.width / 2, maximised.y + maximised.height / 2);
    await settled(page);
    expect(await box('coronal')).toEqual(coronal);
  });
});

describe('screenshots and help', () => {
  async function download(key: string, mouseOver: string, name: string) {
    const view = await box(mouseOver);
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(key)]);
    mkdirSync(RESULTS, { recursive: true });
    const path = join(RESULTS, name);
    await saved.saveAs(path);
    return { name: saved.suggestedFilename(), png: PNG.sync.read(readFileSync(path)) };
  }

  test('S saves the view under the mouse and Shift+S the whole layout, overlays included', async () => {
    const axial = await box('axial');
    const view = await download('s', 'axial', 'screenshot-axial.png');
    expect(view.name).toMatch(/^shepp-logan-axial-\d{8}-\d{6}\.png$/);
    expect([view.png.width, view.png.height]).toEqual([Math.round(axial.width), Math.round(axial.height)]);
    const grey = (png: PNG, x: number, y: number) => {
      const at = (Math.round(y) * png.width + Math.round(x)) * 4;
      return (png.data[at]! + png.data[at + 1]! + png.data[at + 2]!) / 3;
    };
    const skull = screenOf(grid, 'axial', axial.width, axial.height, phantomWorld(...structures.skull.at));
    expect(grey(view.png, ...skull)).toBeGreaterThan(230);
    // The overlay's crosshair (red, axial) crosses the image at its centre row.
    const redness = (y: number) => {
      const at = (y * view.png.width + 30) * 4;
      return view.png.data[at]! - view.png.data[at + 1]!;
    };
    const centreRow = Math.round(axial.height / 2);
    expect(Math.max(...[-2, -1, 0, 1, 2].map((dy) => redness(centreRow + dy)))).toBeGreaterThan(60);
    expect(redness(centreRow - 40)).toBeLessThan(10);

    const layout = await download('Shift+S', 'coronal', 'screenshot-layout.png');
    const area = (await page.locator('main.views').boundingBox())!;
    expect([layout.png.width, layout.png.height]).toEqual([Math.round(area.width), Math.round(area.height)]);
    expect(grey(layout.png, axial.x - area.x + skull[0], axial.y - area.y + skull[1])).toBeGreaterThan(230);
  });

  test('? lists every shortcut of the registry; Escape closes it', async () => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Mouse and keyboard' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-shortcut]').count()).toBe(shortcuts.length);
    expect(await dialog.locator('[data-shortcut=windowLevel] dt').textContent()).toBe('Right-drag');
    await page.screenshot({ path: join(RESULTS, 'help.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('F1');
    await dialog.waitFor();
    await page.keyboard.press('F1');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('a volume with units: nexus_uint16.h5 (µm, counts)', () => {
  const reference = references()['nexus_uint16.h5']!;

  test('the readout gives the value with its unit and the position in µm; the scale bar is in µm', async () => {
    await page.setInputFiles('[data-testid=file-input]', join(generatedDir, 'nexus_uint16.h5'));
    await expect.poll(() => page.textContent('[data-testid=volume-name]'), { timeout: 10_000 }).toMatch(/nexus_uint16\.h5$/);
    await page.waitForSelector('[data-status=ready]');
    await settled(page);
    // make_fixtures.py puts a block of the maximum at indices [n/8, 3n/8) on each axis. A click on it in the
    // coronal view brings the axial view to its slices; then hover inside it there, off the crosshair.
    const index = reference.dims.map((n) => Math.floor(n / 8) + 1) as [number, number, number];
    const coronal = await box('coronal');
    const [kx, ky] = screenOf(reference, 'coronal', coronal.width, coronal.height, worldOf(reference, index));
    await page.mouse.click(coronal.x + kx, coronal.y + ky);
    await settled(page);
    const axial = await box('axial');
    const [x, y] = screenOf(reference, 'axial', axial.width, axial.height, worldOf(reference, [index[0] + 1, index[1] + 1, index[2]]));
    await page.mouse.move(axial.x + x, axial.y + y);
    await expect.poll(() => page.textContent('[data-view=axial] [data-testid=readout-value]')).toBe(`${reference.max} counts`);
    expect(await page.textContent('[data-view=axial] [data-testid=readout-index]')).toBe(`[${index[0] + 1}, ${index[1] + 1}, ${index[2]}]`);
    expect(await page.textContent('[data-view=axial] [data-testid=readout-position]')).toMatch(/ µm \(LPS\)$/);
    expect(await page.textContent('[data-view=axial] [data-testid=scale-bar]')).toMatch(/^(0\.0*)?[125]0* µm$/);
  });
});
