/**
 * The org directory (组织目录): units, collectives and the many spellings documents use for them.
 * The directory is data (data/directory.json, later edited by an administrator), validated here.
 */
import { z } from 'zod';
import { badInput } from '../errors';
import type { Directory, Group, Unit, UnitRef } from '../model';
import { fullWidthBrackets, nameKey, normalizeText } from './normalize';

const nameSchema = z.string().trim().min(1, '名称不能为空').max(60, '名称不能超过 60 个字');
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '编号只能由小写字母、数字和连字符组成');

const unitSchema = z.object({
  id: idSchema,
  name: nameSchema,
  aliases: z.array(nameSchema).default([]),
  kind: z.enum(['city', 'district', 'park', 'other']).default('other'),
  /** The unit it belongs to (a district's 区直部门 and 街道 under the district government). */
  parentId: idSchema.nullable().default(null),
});

const groupSchema = z.object({
  id: idSchema,
  name: nameSchema,
  aliases: z.array(nameSchema).default([]),
  members: z.array(idSchema),
});

const directorySchema = z.object({
  note: z.string().optional(),
  units: z.array(unitSchema),
  groups: z.array(groupSchema).default([]),
});

/**
 * Validates a directory (as read from JSON or from an administrator's edit). Every id, name and alias
 * must be unique across units and collectives, and collectives may only name units that exist.
 */
export function parseDirectory(json: unknown): Directory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `（位置：${issue.path.join('.')}）` : '';
    throw badInput(`组织目录格式不正确${where}：${issue.message}。请按“单位 units、集合 groups”的格式修改后重试。`);
  }
  const units: Unit[] = parsed.data.units.map((u) => ({
    ...u,
    name: u.name.trim(),
    aliases: u.aliases.map((a) => a.trim()),
  }));
  const groups: Group[] = parsed.data.groups.map((g) => ({
    ...g,
    name: g.name.trim(),
    aliases: g.aliases.map((a) => a.trim()),
  }));

  const ids = new Set<string>();
  for (const entry of [...units, ...groups]) {
    if (ids.has(entry.id)) {
      throw badInput(`组织目录中编号“${entry.id}”重复：请为每个单位和集合使用不同的编号。`);
    }
    ids.add(entry.id);
  }
  const spellings = new Map<string, string>();
  for (const entry of [...units, ...groups]) {
    for (const spelling of [entry.name, ...entry.aliases]) {
      const key = nameKey(spelling);
      const owner = spellings.get(key);
      if (owner !== undefined && owner !== entry.id) {
        throw badInput(`组织目录中名称或别名“${spelling}”同时属于“${owner}”和“${entry.id}”：请删去其中一个。`);
      }
      spellings.set(key, entry.id);
    }
  }
  const unitIds = new Set(units.map((u) => u.id));
  for (const u of units) {
    if (u.parentId && (!unitIds.has(u.parentId) || u.parentId === u.id)) {
      throw badInput(`单位“${u.name}”的上级单位“${u.parentId}”不在单位列表中：请先添加该单位，或删去上级单位。`);
    }
  }
  for (const g of groups) {
    for (const m of g.members) {
      if (!unitIds.has(m)) {
        throw badInput(`集合“${g.name}”的成员“${m}”不在单位列表中：请先添加该单位，或从集合中删去。`);
      }
    }
  }
  return { units, groups: groups.map((g) => ({ ...g, members: [...new Set(g.members)] })) };
}

export interface DirectoryIndex {
  readonly units: readonly Unit[];
  readonly groups: readonly Group[];
  /** Resolves a name as written in a document to a unit, a collective, or an unknown name (kept, never dropped). */
  resolve(text: string): UnitRef;
  unitById(id: string): Unit | undefined;
  groupById(id: string): Group | undefined;
  /** The member units of a collective, in directory order; empty for an unknown id. */
  membersOf(groupId: string): Unit[];
}

/** `相关` / `有关`: "the relevant ones" — a supervisor may narrow the collective's members for the task. */
const RELEVANT = /相关|有关/g;
const HAS_RELEVANT = /相关|有关/;

/** Trims what surrounds a unit name in a cell: separators, a closing 等, a leading 由. */
export function cleanUnitText(text: string): string {
  let s = normalizeText(text);
  s = s.replace(/^[、，,；;。.：:\s]+|[、，,；;。.：:\s]+$/g, '');
  s = s.replace(/^由/, '');
  s = s.replace(/等(单位|部门)?$/, (m) => (s.length > m.length + 1 ? '' : m));
  return s.trim();
}

export function createDirectoryIndex(dir: Directory): DirectoryIndex {
  const unitsById = new Map(dir.units.map((u) => [u.id, u]));
  const groupsById = new Map(dir.groups.map((g) => [g.id, g]));
  const byKey = new Map<string, { kind: 'unit' | 'group'; id: string; name: string }>();
  for (const u of dir.units) {
    for (const s of [u.name, ...u.aliases]) byKey.set(nameKey(s), { kind: 'unit', id: u.id, name: u.name });
  }
  for (const g of dir.groups) {
    for (const s of [g.name, ...g.aliases]) byKey.set(nameKey(s), { kind: 'group', id: g.id, name: g.name });
  }

  function lookup(s: string) {
    const candidates = [s];
    const withoutRelevant = s.replace(RELEVANT, '');
    if (withoutRelevant !== s) candidates.push(withoutRelevant);
    for (const c of [...candidates]) {
      if (c.startsWith('各')) candidates.push(c.slice(1));
      else candidates.push(`各${c}`);
    }
    for (const c of candidates) {
      const hit = byKey.get(nameKey(c));
      if (hit) return hit;
    }
    return undefined;
  }

  return {
    units: dir.units,
    groups: dir.groups,
    resolve(text: string): UnitRef {
      const written = cleanUnitText(text);
      const relevantOnly = HAS_RELEVANT.test(written);
      const hit = lookup(written);
      if (hit) return { text: written, name: hit.name, kind: hit.kind, id: hit.id, relevantOnly };
      return { text: written, name: fullWidthBrackets(written), kind: 'unknown', id: null, relevantOnly };
    },
    unitById: (id) => unitsById.get(id),
    groupById: (id) => groupsById.get(id),
    membersOf(groupId: string): Unit[] {
      const g = groupsById.get(groupId);
      if (!g) return [];
      return g.members.map((m) => unitsById.get(m)).filter((u): u is Unit => u !== undefined);
    },
  };
}
