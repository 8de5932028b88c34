// Adding a Slurm cluster: its login node (SSH with a key file; the login node's key must already be in the
// known_hosts file given), and what each array task asks Slurm for. Each field says what is wrong with it before
// saving; Test connection reaches the login node and asks Slurm (sinfo), saying what failed.
import { useRef } from 'react';
import { client } from '../client/client';
import { useBatch } from '../state/batch';
import { clusterDefaults, clusterOf, clusterProblems, type ClusterField } from './clusterFormCheck';
import { CheckedField } from './CheckedField';
import { ConnectionTestResult, useCheckedForm, useConnectionTest } from './useCheckedForm';
import { SubmitForm } from './SubmitForm';

const labels: Record<ClusterField, string> = {
  name: 'Cluster name',
  host: 'Login node',
  port: 'SSH port',
  username: 'User',
  privateKey: 'Private key file (on this computer)',
  knownHosts: 'known_hosts file (on this computer)',
  partition: 'Partition (optional)',
  account: 'Account (optional)',
  minutes: 'Time limit per task (min)',
  cpus: 'CPUs per task',
  memMb: 'Memory per task (MB)',
  throttle: 'Tasks at once (%N)',
  remoteDir: 'Voxbench folder there (optional, default ~/.voxbench)',
};

/** Fields drawn two to a row: the short numbers. */
const paired: ClusterField[][] = [['name'], ['host'], ['port', 'username'], ['privateKey'], ['knownHosts'], ['partition', 'account'], ['minutes', 'cpus'], ['memMb', 'throttle'], ['remoteDir']];

/** The desktop app reads only files the user chose: a key or known_hosts file is picked, its path filled in. */
function ChooseFile({ label, onPath }: { label: string; onPath(path: string): void }) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="choose-file" onClick={() => picker.current!.click()} title={`Choose the ${label}`}>
        Choose…
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void client().pathOf(file).then(onPath);
        }}
      />
    </>
  );
}

const chosenFiles = new Set<ClusterField>(['privateKey', 'knownHosts']);

export function ClusterForm({ onDone }: { onDone(): void }) {
  const desktop = client().transport === 'electron';
  const saveCluster = useBatch((state) => state.saveCluster);
  const { values, setValues, problemShown, leave, attempt } = useCheckedForm<ClusterField>(clusterDefaults, clusterProblems);
  const { tested, test } = useConnectionTest('Connecting…');

  const submit = async () => {
    if (attempt() && (await saveCluster(clusterOf(values)))) onDone();
  };
  const testConnection = async () => {
    if (attempt()) await test(async () => (await client().call('batch.testCluster', { cluster: clusterOf(values) })).answer);
  };
  const input = (field: ClusterField) => {
    const label = (
      <CheckedField
        key={field}
        field={field}
        label={labels[field]}
        value={values[field] ?? ''}
        problem={problemShown(field)}
        onChange={(value) => setValues({ ...values, [field]: value })}
        onLeave={() => leave(field)}
      />
    );
    if (!desktop || !chosenFiles.has(field)) return label;
    return (
      <div key={field} className="form-field">
        {label}
        <ChooseFile label={labels[field]} onPath={(path) => setValues((before) => ({ ...before, [field]: path }))} />
      </div>
    );
  };
  return (
    <SubmitForm className="target-form cluster-form" testId="cluster-form" onSubmit={submit}>
      {paired.map((row) => (
        <div key={row.join()} className="field-row">
          {row.map(input)}
        </div>
      ))}
      <p className="hint">The login node's key must already be in the known_hosts file: Voxbench never accepts an unknown host key.</p>
      <div className="field-row">
        <button type="button" onClick={() => void testConnection()} disabled={tested?.running} data-testid="cluster-test">
          Test connection
        </button>
        <button type="submit" className="primary" data-testid="cluster-save">
          Save cluster
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ConnectionTestResult tested={tested} testId="cluster-test-result" />
    </SubmitForm>
  );
}
