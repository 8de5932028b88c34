// Grants from the page: only files a trusted drop or file input carries reach the main side, and only from our page.
import { describe, expect, test } from 'vitest';
import { chosenPaths, FILES_CHOSEN_CHANNEL } from '../../electron/shell/chosenFiles';
import { registerChosenFiles, type IpcMainLike } from '../../electron/shell/ipc';
import type { Access, FileAccess } from '../../electron/services/fileAccess';

const file = (path: string) => ({ path }) as unknown as File;
const pathOf = (chosen: File) => (chosen as unknown as { path: string }).path;

describe('chosenPaths', () => {
  test('a trusted drop gives its files’ paths, a trusted file-input change its input’s', () => {
    expect(chosenPaths({ type: 'drop', isTrusted: true, dataTransfer: { files: [file('/scans/a.nii'), file('/other/b')] } }, pathOf)).toEqual(['/scans/a.nii', '/other/b']);
    expect(chosenPaths({ type: 'change', isTrusted: true, target: { type: 'file', files: [file('/m/model.onnx')] } }, pathOf)).toEqual(['/m/model.onnx']);
  });

  test('several files of one folder (a series) grant that folder too; one file does not', () => {
    const series = [file('/scans/ct/1.dcm'), file('/scans/ct/2.dcm')];
    expect(chosenPaths({ type: 'drop', isTrusted: true, dataTransfer: { files: series } }, pathOf)).toEqual(['/scans/ct/1.dcm', '/scans/ct/2.dcm', '/scans/ct']);
    expect(chosenPaths({ type: 'drop', isTrusted: true, dataTransfer: { files: [file('C:\\ct\\1'), file('C:\\ct\\2')] } }, pathOf)).toContain('C:\\ct');
    expect(chosenPaths({ type: 'drop', isTrusted: true, dataTransfer: { files: [series[0]!] } }, pathOf)).toEqual(['/scans/ct/1.dcm']);
  });

  test('events the page made, inputs that are not file inputs, and files without a path on disk give nothing', () => {
    expect(chosenPaths({ type: 'drop', isTrusted: false, dataTransfer: { files: [file('/etc/shadow')] } }, pathOf)).toEqual([]);
    expect(chosenPaths({ type: 'change', isTrusted: true, target: { type: 'text', files: [file('/etc/shadow')] } }, pathOf)).toEqual([]);
    expect(chosenPaths({ type: 'drop', isTrusted: true, dataTransfer: { files: [file('')] } }, pathOf)).toEqual([]);
    expect(chosenPaths({ type: 'paste', isTrusted: true, dataTransfer: { files: [file('/etc/shadow')] } }, pathOf)).toEqual([]);
  });
});

test('the main side grants read of chosen files sent from our page only, on a send-only channel', () => {
  const listeners = new Map<string, Parameters<IpcMainLike['on']>[1]>();
  const granted: [string, Access][] = [];
  const fileAccess: FileAccess = { grant: (path, access) => void granted.push([path, access]), check: () => undefined };
  registerChosenFiles({ handle: () => undefined, on: (channel, listener) => void listeners.set(channel, listener) }, fileAccess);
  const send = listeners.get(FILES_CHOSEN_CHANNEL)!;
  send({ senderFrame: { url: 'voxbench://app.evil/' } }, ['/etc/shadow']);
  send({ senderFrame: { url: 'voxbench://app/index.html' } }, 'not a list');
  send({ senderFrame: { url: 'voxbench://app/index.html' } }, ['/scans/a.nii', 42, '']);
  expect(granted).toEqual([['/scans/a.nii', 'read']]);
});
