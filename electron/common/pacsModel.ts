// What the PACS domain shows and takes across the contract: servers (a DICOMweb root and how to sign in),
// study queries, and the studies and series a PACS answers with, in the user's words.
import { z } from 'zod';
import { authSchema } from './syncModel.js';

/** Basic (user name and password) or bearer token, read from the keychain, environment variables or a user-only file. */
export const pacsAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** env: `${prefix}_USERNAME` and `${prefix}_PASSWORD`; file: JSON { username, password }. */
  z.object({ type: z.literal('basic'), credentials: authSchema }).strict(),
  /** env: `${prefix}_TOKEN`; file: JSON { token }. */
  z.object({ type: z.literal('bearer'), credentials: authSchema }).strict(),
]);

export const pacsServerSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64'),
    /** The DICOMweb root, e.g. https://pacs.example.org/dicom-web */
    url: z.url({ protocol: /^https?$/ }),
    auth: pacsAuthSchema,
  })
  .strict();
export type PacsServer = z.output<typeof pacsServerSchema>;

export const pacsCredentialsSchema = z.union([
  z.object({ username: z.string().min(1), password: z.string() }).strict(),
  z.object({ token: z.string().min(1) }).strict(),
]);
export type PacsCredentials = z.infer<typeof pacsCredentialsSchema>;

const dicomDate = z.string().regex(/^\d{8}$/, 'a date as YYYYMMDD');

/** QIDO-RS study search; every field narrows it, none given lists every study. */
export const studyQuerySchema = z
  .object({
    /** Matched as DICOM does: `*` and `?` wildcards; without one, names starting with it. */
    patientName: z.string().max(64).optional(),
    patientId: z.string().max(64).optional(),
    dateFrom: dicomDate.optional(),
    dateTo: dicomDate.optional(),
    modality: z.string().regex(/^[A-Z0-9]{1,16}$/).optional(),
    accessionNumber: z.string().max(16).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type StudyQuery = z.input<typeof studyQuerySchema>;

export interface PacsStudy {
  studyUid: string;
  patientName: string;
  patientId: string;
  patientBirthDate?: string;
  patientSex?: string;
  /** YYYYMMDD as DICOM writes it. */
  studyDate?: string;
  description?: string;
  accessionNumber?: string;
  modalities: string[];
  seriesCount?: number;
  instanceCount?: number;
}

export interface PacsSeries {
  studyUid: string;
  seriesUid: string;
  modality?: string;
  description?: string;
  seriesNumber?: number;
  instanceCount?: number;
}
