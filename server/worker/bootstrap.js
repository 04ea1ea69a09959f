/* The worker thread's entry: TypeScript through tsx (a worker does not inherit the parent's require hook). */
'use strict';
require('tsx/cjs/api').register();
require('./heavyWorker.ts');
