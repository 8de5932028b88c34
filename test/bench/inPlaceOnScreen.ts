// Open in place as a user does it, by hand: a page with a small scan open, the Sync panel's *Open in place* clicked
// on a published OME-Zarr slab, timed until the views show it at full resolution (their data-resolution), under a
// real Chromium page (inPlaceBrowserMode.ts drives the web host without one). The slab's slice has the extent of the
// by-hand runs' (1290² for the 4 GiB cube). Needs node build/build.mjs.
//   node --import tsx test/bench/inPlaceOnScreen.ts NX NY NZ
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { buildPyramid } from '../../electron/services/volume/pyramid';
import { openScan } from '../../electron/services/io/registry';
import { SyncQueue } from '../../electron/services/sync/queue';
import { startDataCentre } from '../dc/dataCentre';
import { sampleProvenance } from '../dc/sampleFiles';
import { openSession } from '../e2e/harness';
import { generatedDir } from '../fixtures/reference';
import { writePhantomH5 } from './phantomH5';
import { formatTimeline, readTimeline, withTimeline } from './pageTimeline';

const [nx, ny, nz] = process.argv.slice(2).map(Number) as [number, number, number];
const dc = await startDataCentre();
try {
  Object.assign(process.env, dc.env);
  const h5 = join(dc.scratch, 'slab.h5');
  writePhantomH5(h5, [nx, ny, nz]);
  const store = join(dc.scratch, 'slab.ome.zarr');
  const source = await openScan(h5);
  await buildPyramid(source, store, { compression: 'zlib', published: true });
  await source.close();
  await dc.addTarget('dc', { endpoint: dc.gateway.endpoint, catalogue: undefined, parallelParts: 4 });
  const queue = new SyncQueue({ settingsDir: dc.settingsDir });
  await queue.push({ target: 'dc', files: [], store, provenance: sampleProvenance, description: 'slab' });
  await queue.idle();
  await queue.close();
  const session = await openSession(['--open', join(generatedDir, 'scaled_int16.nii.gz')]);
  try {
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(withTimeline(session.server.url));
    await page.waitForFunction(() => document.querySelectorAll('.slice-view[data-resolution=full]').length === 3, undefined, { timeout: 120_000 });
    await page.click('[data-testid=sync-toggle]');
    await page.waitForSelector('[data-testid=sync-panel]');
    await page.click('text=Datasets on dc');
    await page.waitForSelector('[data-testid=sync-open-in-place]');
    await page.waitForTimeout(1000);
    {
      const started = performance.now();
      const clicked = await page.evaluate(() => performance.now());
      await page.click('[data-testid=sync-open-in-place]');
      // The coarsest level first, unless the full slice comes before the first draw of the new volume.
      await page.waitForFunction(() => document.body.innerText.includes('slab.h5') && document.querySelector('.slice-view[data-view=axial]')?.getAttribute('data-resolution') !== 'full', undefined, { timeout: 60_000, polling: 10 }).catch(() => undefined);
      const switched = performance.now() - started;
      await page.waitForFunction(() => document.body.innerText.includes('slab.h5') && document.querySelector('.slice-view[data-view=axial]')?.getAttribute('data-resolution') === 'full', undefined, { timeout: 60_000, polling: 10 });
      const full = performance.now() - started;
      await page.waitForFunction(() => document.querySelectorAll('.slice-view[data-resolution=full]').length === 3, undefined, { timeout: 60_000, polling: 10 });
      const all = performance.now() - started;
      console.log(formatTimeline(await readTimeline(page, clicked)));
      console.log(`${nx}×${ny}×${nz}: Open click -> coarse shown ${switched.toFixed(0)} ms, axial at full resolution ${full.toFixed(0)} ms, all three ${all.toFixed(0)} ms; load ${loadavg()[0]!.toFixed(1)}`);
    }
    await page.screenshot({ path: 'test-results/in-place-on-screen.png' });
  } finally { await session.close(); }
} finally { await dc.close(); }
