// What is wrong with a sync target form, field by field, in words a person can act on before saving (the main
// side checks again with the contract's schema; these say the same rules readably).
export const targetFields = ['name', 'endpoint', 'bucket', 'prefix', 'envPrefix', 'file', 'accessKeyId', 'secretAccessKey', 'catalogue', 'owner', 'ownerGroup', 'contactEmail', 'catalogueToken'] as const;
export type TargetField = (typeof targetFields)[number];
export type Auth = 'keychain' | 'env' | 'file';
export type TargetValues = Partial<Record<TargetField, string>>;

/** The fields the form shows for this way of keeping credentials (owner fields once there is a catalogue). */
export function shownFields(auth: Auth, values: TargetValues): TargetField[] {
  return targetFields.filter((field) => {
    if (field === 'envPrefix') return auth === 'env';
    if (field === 'file') return auth === 'file';
    if (field === 'accessKeyId' || field === 'secretAccessKey') return auth !== 'env';
    if (field === 'catalogueToken') return auth !== 'env' && Boolean(values.catalogue?.trim());
    if (field === 'owner' || field === 'ownerGroup' || field === 'contactEmail') return Boolean(values.catalogue?.trim());
    return true;
  });
}

function urlProblem(text: string, what: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return `${what} needs its scheme: http://${text.replace(/^\w+:\/\//, '') || 'host:port'} or https://…`;
  try {
    new URL(text);
    return undefined;
  } catch {
    return `${what} is not a URL (write it as https://host:port).`;
  }
}

const rules: Record<TargetField, (value: string, values: TargetValues) => string | undefined> = {
  name: (value) => (!value ? 'Give the target a name.' : /^[\w.-]{1,64}$/.test(value) ? undefined : 'A name has letters, digits, ".", "_" or "-" only, 64 at most.'),
  endpoint: (value) => (!value ? 'Give the S3 endpoint, e.g. https://s3.example.org or http://localhost:9000.' : urlProblem(value, 'The endpoint')),
  bucket: (value) => (value.length >= 3 ? undefined : 'A bucket name has at least 3 characters.'),
  prefix: () => undefined,
  envPrefix: (value) => (/^[A-Z_][A-Z0-9_]*$/.test(value) ? undefined : 'Capital letters, digits and "_" (e.g. VOXBENCH_DC): Voxbench reads PREFIX_ACCESS_KEY_ID and PREFIX_SECRET_ACCESS_KEY.'),
  file: (value) => (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) ? undefined : 'Give the full path of the credentials file (it is written only you can read).'),
  accessKeyId: (value) => (value ? undefined : 'Enter the access key.'),
  secretAccessKey: (value) => (value ? undefined : 'Enter the secret key.'),
  catalogue: (value) => (value ? urlProblem(value, 'The catalogue URL') : undefined),
  owner: (value) => (value ? undefined : 'The catalogue needs an owner for every dataset.'),
  ownerGroup: (value) => (value ? undefined : 'The catalogue needs an owner group.'),
  contactEmail: (value) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : 'Give a contact e-mail address (name@example.org).'),
  catalogueToken: () => undefined,
};

/** Each shown field's problem; empty when the form can be saved. */
export function targetProblems(auth: Auth, values: TargetValues): Partial<Record<TargetField, string>> {
  const problems: Partial<Record<TargetField, string>> = {};
  for (const field of shownFields(auth, values)) {
    const problem = rules[field]((values[field] ?? '').trim(), values);
    if (problem) problems[field] = problem;
  }
  return problems;
}
