/**
 * jest transform for the few ES-module-only packages the CloudBase photo processor loads (@jsquash/jpeg: its
 * Emscripten glue uses `import.meta`, which jest's CommonJS runtime cannot parse): esbuild turns them into CommonJS
 * as the cloud build does (scripts/build-cloud.ts), so the tests run the code that ships.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, file) {
    const { code } = transformSync(source, { format: 'cjs', target: 'node16', sourcefile: file, logLevel: 'silent' });
    return { code };
  },
};
