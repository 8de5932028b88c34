// voxbench sync …: targets, push (waits until the dataset is complete), push-labels, resume, pause, cancel, status
// (reads only), pull.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { appRoot, appVersion } from './appRoot.js';
import { VoxbenchError } from '../common/errors.js';
import { provenanceSchema, pushLayouts, targetSchema, type JobView, type PushLayout } from '../common/syncModel.js';
import { listDatasets, pullDataset } from '../services/sync/pull.js';
import { importLabelFile } from '../services/segment/importLabelFile.js';
import { createServices, openVolume } from '../services/services.js';
import { readJobs } from '../services/sync/jobView.js';
import { labelsPush } from '../services/sync/labelsPush.js';
import { journalPath, SyncQueue } from '../services/sync/queue.js';
import { safeName } from '../services/sync/remoteSchemas.js';
import { credentialsFor } from '../services/sync/secrets.js';
import { defaultSettingsDir, TargetStore } from '../services/sync/targets.js';
import { syncUsage } from './cliUsage.js';
import { noDialogs } from './noDialogs.js';

const isPushLayout = (layout: string): layout is PushLayout => (pushLayouts as readonly string[]).includes(layout);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const line = (job: JobView) =>
  `${job.id.slice(0, 8)} ${job.state.padEnd(11)} ${job.target} ${mib(job.bytesDone)}/${mib(job.bytesTotal)}${job.rate ? ` ${mib(job.rate)}/s ETA ${Math.ceil(job.etaSeconds ?? 0)} s` : ''}${job.error ? ` ${job.error.kind}: ${job.error.message}` : ''}`;

function openQueue(runJobs = true): SyncQueue {
  let shown = { at: 0, state: '' };
  return new SyncQueue({
    settingsDir: defaultSettingsDir(),
    runJobs,
    onJob: (job) => {
      const now = Date.now();
      if (job.state === shown.state && now - shown.at < 1000) return;
      shown = { at: now, state: job.state };
      console.error(line(job));
    },
  });
}

/** Waits for the queue, then fails if any job this run touched failed. */
async function finish(queue: SyncQueue, ids?: string[]): Promise<void> {
  await queue.idle();
  const jobs = (await queue.jobs()).filter((job) => !ids || ids.includes(job.id));
  await queue.close();
  const failed = jobs.filter((job) => job.state === 'failed');
  if (failed.length) throw new VoxbenchError('SyncFailed', failed.map(line).join('\n'));
}

async function targets(args: string[]): Promise<void> {
  const queue = openQueue();
  const [action, ...rest] = args;
  if (action === 'remove' && rest[0]) return queue.targets.remove(rest[0]);
  if (action === 'add') {
    const { values: v } = parseArgs({ args: rest, options: Object.fromEntries(['name', 'endpoint', 'bucket', 'prefix', 'auth', 'catalogue', 'owner', 'owner-group', 'email', 'bandwidth'].map((key) => [key, { type: 'string' }])) });
    const [from, where] = String(v.auth ?? '').split(/:(.*)/);
    const parsed = targetSchema.safeParse({
      name: v.name,
      endpoint: v.endpoint,
      bucket: v.bucket,
      prefix: v.prefix,
      auth: from === 'env' ? { from, prefix: where } : { from, path: where },
      ...(v.catalogue && { catalogue: { url: v.catalogue, owner: v.owner, ownerGroup: v['owner-group'], contactEmail: v.email } }),
      ...(v.bandwidth && { bandwidth: Number(v.bandwidth) }),
    });
    if (!parsed.success) throw new VoxbenchError('Usage', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
    await queue.targets.save(parsed.data);
    return console.log(`saved target ${parsed.data.name} in ${queue.targets.path}`);
  }
  for (const target of await queue.targets.list()) console.log(`${target.name}\t${target.endpoint}/${target.bucket}/${target.prefix}\t${target.catalogue?.url ?? 'no catalogue'}`);
}

async function push(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { target: { type: 'string' }, description: { type: 'string' }, provenance: { type: 'string' }, as: { type: 'string' } }, allowPositionals: true });
  const layout = values.as ?? 'files';
  if (!values.target || !positionals.length || !isPushLayout(layout)) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const given = values.provenance ? JSON.parse(await readFile(values.provenance, 'utf8')) : { inputScans: [], software: { name: 'Voxbench', version: appVersion() } };
  const provenance = provenanceSchema.safeParse(given);
  if (!provenance.success) throw new VoxbenchError('BadProvenance', `${values.provenance}: ${provenance.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const queue = openQueue();
  const job = await queue.push({ target: values.target, files: positionals, provenance: provenance.data, description: values.description ?? '', as: layout });
  console.log(job.id);
  await finish(queue, [job.id]);
}

/** `push-labels --target N IMAGE LABELMAP`: a labelmap file on the grid of a dataset opened in place (s3://…),
 * pushed back as its NGFF label image, a derived dataset naming the image's pid, as the Sync panel's Push does. */
async function pushLabels(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { target: { type: 'string' }, description: { type: 'string' } }, allowPositionals: true });
  const [image, labelmap] = positionals;
  if (!values.target || !image || !labelmap || positionals.length !== 2) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const services = createServices({ root: appRoot, transport: 'browser', dialogs: noDialogs });
  const queue = openQueue();
  try {
    const { id: volumeId } = await openVolume(services, () => undefined, image);
    await importLabelFile(services, volumeId, labelmap);
    const job = await queue.push(await labelsPush(services, { target: values.target, volumeId, description: values.description ?? `Labels of ${image}` }));
    console.log(job.id);
    await finish(queue, [job.id]);
  } finally {
    await queue.close();
    await services.close();
  }
}

async function resume(): Promise<void> {
  const queue = openQueue();
  await queue.resumeAll();
  await finish(queue);
}

/** `pause JOB` or `cancel JOB`: a job running in another process (the app, another push) stops there too. */
const stopJob = (stop: 'pause' | 'cancel') => async (args: string[]) => {
  if (!args[0]) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const queue = openQueue(false);
  const id = (await queue.jobs()).find((job) => job.id === args[0] || job.id.startsWith(args[0]!))?.id ?? args[0];
  try {
    console.log(line(await queue[stop](id)));
  } finally {
    await queue.close();
  }
};

async function status(args: string[]): Promise<void> {
  const jobs = await readJobs(journalPath(defaultSettingsDir()));
  if (args.includes('--json')) return console.log(JSON.stringify(jobs));
  for (const job of jobs) console.log(line(job));
}

async function pull(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { target: { type: 'string' }, into: { type: 'string' }, overwrite: { type: 'boolean' } }, allowPositionals: true });
  if (!values.target) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const target = await new TargetStore(defaultSettingsDir()).get(values.target);
  const credentials = await credentialsFor(target);
  const dataset = positionals[0];
  if (!dataset) {
    for (const found of await listDatasets(target, credentials)) console.log(`${found.datasetKey}\t${found.createdAt}\t${found.files.length} files\t${found.description}`);
    return;
  }
  for (const path of await pullDataset(target, credentials, dataset, values.into ?? safeName(dataset, 'dataset'), { overwrite: values.overwrite })) console.log(path);
}

const commands: Record<string, (args: string[]) => Promise<void>> = { targets, push, 'push-labels': pushLabels, resume, pause: stopJob('pause'), cancel: stopJob('cancel'), status, pull };

export async function sync(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  const run = command ? commands[command] : undefined;
  if (!run) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  await run(rest);
}
