// Which paths name a dataset opened in place: apart from inPlace.ts, so the file-access check (and the reader
// thread through it) tells them apart without loading the sync targets, their credentials and their schemas.

/** What volume.open opens in place rather than from a local file. */
export const isInPlace = (path: string) => /^(s3|https?):\/\//i.test(path);
/** s3://<target>/<key>: it reads only from a target the user set up, so it needs no file grant on the desktop. */
export const isTargetDataset = (path: string) => /^s3:\/\//i.test(path);
