import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const platformImports = {
  patterns: [
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'engine/ is pure TypeScript + tfjs: no React.' },
    { group: ['@xyflow/*', 'reactflow'], message: 'engine/ must not know about the canvas.' },
    { group: ['electron', 'electron/*'], message: 'engine/ runs in Node, workers and browsers alike: no Electron.' },
    { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'fs/*'], message: 'engine/ takes bytes, never paths: no Node built-ins.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/out/**', 'test-results/**', 'playwright-report/**', 'engine/data/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', platformImports],
      'no-restricted-globals': ['error', { name: 'document', message: 'engine/ has no DOM.' }, { name: 'window', message: 'engine/ has no DOM.' }],
    },
  },
);
