#!/usr/bin/env node
/**
 * Prints the sizes of the mini program's packages (dist/) against WeChat's limits and our budget:
 * the main package must stay at most 1.5 MB (WeChat allows 2 MB). Exits non-zero over budget.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', 'dist');
const BUDGET = 1.5 * 1024 * 1024;
const LIMIT = 2 * 1024 * 1024;

function sizeOf(dir, skip = new Set()) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    total += entry.isDirectory() ? sizeOf(full, skip) : fs.statSync(full).size;
  }
  return total;
}

if (!fs.existsSync(path.join(root, 'app.json'))) {
  console.error('未找到 dist/app.json：请先运行 npm run build:weapp');
  process.exit(1);
}
const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
const subRoots = (app.subPackages || app.subpackages || []).map((p) => path.join(root, p.root));
const main = sizeOf(root, new Set(subRoots));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`main package: ${kb(main)} (budget ${kb(BUDGET)}, WeChat limit ${kb(LIMIT)})`);
for (const dir of subRoots) console.log(`subpackage ${path.relative(root, dir)}: ${kb(sizeOf(dir))}`);
if (main > BUDGET) {
  console.error(`main package is over its budget by ${kb(main - BUDGET)}`);
  process.exit(1);
}
