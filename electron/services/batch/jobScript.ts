// The job array script every task runs (under Slurm, or by the local runner with the same variables set): task
// i takes line i+1 of tasks.tsv, replays the recipe with the worker bundle (its models from the job's models/), and
// leaves results/i.json last, naming its exit code, node, start (ms since 1970) and runtime, the input's SHA-256 and the
// providers its models ran on. The labelmap writer writes atomically: a killed task leaves no output.
import { shellWord } from './cluster.js';

export interface Resources {
  cpus: number;
  memMb: number;
  minutes: number;
  /** Array tasks running at once (%T). */
  throttle: number;
  partition?: string;
  account?: string;
  qos?: string;
  /** --gres=gpu:N for model steps. */
  gpus?: number;
  /** How a node runs Node.js, when not `node` on its PATH: e.g. `apptainer exec --nv --bind /data node20.sif node` at a site that runs only containers. */
  node?: string;
}

export function jobScript(job: { id: string; jobDir: string; bundle: string; recipe: string }, resources: Resources): string {
  const { cpus, memMb, minutes, partition, account, qos, gpus } = resources;
  const dir = job.jobDir;
  const options = [
    `--job-name=voxbench-${job.id}`,
    `--cpus-per-task=${cpus}`,
    `--mem=${memMb}M`,
    `--time=${minutes}`,
    `--output=${dir}/logs/%a.log`,
    ...(partition ? [`--partition=${partition}`] : []),
    ...(account ? [`--account=${account}`] : []),
    ...(qos ? [`--qos=${qos}`] : []),
    ...(gpus ? [`--gres=gpu:${gpus}`] : []),
  ];
  return `#!/bin/bash
${options.map((option) => `#SBATCH ${option}`).join('\n')}
set -u
i=$SLURM_ARRAY_TASK_ID
dir=${shellWord(dir)}
IFS=$'\\t' read -r input output < <(sed -n "$((i + 1))p" "$dir/tasks.tsv")
start=$(date +%s%N)
rm -f "$dir/ran/$i.json" "$dir/ran/$i.sha256"
# The input's SHA-256 for the provenance, hashed while the recipe runs (after it, a large scan's hash left the core
# idle outside the task's time); of a folder (a DICOM series), of its files' sorted sha256sum listing.
if [ -d "$input" ]; then (cd "$input" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); else sha256sum < "$input"; fi > "$dir/ran/$i.sha256" &
hashing=$!
${resources.node ?? 'node'} ${shellWord(`${job.bundle}/dist/electron/cli.js`)} recipe run ${shellWord(job.recipe)} "$input" -o "$output" --models "$dir/models" --ran "$dir/ran/$i.json"
code=$?
wait $hashing
sha=$(cat "$dir/ran/$i.sha256")
ms=$((($(date +%s%N) - start) / 1000000))
# The models run and the provider each ran on (one JSON line from recipe run), [] where none ran.
models=$(cat "$dir/ran/$i.json" 2>/dev/null) || models='[]'
printf '{"exit":%d,"node":"%s","started":%d,"ms":%d,"task":"%s","sha256":"%s","models":%s}\\n' "$code" "$(hostname -s)" "$((start / 1000000))" "$ms" "\${SLURM_ARRAY_JOB_ID}_$i" "\${sha%% *}" "$models" > "$dir/results/$i.json.part"
mv "$dir/results/$i.json.part" "$dir/results/$i.json"
exit $code
`;
}
