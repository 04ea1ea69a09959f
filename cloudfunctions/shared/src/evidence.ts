/**
 * The CloudBase side of the circular's issue numbers and of photo evidence (server/store/sqlite/evidence.ts is the
 * SQLite side). Issue numbers: one document per plan and number (`_id` `<plan>#<n>`, so two exports racing for the
 * same number cannot both get it: the loser reads again). Photo evidence: one document per report and photo;
 * each photo's eight hash bands are documents of their own (`duban_photo_bands`), found with `band in [...]`.
 */
import type { PhotoEvidence } from '../../../core/evidence/evidence';
import { hashBands } from '../../../core/evidence/phash';
import { isDuplicateKey, type CloudDatabase, type Doc } from './cloud';
import { C } from './collections';
import { GET_LIMIT, chunks, getAll, getByIds, sn } from './db';

function toEvidence(d: Doc): PhotoEvidence {
  return {
    reportId: String(d.reportId),
    fileId: String(d.fileId),
    displayId: sn(d.displayId),
    hash: sn(d.hash),
    takenAt: sn(d.takenAt),
    receivedAt: String(d.receivedAt),
    unitId: String(d.unitId),
    taskId: String(d.taskId),
    assignmentId: String(d.assignmentId),
    reuseOf: d.reuseJson ? (JSON.parse(String(d.reuseJson)) as PhotoEvidence['reuseOf']) : null,
  };
}

export class CloudEvidence {
  constructor(private readonly db: CloudDatabase) {}

  private col(name: string) {
    return this.db.collection(name);
  }

  async circularIssue(planId: string, date: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const had = (await this.col(C.circularIssues).where({ planId, date }).limit(1).get()).data[0];
      if (had) return Number(had.number);
      const last = (await this.col(C.circularIssues).where({ planId }).orderBy('number', 'desc').limit(1).get())
        .data[0];
      const number = (last ? Number(last.number) : 0) + 1;
      try {
        await this.col(C.circularIssues).add({ data: { _id: `${planId}#${number}`, planId, date, number } });
        return number;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
    throw new Error('circularIssue: no number after 5 attempts');
  }

  async add(rows: PhotoEvidence[]): Promise<void> {
    for (const [i, e] of rows.entries()) {
      const id = `${e.reportId}:${i}`;
      try {
        await this.col(C.photoEvidence).add({
          data: {
            _id: id,
            reportId: e.reportId,
            fileId: e.fileId,
            displayId: e.displayId,
            hash: e.hash,
            takenAt: e.takenAt,
            receivedAt: e.receivedAt,
            unitId: e.unitId,
            taskId: e.taskId,
            assignmentId: e.assignmentId,
            reuseJson: e.reuseOf ? JSON.stringify(e.reuseOf) : null,
          },
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue; // recorded before (a retry)
      }
      if (!e.hash) continue;
      for (const band of hashBands(e.hash)) {
        await this.col(C.photoBands).add({
          data: { _id: `${band}|${id}`, band, evidenceId: id, receivedAt: e.receivedAt },
        });
      }
    }
  }

  async ofReports(reportIds: string[]): Promise<PhotoEvidence[]> {
    const out: PhotoEvidence[] = [];
    for (const ids of chunks([...new Set(reportIds)], 20)) {
      const docs = await getAll(
        this.col(C.photoEvidence)
          .where({ reportId: this.db.command.in(ids) })
          .orderBy('_id', 'asc'),
      );
      out.push(...docs.map(toEvidence));
    }
    return out;
  }

  async sharingBands(bands: string[], limit: number): Promise<PhotoEvidence[]> {
    if (bands.length === 0 || limit <= 0) return [];
    const ids: string[] = [];
    const seen = new Set<string>();
    for (let skip = 0; ids.length < limit; skip += GET_LIMIT) {
      const page = (
        await this.col(C.photoBands)
          .where({ band: this.db.command.in(bands) })
          .orderBy('receivedAt', 'asc')
          .orderBy('_id', 'asc')
          .skip(skip)
          .limit(GET_LIMIT)
          .get()
      ).data;
      for (const d of page) {
        const id = String(d.evidenceId);
        if (!seen.has(id) && ids.length < limit) {
          seen.add(id);
          ids.push(id);
        }
      }
      if (page.length < GET_LIMIT) break;
    }
    const docs = await getByIds(this.db, C.photoEvidence, ids);
    return ids
      .map((id) => docs.get(id))
      .filter((d): d is Doc => d !== undefined)
      .map(toEvidence);
  }
}
