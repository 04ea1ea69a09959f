import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { h5IsStale } from './start';

describe('npm start rebuilds the browser app only when it must', () => {
  let root: string;
  const at = (path: string, seconds: number): void => utimesSync(path, seconds, seconds);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'duban-start-'));
    mkdirSync(join(root, 'src', 'pages', 'task'), { recursive: true });
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'src', 'pages', 'task', 'index.tsx'), 'export {}');
    writeFileSync(join(root, 'config', 'index.ts'), 'export {}');
    at(join(root, 'src', 'pages', 'task', 'index.tsx'), 1_000_000);
    at(join(root, 'config', 'index.ts'), 1_000_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist-h5 is missing', () => {
    expect(h5IsStale(root)).toBe(true);
  });

  it('does not build when the build is newer than every source file', () => {
    mkdirSync(join(root, 'dist-h5'));
    writeFileSync(join(root, 'dist-h5', 'index.html'), '<html></html>');
    at(join(root, 'dist-h5', 'index.html'), 2_000_000);
    expect(h5IsStale(root)).toBe(false);
  });

  it('builds when a page or the build configuration changed after the last build', () => {
    mkdirSync(join(root, 'dist-h5'));
    writeFileSync(join(root, 'dist-h5', 'index.html'), '<html></html>');
    at(join(root, 'dist-h5', 'index.html'), 2_000_000);
    at(join(root, 'src', 'pages', 'task', 'index.tsx'), 3_000_000);
    expect(h5IsStale(root)).toBe(true);
    at(join(root, 'src', 'pages', 'task', 'index.tsx'), 1_000_000);
    at(join(root, 'config', 'index.ts'), 3_000_000);
    expect(h5IsStale(root)).toBe(true);
  });
});
