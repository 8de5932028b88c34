// Opens a large scan the way the app does (worker, pyramid cache), browses a few full-resolution slices,
// opens it again, and reports times and the process's peak memory. Run by hand (needs a big file):
//   /usr/bin/time -v node --import tsx test/bench/large-open.ts SCAN [CACHE_DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VolumeInfo } from '../../electron/common/contract';
import { createHost, noDialogs } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';

const [path, cacheDir = mkdtempSync(join(tmpdir(), 'voxbench-large-'))] = process.argv.slice(2);
const root = fileURLToPath(new URL('../..', import.meta.url));
const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir } }));
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function timedOpen(): Promise<VolumeInfo> {
  const start = performance.now();
  const reply = await host.dispatch('volume.open', { path });
  if (!reply.ok) throw new Error(reply.error.message);
  const info = reply.result as VolumeInfo;
  console.log(`open: ${((performance.now() - start) / 1000).toFixed(1)} s, levels ${info.levels.map((level) => level.dims.join('×')).join(', ')}, peak ${peakMb()} MB`);
  return info;
}

const info = await timedOpen();
const coarsest = info.levels.at(-1)!;
const start = performance.now();
await (await host.serveData(coarsest.voxels)).arrayBuffer();
console.log(`coarsest level ${coarsest.dims.join('×')}: ${(performance.now() - start).toFixed(0)} ms`);
for (const [axis, index] of [[2, 1000], [1, 500], [0, 700]] as const) {
  const sliceStart = performance.now();
  const bytes = (await (await host.serveData(`volume/${info.id}/slice/${axis}/${index}`)).arrayBuffer()).byteLength;
  console.log(`full-resolution slice ${index} across axis ${axis}: ${bytes >> 20} MiB in ${(performance.now() - sliceStart).toFixed(0)} ms, peak ${peakMb()} MB`);
}
await host.close();
await timedOpen();
await host.close();
console.log(`peak RSS ${peakMb()} MB`);
