/**
 * Reading a document to import into a ParsedPlan, under the limits of core/importer/limits.ts. The use case
 * (importPlan) asks the runtime's reader: the local server reads in a worker thread with its own heap cap and a time
 * limit (server/files/planWorker.ts), so a document that gets past the limits still cannot stall or take down the
 * server; CloudBase (and the test world) read in the call itself (`inlinePlanReader`), under the same limits.
 */
import { checkDocumentLimits } from '../importer/limits';
import { parsePlan, type PlanFile } from '../importer';
import type { ImportOverride } from '../importer/table';
import type { Directory, ParsedPlan } from '../model';
import { createDirectoryIndex } from '../org/directory';

export interface PlanReader {
  /** `override`: what the administrator corrected in the preview (the column roles). */
  read(file: PlanFile, directory: Directory, override?: ImportOverride): Promise<ParsedPlan>;
}

/** The limits, then the importer, in this thread. */
export async function readPlanUnderLimits(
  file: PlanFile,
  directory: Directory,
  override: ImportOverride = {},
): Promise<ParsedPlan> {
  await checkDocumentLimits(file);
  return parsePlan(file, createDirectoryIndex(directory), override);
}

export const inlinePlanReader: PlanReader = { read: readPlanUnderLimits };
