import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-h5/**',
      'coverage/**',
      'cloudfunctions/*/index.js',
      'cloudfunctions/*/lib/**',
      'cloudfunctions/*/node_modules/**',
      'e2e/screenshots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tarojs/*', 'wx-server-sdk', 'fastify', 'better-sqlite3', 'node:fs', 'fs', 'node:child_process'],
              message: 'core 不做 I/O：通过端口（ports）访问外部世界。',
            },
            {
              group: ['**/server', '**/server/**', '**/cloudfunctions', '**/cloudfunctions/**'],
              message:
                'core（含测试）不依赖运行时：适配器在 server/ 和 cloudfunctions/ 里实现端口；测试世界见 core/testing/world.ts。',
            },
          ],
        },
      ],
    },
  },
);
