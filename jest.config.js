/** jest runs core, use cases, server and cloud function tests; the app is tested in Chromium (e2e/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/server', '<rootDir>/cloudfunctions', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-h5/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // The test world of core's use-case tests runs on SQLite (core/testing/world.ts); core never imports server/.
  setupFilesAfterEnv: ['<rootDir>/server/store/sqlite/worldSetup.ts'],
  testTimeout: 30000,
};
