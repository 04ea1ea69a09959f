/** jest runs core, use cases, server and cloud function tests; the app is tested in Chromium (e2e/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/server', '<rootDir>/cloudfunctions', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-h5/'],
  transform: {
    // ES-module-only packages (the CloudBase photo processor's JPEG decoder), as the cloud build bundles them
    '/node_modules/@jsquash/.+\\.js$': '<rootDir>/scripts/jest-esm.js',
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@jsquash/)'],
  // The store under the test world of core's use-case tests (core/testing/world.ts; core never imports server/):
  // SQLite, or with DUBAN_TEST_STORE=cloud the CloudBase adapters on the fake database.
  setupFilesAfterEnv: [
    process.env.DUBAN_TEST_STORE === 'cloud'
      ? '<rootDir>/cloudfunctions/shared/src/testing/worldSetup.ts'
      : '<rootDir>/server/store/sqlite/worldSetup.ts',
  ],
  testTimeout: 30000,
};
