/**
 * The SQLite side of the circular's issue numbers and of photo evidence (migration 40): `circular_issues` (one
 * number per plan and Beijing day), `photo_evidence` (one row per report and photo) and `photo_bands` (the eight
 * 8-bit bands of each photo's perceptual hash, indexed, so a new photo is compared only with the photos that
 * share a band: core/evidence/phash.ts).
 */
import type Database from 'better-sqlite3';
import type { PhotoEvidence } from '../../../core/evidence/evidence';
import { hashBands } from '../../../core/evidence/phash';
import type { Migration } from './migrations';

export const EVIDENCE_MIGRATIONS: Migration[] = [
  {
    version: 40,
    name: 'circular issue numbers; photo evidence and perceptual-hash bands',
    up: `
      CREATE TABLE circular_issues (
        plan_id TEXT NOT NULL,
        date TEXT NOT NULL,
        number INTEGER NOT NULL,
        PRIMARY KEY (plan_id, date),
        UNIQUE (plan_id, number)
      );
      CREATE TABLE photo_evidence (
        report_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        display_id TEXT,
        hash TEXT,
        taken_at TEXT,
        received_at TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        assignment_id TEXT NOT NULL,
        reuse_of TEXT,
        PRIMARY KEY (report_id, file_id)
      );
      CREATE TABLE photo_bands (
        band TEXT NOT NULL,
        report_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        PRIMARY KEY (band, report_id, file_id)
      );
    `,
  },
];

type Row = Record<string, unknown>;

function toEvidence(r: Row): PhotoEvidence {
  return {
    reportId: String(r.report_id),
    fileId: String(r.file_id),
    displayId: (r.display_id as string | null) ?? null,
    hash: (r.hash as string | null) ?? null,
    takenAt: (r.taken_at as string | null) ?? null,
    receivedAt: String(r.received_at),
    unitId: String(r.unit_id),
    taskId: String(r.task_id),
    assignmentId: String(r.assignment_id),
    reuseOf: r.reuse_of ? (JSON.parse(String(r.reuse_of)) as PhotoEvidence['reuseOf']) : null,
  };
}

export class SqliteEvidence {
  constructor(private readonly db: Database.Database) {}

  circularIssue(planId: string, date: string): number {
    return this.db
      .transaction(() => {
        const had = this.db
          .prepare(`SELECT number FROM circular_issues WHERE plan_id = ? AND date = ?`)
          .pluck()
          .get(planId, date) as number | undefined;
        if (had !== undefined) return had;
        const next =
          ((this.db.prepare(`SELECT MAX(number) FROM circular_issues WHERE plan_id = ?`).pluck().get(planId) as
            number | null) ?? 0) + 1;
        this.db.prepare(`INSERT INTO circular_issues (plan_id, date, number) VALUES (?, ?, ?)`).run(planId, date, next);
        return next;
      })
      .immediate();
  }

  add(rows: PhotoEvidence[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO photo_evidence
         (report_id, file_id, display_id, hash, taken_at, received_at, unit_id, task_id, assignment_id, reuse_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const band = this.db.prepare(`INSERT OR IGNORE INTO photo_bands (band, report_id, file_id) VALUES (?, ?, ?)`);
    this.db.transaction(() => {
      for (const e of rows) {
        insert.run(
          e.reportId,
          e.fileId,
          e.displayId,
          e.hash,
          e.takenAt,
          e.receivedAt,
          e.unitId,
          e.taskId,
          e.assignmentId,
          e.reuseOf ? JSON.stringify(e.reuseOf) : null,
        );
        if (e.hash) for (const b of hashBands(e.hash)) band.run(b, e.reportId, e.fileId);
      }
    })();
  }

  ofReports(reportIds: string[]): PhotoEvidence[] {
    const out: PhotoEvidence[] = [];
    for (let i = 0; i < reportIds.length; i += 500) {
      const ids = reportIds.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT * FROM photo_evidence WHERE report_id IN (${ids.map(() => '?').join(',')})`)
        .all(...ids) as Row[];
      out.push(...rows.map(toEvidence));
    }
    return out;
  }

  sharingBands(bands: string[], limit: number): PhotoEvidence[] {
    if (bands.length === 0 || limit <= 0) return [];
    const rows = this.db
      .prepare(
        `SELECT e.* FROM photo_evidence e
           JOIN (SELECT DISTINCT report_id, file_id FROM photo_bands WHERE band IN (${bands.map(() => '?').join(',')})) b
             ON b.report_id = e.report_id AND b.file_id = e.file_id
          ORDER BY e.received_at, e.report_id, e.file_id
          LIMIT ?`,
      )
      .all(...bands, limit) as Row[];
    return rows.map(toEvidence);
  }
}
