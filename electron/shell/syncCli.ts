// voxbench sync …: targets, push (waits until the dataset is complete), push-labels, resume, pause, cancel, status
// (reads only), pull. Each command imports what it needs when it runs: `status` reads the journal without the S3
// SDK, the schemas or the services loaded.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { appRoot, appVersion } from './appRoot.js';
import { VoxbenchError } from '../common/errors.js';
import type { JobView } from '../common/syncModel.js';
import { readJobs } from '../services/sync/jobView.js';
import { journalPath } from '../services/sync/journal.js';
import type { SyncQueue } from '../services/sync/queue.js';
import { defaultSettingsDir } from '../services/settingsDir.js';
import { syncUsage } from './cliUsage.js';
import { noDialogs } from './noDialogs.js';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const line = (job: JobView) =>
  `${job.id.slice(0, 8)} ${job.state.padEnd(11)} ${job.target} ${mib(job.bytesDone)}/${mib(job.bytesTotal)}${job.rate ? ` ${mib(job.rate)}/s ETA ${Math.ceil(job.etaSeconds ?? 0)} s` : ''}${job.error ? ` ${job.error.kind}: ${job.error.message}` : ''}`;

async function openQueue(runJobs = true): Promise<SyncQueue> {
  const { SyncQueue } = await import('../services/sync/queue.js');
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
  const { targetSchema } = await import('../common/syncModel.js');
  const queue = await openQueue();
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
  const { provenanceSchema, pushLayouts } = await import('../common/syncModel.js');
  const layout = pushLayouts.find((known) => known === (values.as ?? 'files'));
  if (!values.target || !positionals.length || !layout) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const given = values.provenance ? JSON.parse(await readFile(values.provenance, 'utf8')) : { inputScans: [], software: { name: 'Voxbench', version: appVersion() } };
  const provenance = provenanceSchema.safeParse(given);
  if (!provenance.success) throw new VoxbenchError('BadProvenance', `${values.provenance}: ${provenance.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const queue = await openQueue();
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
  const [{ createServices, openVolume }, { importLabelFile }, { labelsPush }] = await Promise.all([import('../services/services.js'), import('../services/segment/importLabelFile.js'), import('../services/sync/labelsPush.js')]);
  const services = createServices({ root: appRoot, transport: 'browser', dialogs: noDialogs });
  const queue = await openQueue();
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
  const queue = await openQueue();
  await queue.resumeAll();
  await finish(queue);
}

/** `pause JOB` or `cancel JOB`: a job running in another process (the app, another push) stops there too. */
const stopJob = (stop: 'pause' | 'cancel') => async (args: string[]) => {
  if (!args[0]) throw new VoxbenchError('Usage', `\n${syncUsage}`);
  const queue = await openQueue(false);
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
  const [{ listDatasets, pullDataset }, { safeName }, { credentialsFor }, { TargetStore }] = await Promise.all([import('../services/sync/pull.js'), import('../services/sync/remoteSchemas.js'), import('../services/sync/secrets.js'), import('../services/sync/targets.js')]);
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
