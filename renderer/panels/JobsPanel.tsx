// The Jobs panel: batch jobs over many scans (run here or on the data centre's Slurm cluster), each task's state,
// node, runtime and why it failed, its log's tail on request; Cancel one task or all, Resubmit the failed ones.
// It lists the journal's jobs at start, so after a restart the app is back on the jobs it left running.
import { useEffect } from 'react';
import { isOpen, useBatch, type BatchJobView } from '../state/batch';
import { BatchRunForm } from './BatchRunForm';

const POLL_MS = 2000;
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;
/** A task's input as the run form named it: a file by its name, a data-centre dataset as TARGET / key. */
const inputName = (input: string) => (/^s3:\/\//i.test(input) ? input.slice('s3://'.length).replace('/', ' / ') : fileName(input));

function TaskRow({ job, task }: { job: BatchJobView; task: BatchJobView['tasks'][number] }) {
  const { cancel, showLog, logs } = useBatch();
  const log = logs[`${job.id}/${task.index}`];
  const open = task.state === 'pending' || task.state === 'running';
  return (
    <>
      <tr data-testid="batch-task" data-state={task.state}>
        <td title={`Task ${task.index}: ${task.input}${task.attempts > 1 ? ` (attempt ${task.attempts})` : ''}`}>{inputName(task.input)}</td>
        <td className={`batch-state ${task.state}`}>{task.state}</td>
        <td title="The node it ran on, and its runtime">{[task.node, task.seconds === undefined ? undefined : `${task.seconds.toFixed(1)} s`].filter(Boolean).join(' ')}</td>
        <td className="batch-task-actions">
          <button onClick={() => void showLog(job.id, task.index)}>Log</button>
          {job.cancellable && open && (
            <button onClick={() => void cancel(job.id, task.index)} aria-label={`Cancel task ${task.index}`} title={`Cancel task ${task.index} (scancel)`}>
              ✕
            </button>
          )}
        </td>
      </tr>
      {task.reason && (
        <tr>
          <td colSpan={4} className="error" data-testid="batch-task-reason">
            {task.reason}
          </td>
        </tr>
      )}
      {log && (
        <tr>
          <td colSpan={4}>
            <pre className="batch-log" data-testid="batch-log">
              {log.join('\n') || '(empty log)'}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}

function JobCard({ job }: { job: BatchJobView }) {
  const { cancel, resubmit } = useBatch();
  const count = (state: string) => job.tasks.filter((task) => task.state === state).length;
  const failed = count('failed');
  return (
    <li className="batch-job" data-testid="batch-job" data-id={job.id}>
      <div className="row">
        <b title={job.recipe}>{fileName(job.recipe)}</b>
        <span className="hint" data-testid="batch-job-summary">
          job {job.id} · {job.where} · {count('done')}/{job.tasks.length} done{failed ? ` · ${failed} failed` : ''}
          {job.submissions.length && job.cancellable ? ` · Slurm job ${job.submissions.join(', ')}` : ''}
        </span>
      </div>
      {job.unreachable && <p className="error">Not refreshed: {job.unreachable}</p>}
      <table className="batch-tasks">
        <colgroup>
          <col />
          <col className="batch-state-column" />
          <col className="batch-where-column" />
          <col className="batch-actions-column" />
        </colgroup>
        <tbody>
          {job.tasks.map((task) => (
            <TaskRow key={task.index} job={job} task={task} />
          ))}
        </tbody>
      </table>
      <div className="row">
        {job.cancellable && isOpen(job) && <button onClick={() => void cancel(job.id)}>Cancel all</button>}
        {failed > 0 && !isOpen(job) && <button onClick={() => void resubmit(job.id)}>Resubmit failed</button>}
      </div>
    </li>
  );
}

export function JobsPanel() {
  const { jobs, message, load } = useBatch();
  const polling = jobs.some(isOpen);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [polling, load]);
  return (
    <div className="batch-panel" data-testid="jobs-panel">
      <BatchRunForm />
      {message && <p className="error">{message}</p>}
      <ul className="batch-jobs">
        {jobs.map((job) => (
          <JobCard key={job.id} job={job} />
        ))}
      </ul>
      {!jobs.length && <p className="hint">No batch jobs yet. Command line: voxbench batch run.</p>}
    </div>
  );
}
