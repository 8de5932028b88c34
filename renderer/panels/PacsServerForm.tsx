// Adding a PACS: its DICOMweb root, how it signs in (none, user name and password, or a bearer token), and where
// the secret comes from (the desktop app's keychain, or environment variables / a user-only file in browser mode).
import { useState } from 'react';
import { usePacs, type PacsServer } from '../state/pacs';
import { SubmitForm } from './SubmitForm';

type AuthType = PacsServer['auth']['type'];
type Source = 'keychain' | 'env' | 'file';

export function PacsServerForm({ keychain, onDone }: { keychain: boolean; onDone(): void }) {
  const saveServer = usePacs((state) => state.saveServer);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [type, setType] = useState<AuthType>('basic');
  const [source, setSource] = useState<Source>(keychain ? 'keychain' : 'file');
  const [secret, setSecret] = useState({ username: '', password: '', token: '', prefix: '', path: '' });
  const field = (key: keyof typeof secret, label: string, password = false) => (
    <label>
      {label} <input aria-label={label} type={password ? 'password' : 'text'} value={secret[key]} onChange={(event) => setSecret({ ...secret, [key]: event.currentTarget.value })} />
    </label>
  );
  const submit = async () => {
    const credentials = source === 'env' ? { from: 'env' as const, prefix: secret.prefix } : source === 'file' ? { from: 'file' as const, path: secret.path } : { from: 'keychain' as const };
    const auth = type === 'none' ? { type } : { type, credentials };
    const stored = type !== 'none' && source === 'keychain' ? (type === 'basic' ? { username: secret.username, password: secret.password } : { token: secret.token }) : undefined;
    if (await saveServer({ name, url, auth }, stored)) onDone();
  };
  return (
    <SubmitForm className="pacs-form" testId="pacs-server-form" onSubmit={submit}>
      <label>
        Name <input aria-label="Server name" value={name} onChange={(event) => setName(event.currentTarget.value)} placeholder="hospital-pacs" />
      </label>
      <label>
        DICOMweb URL <input aria-label="DICOMweb URL" value={url} onChange={(event) => setUrl(event.currentTarget.value)} placeholder="https://pacs.example.org/dicom-web" />
      </label>
      <label>
        Sign in{' '}
        <select aria-label="Sign in" value={type} onChange={(event) => setType(event.currentTarget.value as AuthType)}>
          <option value="none">no sign-in</option>
          <option value="basic">user name and password</option>
          <option value="bearer">bearer token</option>
        </select>
      </label>
      {type !== 'none' && (
        <label>
          Credentials from{' '}
          <select aria-label="Credentials from" value={source} onChange={(event) => setSource(event.currentTarget.value as Source)}>
            {keychain && <option value="keychain">this app's keychain (encrypted)</option>}
            <option value="env">environment variables</option>
            <option value="file">a file only I can read</option>
          </select>
        </label>
      )}
      {type === 'basic' && source === 'keychain' && field('username', 'User name')}
      {type === 'basic' && source === 'keychain' && field('password', 'Password', true)}
      {type === 'bearer' && source === 'keychain' && field('token', 'Token', true)}
      {type !== 'none' && source === 'env' && field('prefix', `Variable prefix (…_${type === 'basic' ? 'USERNAME, …_PASSWORD' : 'TOKEN'})`)}
      {type !== 'none' && source === 'file' && field('path', `Credentials file (chmod 600, JSON ${type === 'basic' ? '{ username, password }' : '{ token }'})`)}
      <button type="submit">Save server</button>
    </SubmitForm>
  );
}
