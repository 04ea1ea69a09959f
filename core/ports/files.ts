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
}
