/**
 * The demo data: Changsha's org directory (2018 names) and its 2018 "最多跑一次" responsibility table.
 * Not part of core (it reads files); the directory itself is validated by core's parseDirectory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDirectory } from '../core/org/directory';
import type { Directory } from '../core/model';
import directoryJson from './directory.json';

/**
 * The Changsha directory, validated: 50 city units, 9 district/county/city governments, 13 parks, 3 collectives,
 * and one district with its own units (芙蓉区: 8 区直部门 and 5 街道 under 芙蓉区人民政府, with its 2 collectives).
 */
export function demoDirectory(): Directory {
  return parseDirectory(directoryJson);
}

/** The project's copy of the 2018 Changsha responsibility table (tab-separated text, 32 tasks). */
export const seedTablePath: string = join(__dirname, 'changsha-2018.txt');

export function seedTableText(): string {
  return readFileSync(seedTablePath, 'utf8');
}
