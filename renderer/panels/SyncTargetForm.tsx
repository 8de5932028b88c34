// Adding a data-centre target: where the bytes go, the credentials (typed here: kept in the desktop app's keychain,
// or in a file only you can read; or named environment variables), and the catalogue with its owner fields. Each
// field says what is wrong with it before saving, and Test connection asks the store and the catalogue.
import { useEffect, useState } from 'react';
import { client } from '../client/client';
import { useSync, type TargetInput } from '../state/sync';
import { shownFields, targetProblems, type Auth, type TargetField, type TargetValues } from './targetFormCheck';
import { CheckedField } from './CheckedField';
import { ConnectionTestResult, useCheckedForm, useConnectionTest } from './useCheckedForm';
import { SubmitForm } from './SubmitForm';

const labels: Record<TargetField, string> = {
  name: 'Name',
  endpoint: 'S3 endpoint URL',
  bucket: 'Bucket',
  prefix: 'Prefix in the bucket (optional)',
  envPrefix: 'Environment variable prefix',
  file: 'Credentials file (written readable by you only)',
  accessKeyId: 'Access key',
  secretAccessKey: 'Secret key',
  catalogue: 'Catalogue URL (optional, SciCat)',
  owner: 'Catalogue owner',
  ownerGroup: 'Owner group',
  contactEmail: 'Contact e-mail',
  catalogueToken: 'Catalogue token (optional)',
};
const secret = new Set<TargetField>(['secretAccessKey', 'catalogueToken']);

function targetOf(auth: Auth, v: TargetValues): TargetInput {
  const text = (field: TargetField) => (v[field] ?? '').trim();
  return {
    name: text('name'),
    endpoint: text('endpoint'),
    bucket: text('bucket'),
    prefix: text('prefix'),
    auth: auth === 'env' ? { from: 'env', prefix: text('envPrefix') } : auth === 'file' ? { from: 'file', path: text('file') } : { from: 'keychain' },
    ...(text('catalogue') && { catalogue: { url: text('catalogue'), owner: text('owner'), ownerGroup: text('ownerGroup'), contactEmail: text('contactEmail') } }),
  };
}

const credentialsOf = (auth: Auth, v: TargetValues) =>
  auth === 'env' ? undefined : { accessKeyId: (v.accessKeyId ?? '').trim(), secretAccessKey: v.secretAccessKey ?? '', ...(v.catalogueToken && { catalogueToken: v.catalogueToken }) };

/** Browser mode keeps credentials in a file under the user's config folder unless told otherwise. */
function useDefaultCredentialsFile(auth: Auth, values: TargetValues, setValues: (values: TargetValues) => void, touched: Set<TargetField>): void {
  const [home, setHome] = useState<string>();
  useEffect(() => {
    if (auth === 'file' && home === undefined) void client().call('files.roots', {}).then((roots) => setHome(roots.find((root) => root.label === 'Home')?.path ?? ''), () => setHome(''));
  }, [auth, home]);
  useEffect(() => {
    if (auth !== 'file' || !home || touched.has('file')) return;
    const file = `${home}/.config/voxbench/credentials/${values.name?.trim() || 'target'}.json`;
    if (values.file !== file) setValues({ ...values, file });
  }, [auth, home, values, setValues, touched]);
}

export function SyncTargetForm({ keychain, onDone }: { keychain: boolean; onDone(): void }) {
  const { saveTarget } = useSync();
  const [auth, setAuth] = useState<Auth>(keychain ? 'keychain' : 'file');
  const { values, setValues, touched, problemShown, leave, attempt } = useCheckedForm<TargetField>({}, (typed) => targetProblems(auth, typed));
  const { tested, test } = useConnectionTest('Testing…');
  useDefaultCredentialsFile(auth, values, setValues, touched);

  const submit = async () => {
    if (!attempt()) return;
    await saveTarget(targetOf(auth, values), credentialsOf(auth, values));
    if (!useSync.getState().message) onDone();
  };
  const testConnection = async () => {
    if (!attempt()) return;
    const credentials = credentialsOf(auth, values);
    await test(async () => {
      const answer = await client().call('sync.testTarget', { target: targetOf(auth, values), ...(credentials && { credentials }) });
      return [answer.store, answer.catalogue].filter(Boolean).join('; ');
    });
  };

  return (
    <SubmitForm className="target-form" testId="sync-target-form" onSubmit={submit}>
      <label className="form-field">
        <span>Credentials</span>
        <select value={auth} onChange={(event) => setAuth(event.currentTarget.value as Auth)}>
          {keychain && <option value="keychain">typed here, kept in this app's keychain (encrypted)</option>}
          <option value="file">typed here, kept in a file only I can read</option>
          <option value="env">from environment variables of the server</option>
        </select>
      </label>
      {shownFields(auth, values).map((field) => (
        <CheckedField
          key={field}
          field={field}
          label={labels[field]}
          value={values[field] ?? ''}
          problem={problemShown(field)}
          type={secret.has(field) ? 'password' : field === 'contactEmail' ? 'email' : 'text'}
          onChange={(value) => setValues({ ...values, [field]: value })}
          onLeave={() => leave(field)}
        />
      ))}
      <div className="field-row">
        <button type="button" onClick={() => void testConnection()} disabled={tested?.running} data-testid="target-test">
          Test connection
        </button>
        <button type="submit" className="primary" data-testid="target-save">
          Save target
        </button>
      </div>
      <ConnectionTestResult tested={tested} testId="target-test-result" />
    </SubmitForm>
  );
}
