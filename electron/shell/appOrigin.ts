// Which frames are Voxbench's own page. Chromium hands us canonical URLs of the registered standard scheme
// (lower-case host, no credentials), so anything else — app.evil, app@evil, APP, a port — is someone else.
export const APP_SCHEME = 'voxbench';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True only for voxbench://app/… exactly: scheme, host, no user, no password, no port. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** An IPC sender is ours when its frame's URL is (a frame gone before the call arrives is not). */
export const isAppFrame = (frame: { url: string } | null | undefined): boolean => isAppUrl(frame?.url);
