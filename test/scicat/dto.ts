// SciCat's validation rules for what Voxbench sends, transcribed from scicat-backend-next (commit 4055c96,
// 2026-02-14) into zod. SciCat's ValidationPipe runs with whitelist + forbidNonWhitelisted (src/main.ts),
// hence .strict(): an unknown field is a 400, as there.
import { z } from 'zod';

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value), 'must be an ISO 8601 date string');
/** CustomEmailList (src/datasets/utils/email-list-validator.util.ts): one or more e-mails separated by ";". */
const emailList = z.string().refine((value) => value.split(';').every((email) => z.email().safeParse(email.trim()).success), 'must be e-mails separated by ";"');

/** OwnableDto (src/common/dto/ownable.dto.ts). */
const ownable = { ownerGroup: z.string(), accessGroups: z.array(z.string()).optional(), instrumentGroup: z.string().optional() };

/** CreateDerivedDatasetObsoleteDto ← UpdateDerivedDatasetObsoleteDto ← UpdateDatasetObsoleteDto ← OwnableDto. */
export const createDerivedDataset = z
  .object({
    ...ownable,
    pid: z.string().optional(),
    type: z.literal('derived'),
    version: z.string().optional(),
    datasetName: z.string(),
    // UpdateDatasetObsoleteDto
    owner: z.string(),
    ownerEmail: z.email().optional(),
    orcidOfOwner: z.string().optional(),
    contactEmail: emailList,
    sourceFolder: z.string().min(1),
    sourceFolderHost: z.url().optional(),
    size: z.number().int().optional(),
    packedSize: z.number().int().optional(),
    numberOfFiles: z.number().int().optional(),
    numberOfFilesArchived: z.number().int().optional(),
    creationTime: isoDate,
    validationStatus: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    description: z.string().optional(),
    classification: z.string().optional(),
    license: z.string().optional(),
    isPublished: z.boolean().optional(),
    techniques: z.array(z.object({ pid: z.string(), name: z.string() }).strict()).optional(),
    sharedWith: z.array(z.string()).optional(),
    relationships: z.array(z.object({ pid: z.string(), relationship: z.string() }).strict()).optional(),
    datasetlifecycle: z.record(z.string(), z.unknown()).optional(),
    scientificMetadata: z.record(z.string(), z.unknown()).optional(),
    scientificMetadataSchema: z.string().optional(),
    scientificMetadataValid: z.boolean().optional(),
    comment: z.string().optional(),
    dataQualityMetrics: z.number().optional(),
    proposalId: z.string().optional(),
    runNumber: z.string().optional(),
    // UpdateDerivedDatasetObsoleteDto
    investigator: z.string(),
    inputDatasets: z.array(z.string()),
    usedSoftware: z.array(z.string()),
    jobParameters: z.record(z.string(), z.unknown()).optional(),
    jobLogData: z.string().optional(),
  })
  .strict();

/** DataFileDto (src/common/dto/datafile.dto.ts). */
const dataFile = z
  .object({
    path: z.string(),
    size: z.number(),
    time: isoDate,
    chk: z.string().optional(),
    uid: z.string().optional(),
    gid: z.string().optional(),
    perm: z.string().optional(),
    type: z.string().optional(),
  })
  .strict();

/** CreateOrigDatablockDto ← UpdateOrigDatablockDto ← OwnableDto (src/origdatablocks/dto/). */
export const createOrigDatablock = z
  .object({
    ...ownable,
    ownerGroup: z.string().min(1).optional(),
    datasetId: z.string(),
    size: z.number().int(),
    chkAlg: z.string().min(1).optional(),
    dataFileList: z.array(dataFile).min(1),
    isPublished: z.boolean().optional(),
  })
  .strict();
