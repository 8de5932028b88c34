// Why a task failed, in one line from its log: the last error line (a VoxbenchError's "Kind: message", a Node
// "TypeError: …" or "Error [CODE]: …", Slurm's "slurmstepd: error: …"), not the stack or the Node.js banner after it.
const errorLine = /^[A-Za-z][\w.-]*(?: \[\w+\])?: \S/;

export function failureLine(log: string): string | undefined {
  const lines = log.split('\n').map((line) => line.trimEnd()).filter(Boolean);
  return lines.findLast((line) => errorLine.test(line)) ?? lines.at(-1);
}
