/**
 * Stored files: report photos, imported documents, exported circulars.
 * Local runtime: files on disk under their content hash. CloudBase: cloud storage fileIDs.
 */
export interface Files {
  /** Whether `fileId` exists and was uploaded by `principal` (a submitted photo must be the caller's own). */
  ownedBy(fileId: string, principal: string): Promise<boolean>;
  /** URLs the caller may load, by file id (signed local URLs; CloudBase temp URLs in batches of 50). */
  urls(fileIds: string[]): Promise<Record<string, string>>;
  /** The bytes of an uploaded file (an imported document). */
  read(fileId: string): Promise<Uint8Array>;
  /** Stores a photo's stamped display copy (a JPEG made from an uploaded photo); returns its file id. */
  savePhotoCopy(bytes: Uint8Array): Promise<string>;
  /** Stores a generated file (a circular) and gives a URL to fetch it. */
  saveExport(fileName: string, bytes: Uint8Array): Promise<{ fileId: string; url: string }>;
  /**
   * Every stored file with its kind, size and when it was last stored, for disk usage and the cleanup of uploads
   * never attached to a report (core/usecases/storage.ts). Absent where the storage cannot be listed (CloudBase).
   */
  list?(): Promise<StoredFile[]>;
  /** Deletes stored files (the cleanup's orphans); how many were there. */
  remove?(fileIds: string[]): Promise<number>;
  /**
   * Where the app uploads straight to storage and the runtime never sees the bytes (CloudBase: `wx.cloud.uploadFile`),
   * the record of the uploads the app noted (core/usecases/noteUploads.ts), which is also what `list` lists there.
   * Absent where every upload passes through the runtime (the local server's upload routes).
   */
  notes?: UploadNotes;
  /**
   * `list` knows only the files recorded since the record began (CloudBase: uploads noted, copies and circulars
   * saved since this version), not older ones; storageUsage says so.
   */
  listsRecordedOnly?: boolean;
}

/** An upload the app noted: the file as the runtime found it, and whose it is. */
export interface NotedUpload extends StoredFile {
  kind: 'upload' | 'document';
  userId: string;
  unitId: string;
}

/** The record of uploads made straight to storage (Files.notes). */
export interface UploadNotes {
  /**
   * What storage holds at `fileId`, read from the stored object itself (never the app's word): its kind (a photo, or
   * a table in the caller's imports folder) and its size; null when nothing is stored there.
   */
  inspect(fileId: string): Promise<{ kind: NotedUpload['kind']; bytes: number } | null>;
  /** The notes of these file ids that exist. */
  get(fileIds: string[]): Promise<NotedUpload[]>;
  /** `userId`'s notes stored at or after `since` (the quota's minute and day). */
  since(userId: string, since: string): Promise<NotedUpload[]>;
  /** Records these notes (a file id noted already keeps its first note). */
  add(notes: NotedUpload[]): Promise<void>;
}

export interface StoredFile {
  fileId: string;
  /** `upload`: a photo a person uploaded; `copy`: a photo's stamped display copy; then documents and exports. */
  kind: 'upload' | 'copy' | 'document' | 'export';
  bytes: number;
  /** When it was last stored (an equal upload again counts as new). */
  storedAt: string;
}
