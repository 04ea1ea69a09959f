/**
 * The cloud database collections, named in one place, with the indexes each needs (create them in the CloudBase
 * console: 数据库 → 集合 → 索引管理; docs/deploy-cloudbase.md lists them). `unique` indexes are what keep two
 * records from sharing a name or a WeChat user; the in-memory double enforces them the same way.
 */
export const C = {
  units: 'duban_units',
  groups: 'duban_groups',
  plans: 'duban_plans',
  tasks: 'duban_tasks',
  assignments: 'duban_assignments',
  reports: 'duban_reports',
  extensions: 'duban_extensions',
  urges: 'duban_urges',
  users: 'duban_users',
  invites: 'duban_invites',
  failedAttempts: 'duban_failed_attempts',
  settings: 'duban_settings',
  audit: 'duban_audit',
  previews: 'duban_previews',
  state: 'duban_state',
  credits: 'duban_credits',
  reminders: 'duban_reminders',
  events: 'duban_reminder_events',
  circularIssues: 'duban_circular_issues',
  photoEvidence: 'duban_photo_evidence',
  photoBands: 'duban_photo_bands',
  instructions: 'duban_instructions',
  lightCounts: 'duban_light_counts',
  uploads: 'duban_uploads',
  gapCounts: 'duban_gap_counts',
} as const;

export type CollectionName = (typeof C)[keyof typeof C];

export interface IndexSpec {
  /** Fields in order with their direction. */
  fields: [string, 'asc' | 'desc'][];
  unique?: boolean;
}

/** Documents an import writes before its plan record carry these (the store finds an attempt's by them). */
const IMPORT_MARK: IndexSpec = {
  fields: [
    ['importPlan', 'asc'],
    ['live', 'asc'],
  ],
};

/** Indexes per collection (besides `_id`, which is always unique). */
export const INDEXES: Record<CollectionName, IndexSpec[]> = {
  duban_units: [{ fields: [['name', 'asc']], unique: true }, IMPORT_MARK],
  duban_groups: [],
  duban_plans: [{ fields: [['fingerprint', 'asc']], unique: true }],
  duban_tasks: [
    {
      fields: [
        ['live', 'asc'],
        ['planOrder', 'asc'],
        ['seq', 'asc'],
      ],
    },
    { fields: [['importFp', 'asc']] },
    // a plan's tasks (listTasksOfPlan: a revision, listPlans, archive)
    {
      fields: [
        ['planId', 'asc'],
        ['seq', 'asc'],
      ],
    },
  ],
  duban_assignments: [
    {
      fields: [
        ['taskId', 'asc'],
        ['roleRank', 'asc'],
        ['unitId', 'asc'],
      ],
    },
    {
      fields: [
        ['unitId', 'asc'],
        ['closedRank', 'asc'],
        ['dueKey', 'asc'],
        ['taskSeq', 'asc'],
      ],
    },
    {
      fields: [
        ['leadUnitIds', 'asc'],
        ['role', 'asc'],
      ],
    },
    {
      fields: [
        ['status', 'asc'],
        ['dueDate', 'asc'],
        ['_id', 'asc'],
      ],
    },
    { fields: [['importFp', 'asc']] },
    // one plan's lists and counts (the plan filter)
    {
      fields: [
        ['planId', 'asc'],
        ['closedRank', 'asc'],
        ['dueKey', 'asc'],
      ],
    },
  ],
  duban_reports: [
    { fields: [['id', 'asc']], unique: true },
    {
      fields: [
        ['taskId', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
    {
      fields: [
        ['review', 'asc'],
        ['createdAt', 'asc'],
      ],
    },
    { fields: [['assignmentId', 'asc']] },
  ],
  duban_extensions: [
    {
      fields: [
        ['taskId', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
    {
      fields: [
        ['status', 'asc'],
        ['createdAt', 'asc'],
      ],
    },
    { fields: [['assignmentId', 'asc']] },
  ],
  duban_urges: [
    {
      fields: [
        ['taskId', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
    { fields: [['assignmentId', 'asc']] },
  ],
  duban_users: [
    { fields: [['principal', 'asc']], unique: true },
    {
      fields: [
        ['unitId', 'asc'],
        ['role', 'asc'],
      ],
    },
  ],
  duban_invites: [
    {
      fields: [
        ['unitId', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
    { fields: [['createdAt', 'desc']] },
  ],
  duban_failed_attempts: [
    {
      fields: [
        ['key', 'asc'],
        ['at', 'asc'],
      ],
    },
  ],
  duban_settings: [],
  duban_audit: [{ fields: [['at', 'desc']] }, IMPORT_MARK],
  duban_previews: [],
  duban_state: [],
  duban_instructions: [
    {
      fields: [
        ['taskId', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
    { fields: [['createdAt', 'desc']] },
  ],
  duban_credits: [
    {
      fields: [
        ['userId', 'asc'],
        ['templateId', 'asc'],
      ],
    },
  ],
  duban_reminders: [
    {
      fields: [
        ['status', 'asc'],
        ['claimedAt', 'asc'],
      ],
    },
    {
      fields: [
        ['userId', 'asc'],
        ['claimedAt', 'desc'],
      ],
    },
  ],
  duban_reminder_events: [
    {
      fields: [
        ['doneAt', 'asc'],
        ['createdAt', 'asc'],
      ],
    },
  ],
  duban_circular_issues: [
    {
      fields: [
        ['planId', 'asc'],
        ['date', 'asc'],
      ],
    },
    {
      fields: [
        ['planId', 'asc'],
        ['number', 'desc'],
      ],
    },
  ],
  duban_photo_evidence: [{ fields: [['reportId', 'asc']] }],
  duban_photo_bands: [
    {
      fields: [
        ['band', 'asc'],
        ['receivedAt', 'asc'],
      ],
    },
  ], // one document per (stage, unit), read whole by `_id` order (lightCounts.ts): no index besides `_id`
  duban_light_counts: [],
  // what storage holds (uploadNotes.ts): one document per file; a person's notes by time (the upload quota)
  duban_uploads: [
    { fields: [['fileId', 'asc']], unique: true },
    {
      fields: [
        ['userId', 'asc'],
        ['storedAt', 'asc'],
      ],
    },
  ],
  // kept report-gap counts (gapCounts.ts): found by a task they judge on every assignment write; the oldest dropped
  duban_gap_counts: [{ fields: [['taskIds', 'asc']] }, { fields: [['seq', 'desc']] }],
};

export const ALL_COLLECTIONS: CollectionName[] = Object.values(C);
