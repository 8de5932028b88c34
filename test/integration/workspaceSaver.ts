// Child process for the kill test (workspace.test.ts): opens the phantom and saves the workspace over and
// over, each save a different labelmap and a large view state, printing each finished iteration.
import { createHost, noDialogs } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { wholeBox } from '../../electron/services/segment/regions';
import { saveWorkspace } from '../../electron/services/workspace/workspace';

const [root, scan, project] = process.argv.slice(2) as [string, string, string];
const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs }));
const opened = await host.dispatch('volume.open', { path: scan });
if (!opened.ok) throw new Error(opened.error.message);
const { id } = opened.result as { id: string };
const segments = host.services.segments;
await segments.perform(id, { kind: 'add', segment: { value: 1, name: 'Loop', color: [1, 2, 3], visible: true, locked: false } });
const bulk = 'x'.repeat(8 << 20);
for (let iteration = 1; ; iteration++) {
  const { labelmap, dims } = segments.of(id);
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]).fill(1, 0, iteration * 97);
  await labelmap.writeBox(wholeBox(dims), labels);
  await saveWorkspace(host.services, project, { view: { iteration, bulk } });
  process.stdout.write(`saved ${iteration}\n`);
}
