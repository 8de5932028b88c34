// A failed batch task's reason: the error line of its log, as Node, the CLI and slurmstepd write them.
import { expect, test } from 'vitest';
import { failureLine } from '../../electron/services/batch/taskLog';

test('a Node crash at start-up gives its error line, not the stack or the Node.js banner', () => {
  // Node 20's own output for a package missing at import time.
  const log = `node:internal/modules/esm/resolve:873
  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);
        ^

Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'onnxruntime-node' imported from /w/dist/electron/cli.js
    at packageResolve (node:internal/modules/esm/resolve:873:9)
    at ModuleJob._link (node:internal/modules/esm/module_job:168:49) {
  code: 'ERR_MODULE_NOT_FOUND'
}

Node.js v20.20.2
`;
  expect(failureLine(log)).toBe("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'onnxruntime-node' imported from /w/dist/electron/cli.js");
});

test("the CLI's typed error and Slurm's own line are taken as written", () => {
  expect(failureLine('opening scan\nUnreadableScan: /d/scan_3.nii.gz: gzip header is damaged\n')).toBe('UnreadableScan: /d/scan_3.nii.gz: gzip header is damaged');
  expect(failureLine('slurmstepd: error: *** JOB 12_3 ON c1 CANCELLED AT 2025-01-01T10:00:00 ***\n')).toBe('slurmstepd: error: *** JOB 12_3 ON c1 CANCELLED AT 2025-01-01T10:00:00 ***');
});

test('a log without an error line gives its last line; an empty one gives nothing', () => {
  expect(failureLine('step 1\nKilled\n')).toBe('Killed');
  expect(failureLine('')).toBeUndefined();
});
