#!/usr/bin/env node
/* The `duban` command line: runs server/cli/main.ts through tsx (no build step). */
'use strict';
require('tsx/cjs/api').register();
const { main } = require('../server/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`出现意外错误：${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
