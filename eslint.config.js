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

/**
 * The renderer/app fence. The two sides share exactly one module, app/ipc/contract.ts, and only its types
 * (it holds the IPC channels and the values that cross them, and imports nothing of either side's code).
 * It sits on the app side because main defines the channels; the renderer reaches it with `import type`,
 * so no main-process code can be bundled into the page. Dynamic imports are fenced as well.
 */
const IPC_CONTRACT = String.raw`(^|/)app/ipc/contract(\.ts)?$`;
const fenceMessage = 'renderer/ and app/ share only the IPC contract (app/ipc/contract.ts), as types: import type { … } from it.';
const rendererFence = {
  patterns: [
    { regex: String.raw`(^|/)app/(?!ipc/contract(\.ts)?$)`, message: fenceMessage },
    { regex: IPC_CONTRACT, allowTypeImports: true, message: fenceMessage },
  ],
};
const appFence = { patterns: [{ regex: String.raw`(^|/)renderer/`, message: 'app/ imports nothing of renderer/; shared types live in app/ipc/contract.ts.' }] };
const dynamicImportOf = (pathPattern, message) => ({ selector: `ImportExpression[source.value=/${pathPattern}/]`, message });

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
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', rendererFence],
      'no-restricted-syntax': ['error', dynamicImportOf(String.raw`(^|\/)app\/`, fenceMessage)],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', appFence],
      'no-restricted-syntax': ['error', dynamicImportOf(String.raw`(^|\/)renderer\/`, 'app/ imports nothing of renderer/.')],
    },
  },
);
