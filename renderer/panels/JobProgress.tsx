// One job as a bar: what it is, how far (percent once its size is known), and Cancel where it can stop.
import type { Job } from '../state/jobs';

export function JobProgress({ job, testId }: { job: Job; testId?: string }) {
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : undefined;
  return (
    <div className="job-progress" data-testid={testId} data-job={job.kind}>
      <span className="hint one-line" title={job.message || job.label}>
        {job.message || job.label}
      </span>
      {/* Without a size yet a still bar: an indeterminate <progress> animates every frame, which in software GL kept
          Chromium's GPU process busy (0.13 core for one bar, measured) while the volume it waits for was loading. */}
      {percent === undefined ? <span className="job-busy" role="progressbar" aria-label="in progress" /> : <progress value={percent} max={100} />}
      <span className="job-percent">{percent === undefined ? '' : `${percent} %`}</span>
      {job.cancel && (
        <button onClick={job.cancel} data-testid={testId && `${testId}-cancel`}>
          Cancel
        </button>
      )}
    </div>
  );
}
