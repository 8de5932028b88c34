// The staging folder: files the app writes only to push them (a segmentation's export) live in the settings
// folder until their job is done or cancelled, then go.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { JobSpec } from './model.js';

/** A scan's name without its extension, for the names of what is staged from it. */
export const stem = (name: string) => name.replace(/(\.nii\.gz|\.[^.]+)$/i, '');

const stagingRoot = (settingsDir: string) => join(settingsDir, 'staging');

/** A fresh folder for one push's files. */
export async function stagingFolder(settingsDir: string): Promise<string> {
  const folder = join(stagingRoot(settingsDir), randomUUID());
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** Removes the job's staged files with their folders; the user's own files are never touched. */
export async function removeStaged(settingsDir: string, spec: JobSpec): Promise<void> {
  const staged = [...spec.files.map(({ path }) => dirname(path)), ...(spec.omeZarr ? [dirname(spec.omeZarr.staged)] : [])].filter((folder) => relative(stagingRoot(settingsDir), folder).match(/^[^./][^/]*$/));
  await Promise.all([...new Set(staged)].map((folder) => rm(folder, { recursive: true, force: true })));
}
