// The IPC sender check: only voxbench://app itself, compared as a parsed URL, never as a string prefix.
import { expect, test } from 'vitest';
import { isAppFrame, isAppUrl } from '../../electron/shell/appOrigin';

test('our page, at any path, is ours', () => {
  for (const url of ['voxbench://app/', 'voxbench://app/index.html', 'voxbench://app/index.html?x=1#view', 'voxbench://app']) expect(isAppUrl(url), url).toBe(true);
});

test('look-alikes that a prefix match would let through are not', () => {
  const others = [
    'voxbench://app.evil/', // a longer host
    'voxbench://app@evil/', // "app" as the user name, evil as the host
    'voxbench://app:evil@evil/',
    'voxbench://APP/', // Chromium canonicalises our standard scheme's host to lower case; anything else did not come from it
    'voxbench://app:8080/',
    'voxbench://app./',
    'voxbench://ap%70/',
    'voxbench://evil/app',
    'voxbench:app',
    'voxbenchx://app/',
    'https://app/',
    'file:///voxbench://app/',
    'not a url',
    '',
  ];
  for (const url of others) expect(isAppUrl(url), url).toBe(false);
});

test('a sender without a frame (gone before its call arrived) is not ours', () => {
  expect(isAppFrame(null)).toBe(false);
  expect(isAppFrame(undefined)).toBe(false);
  expect(isAppFrame({ url: 'voxbench://app/index.html' })).toBe(true);
});
