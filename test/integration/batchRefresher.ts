// The second process of batch-journal-lock.test.ts: refreshes one batch job over and over, as an app's Jobs panel
// does while the user resubmits from the command line, until the stop file appears; prints how many refreshes it made.
import { existsSync } from 'node:fs';
import { refreshBatch } from '../../electron/services/batch/batchJobs';
import { directCluster } from '../../electron/services/batch/cluster';

const [journal, id, stopFile] = process.argv.slice(2) as [string, string, string];
let refreshes = 0;
console.log('refreshing');
while (!existsSync(stopFile)) {
  await refreshBatch(directCluster, journal, id);
  refreshes++;
}
console.log(`refreshes ${refreshes}`);
