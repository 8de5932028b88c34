// Adding a data-centre target: where the bytes go, where the catalogue is, and where the credentials come
// from (the desktop app's keychain, or environment variables / a user-only file in browser mode).
import { useState } from 'react';
import { useSync, type TargetInput } from '../state/sync';

const fields = ['name', 'endpoint', 'bucket', 'prefix', 'catalogue', 'owner', 'ownerGroup', 'contactEmail', 'envPrefix', 'file', 'accessKeyId', 'secretAccessKey', 'catalogueToken'] as const;
type Field = (typeof fields)[number];

const labels: Record<Field, string> = {
  name: 'Name',
  endpoint: 'S3 endpoint',
  bucket: 'Bucket',
  prefix: 'Prefix',
  catalogue: 'Catalogue URL (optional)',
  owner: 'Owner',
  ownerGroup: 'Owner group',
  contactEmail: 'Contact e-mail',
  envPrefix: 'Environment variable prefix',
  file: 'Credentials file (chmod 600)',
  accessKeyId: 'Access key',
  secretAccessKey: 'Secret key',
  catalogueToken: 'Catalogue token',
};

export function SyncTargetForm({ keychain, onDone }: { keychain: boolean; onDone(): void }) {
  const { saveTarget } = useSync();
  const [auth, setAuth] = useState<'keychain' | 'env' | 'file'>(keychain ? 'keychain' : 'env');
  const [values, setValues] = useState<Partial<Record<Field, string>>>({});
  const shown = fields.filter((field) => {
    if (field === 'envPrefix') return auth === 'env';
    if (field === 'file') return auth === 'file';
    if (['accessKeyId', 'secretAccessKey', 'catalogueToken'].includes(field)) return auth === 'keychain';
    if (['owner', 'ownerGroup', 'contactEmail'].includes(field)) return Boolean(values.catalogue);
    return true;
  });
  const submit = async () => {
    const v = values;
    const target: TargetInput = {
      name: v.name ?? '',
      endpoint: v.endpoint ?? '',
      bucket: v.bucket ?? '',
      prefix: v.prefix ?? '',
      auth: auth === 'env' ? { from: 'env', prefix: v.envPrefix ?? '' } : auth === 'file' ? { from: 'file', path: v.file ?? '' } : { from: 'keychain' },
      ...(v.catalogue && { catalogue: { url: v.catalogue, owner: v.owner ?? '', ownerGroup: v.ownerGroup ?? '', contactEmail: v.contactEmail ?? '' } }),
    };
    const credentials = auth === 'keychain' ? { accessKeyId: v.accessKeyId ?? '', secretAccessKey: v.secretAccessKey ?? '', ...(v.catalogueToken && { catalogueToken: v.catalogueToken }) } : undefined;
    await saveTarget(target, credentials);
    if (!useSync.getState().message) onDone();
  };
  return (
    <form
      data-testid="sync-target-form"
      style={{ display: 'grid', gap: 4 }}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        Credentials from{' '}
        <select value={auth} onChange={(event) => setAuth(event.currentTarget.value as typeof auth)}>
          {keychain && <option value="keychain">this app's keychain (encrypted)</option>}
          <option value="env">environment variables</option>
          <option value="file">a file only I can read</option>
        </select>
      </label>
      {shown.map((field) => (
        <input
          key={field}
          placeholder={labels[field]}
          aria-label={labels[field]}
          type={field === 'secretAccessKey' || field === 'catalogueToken' ? 'password' : 'text'}
          value={values[field] ?? ''}
          onChange={(event) => setValues({ ...values, [field]: event.currentTarget.value })}
        />
      ))}
      <button type="submit">Save target</button>
    </form>
  );
}
