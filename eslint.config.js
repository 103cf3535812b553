import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**', 'src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The pure core never touches the process or the file system (docs/architecture.md, convention 1).
    files: ['src/net/**', 'src/model/**', 'src/engine/**', 'src/lint/**', 'src/report/**'],
    rules: {
      'no-restricted-globals': ['error', 'process'],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'child_process', '@aws-sdk/*'] }],
    },
  },
  {
    files: ['bin/**/*.js', 'bench/**/*.js', 'scripts/**/*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
