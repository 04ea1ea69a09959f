/**
 * The org directory (组织目录): units, collectives and the many spellings documents use for them.
 * The directory is data (data/directory.json, later edited by an administrator), validated here.
 */
import { z } from 'zod';
import { badInput } from '../errors';
import type { Directory, Group, Unit, UnitRef } from '../model';
import { reachOf, subtreeOf } from './levels';
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
  /** The district (or park) whose own short names this index reads first, or null: the city's level. */
  readonly levelRootId: string | null;
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

/** What a district government's name ends with; what is left is its place name (芙蓉区人民政府 → 芙蓉区). */
const GOVERNMENT = /(人民政府|政府|管理委员会|管委会|管委)$/;

/**
 * The place names a district (or park) is written with: 芙蓉区人民政府, 芙蓉区政府, 芙蓉区 → ["芙蓉区"]; longest first,
 * so that a unit's spelling loses the whole of it.
 */
function placeNamesOf(root: Unit): string[] {
  const places = new Set<string>();
  for (const s of [root.name, ...root.aliases]) {
    const place = s.replace(GOVERNMENT, '');
    if (place.length >= 2) places.add(place);
  }
  return [...places].sort((a, b) => b.length - a.length);
}

/**
 * The short names a level's own documents use for its units and collectives (芙蓉区's own table or its split sheet):
 * a spelling that starts with the district's place name is also written with the level's word instead (区发改局,
 * 区政务服务中心, 区直各单位) or without it (发改局, 各街道, 定王台街道); the district itself is 区政府 / 区人民政府 / 本区.
 * Only the units and collectives wholly within the district's subtree count. Pure: the ONE home of "names per level".
 */
export function levelSpellings(
  dir: Pick<Directory, 'units' | 'groups'>,
  rootId: string,
): { kind: 'unit' | 'group'; id: string; name: string; spellings: string[] }[] {
  const root = dir.units.find((u) => u.id === rootId);
  if (!root) return [];
  const subtree = subtreeOf(dir.units, rootId);
  const places = placeNamesOf(root);
  const short = (s: string): string[] => {
    const place = places.find((p) => s.startsWith(p) && s.length > p.length);
    if (!place) return [];
    const rest = s.slice(place.length);
    const word = place.slice(-1); // 区, 县, 市
    return rest.startsWith(word) ? [rest, rest.slice(1)].filter(Boolean) : [`${word}${rest}`, rest];
  };
  const out: { kind: 'unit' | 'group'; id: string; name: string; spellings: string[] }[] = [];
  const word = places[0]?.slice(-1) ?? '区';
  out.push({
    kind: 'unit',
    id: root.id,
    name: root.name,
    spellings: [`${word}人民政府`, `${word}政府`, `本${word}`],
  });
  for (const u of dir.units) {
    if (u.id === rootId || !subtree.has(u.id)) continue;
    out.push({ kind: 'unit', id: u.id, name: u.name, spellings: [u.name, ...u.aliases].flatMap(short) });
  }
  for (const g of dir.groups) {
    if (!g.members.length || !g.members.every((m) => subtree.has(m) && m !== rootId)) continue;
    out.push({ kind: 'group', id: g.id, name: g.name, spellings: [g.name, ...g.aliases].flatMap(short) });
  }
  return out;
}

/**
 * An index of the directory. With `level` (the unit of the caller, or of the unit that splits): when that unit is a
 * district's (or park's) or below it, the district's own short names are read first (levelSpellings: 区发改局 is
 * 芙蓉区发展和改革局, 各街道 is 芙蓉区各街道), then every spelling as at the city. Without it, or for a city unit,
 * the city's level: names resolve as they always did. `Directory.level` says the same for a directory handed on
 * (to the importer's worker).
 */
export function createDirectoryIndex(dir: Directory, options: { level?: string | null } = {}): DirectoryIndex {
  const unitsById = new Map(dir.units.map((u) => [u.id, u]));
  const groupsById = new Map(dir.groups.map((g) => [g.id, g]));
  const byKey = new Map<string, { kind: 'unit' | 'group'; id: string; name: string }>();
  for (const u of dir.units) {
    for (const s of [u.name, ...u.aliases]) byKey.set(nameKey(s), { kind: 'unit', id: u.id, name: u.name });
  }
  for (const g of dir.groups) {
    for (const s of [g.name, ...g.aliases]) byKey.set(nameKey(s), { kind: 'group', id: g.id, name: g.name });
  }
  const level = options.level !== undefined ? options.level : (dir.level ?? null);
  const reach = level ? reachOf(dir.units, level) : null;
  const levelRootId = reach && !reach.all ? reach.rootId : null;
  const local = new Map<string, { kind: 'unit' | 'group'; id: string; name: string }>();
  if (levelRootId) {
    for (const { spellings, ...hit } of levelSpellings(dir, levelRootId)) {
      for (const s of spellings) if (!local.has(nameKey(s))) local.set(nameKey(s), hit);
    }
  }

  function lookup(s: string) {
    const candidates = [s];
    const withoutRelevant = s.replace(RELEVANT, '');
    if (withoutRelevant !== s) candidates.push(withoutRelevant);
    for (const c of [...candidates]) {
      if (c.startsWith('各')) candidates.push(c.slice(1));
      else candidates.push(`各${c}`);
    }
    for (const keys of [local, byKey]) {
      for (const c of candidates) {
        const hit = keys.get(nameKey(c));
        if (hit) return hit;
      }
    }
    return undefined;
  }

  return {
    units: dir.units,
    groups: dir.groups,
    levelRootId,
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
