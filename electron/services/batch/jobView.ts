// A batch job as the Jobs panel shows it: the journal's record, where it runs in words, without the login's key paths.
import type { BatchJobView } from '../../common/batchCalls.js';
import type { BatchJob } from './journal.js';

const whereIn = ({ where }: BatchJob) => (where.kind === 'local' ? `here, ${where.parallel} at a time` : where.login ? `Slurm via ${where.login.username}@${where.login.host}:${where.login.port}` : 'Slurm on this machine');

export const isOpen = (job: BatchJob) => job.tasks.some((task) => task.state === 'pending' || task.state === 'running' || (job.publish && task.state === 'done' && !task.published));

export function batchJobView(job: BatchJob, unreachable?: string): BatchJobView {
  return {
    id: job.id,
    createdAt: job.createdAt,
    recipe: job.recipe,
    where: whereIn(job),
    cancellable: job.where.kind === 'slurm',
    submissions: job.submissions,
    // A pulled dataset is shown as the user named it, not where its copy lies.
    tasks: job.tasks.map(({ index, input, dataset, output, state, node, seconds, reason, attempts, published }) => ({ index, input: dataset?.location ?? input, output, state, node, seconds, reason, attempts, published })),
    ...(unreachable && { unreachable }),
  };
}
