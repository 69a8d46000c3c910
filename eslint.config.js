import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/*
 * The fences between the three trees (DESIGN.md, "Rules of thumb"). Each is a list of module-path regexes that a
 * tree may not import, enforced on every way in: static imports and `export … from` (and `import x = require()`),
 * dynamic `import()` with a literal path, and `require()`. A dynamic import whose path is not a literal could reach
 * anything, so it is refused outright. tests/unit/lint/fences.test.ts lints snippets against each rule.
 */

const NODE_BUILTINS = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '').split('/')[0]))].join('|');

const ENGINE_FORBIDDEN = [
  { regex: String.raw`^(react|react-dom)(/|$)`, message: 'engine/ is pure TypeScript + tfjs: no React.' },
  { regex: String.raw`^(@xyflow/|reactflow$)`, message: 'engine/ must not know about the canvas.' },
  { regex: String.raw`^electron(/|$)`, message: 'engine/ runs in Node, workers and browsers alike: no Electron.' },
  { regex: String.raw`^(node:|(${NODE_BUILTINS})(/|$))`, message: 'engine/ takes bytes, never paths: no Node built-ins.' },
  { regex: String.raw`(^|/)renderer(/|$)`, message: 'engine/ imports nothing of renderer/: the UI depends on the engine, never the reverse.' },
  { regex: String.raw`(^|/)app(/|$)`, message: 'engine/ imports nothing of app/: the main process depends on the engine, never the reverse.' },
];

/**
 * renderer/ and app/ share exactly one module, app/ipc/contract.ts, and only its types (the IPC channels and the
 * values that cross them; it imports nothing of either side's code). It sits on the app side because main defines
 * the channels; the renderer reaches it with `import type`, so no main-process code can be bundled into the page.
 */
const IPC_CONTRACT = String.raw`(^|/)app/ipc/contract(\.ts)?$`;
const RENDERER_APP_MESSAGE = 'renderer/ and app/ share only the IPC contract (app/ipc/contract.ts), as types: import type { … } from it.';
const RENDERER_FORBIDDEN = [
  { regex: String.raw`(^|/)app/(?!ipc/contract(\.ts)?$)`, message: RENDERER_APP_MESSAGE },
  { regex: IPC_CONTRACT, allowTypeImports: true, message: RENDERER_APP_MESSAGE },
];
/** tfjs stays off the UI thread: only the training worker (renderer/worker/) loads it. */
const TFJS_FORBIDDEN = { regex: String.raw`^@tensorflow/`, message: 'tfjs runs in the training worker (renderer/worker/), never on the UI thread.' };
/** engine/runtime.ts is the engine's tfjs side; the UI thread takes the engine from engine/index.ts (its types may come from either). */
const ENGINE_RUNTIME_FORBIDDEN = {
  regex: String.raw`(^|/)engine/runtime(\.ts)?$`,
  allowTypeImports: true,
  message: 'engine/runtime loads tfjs, which runs in the training worker only: import the engine from engine/index here.',
};
const APP_FORBIDDEN = [{ regex: String.raw`(^|/)renderer(/|$)`, message: 'app/ imports nothing of renderer/; shared types live in app/ipc/contract.ts.' }];
/**
 * renderer/ and app/ take the engine through its two entries, engine/index.ts and engine/runtime.ts, never a module
 * inside it (types included): the entries are the engine's whole public surface, so its insides can move without
 * touching the UI or the main process, and engine/index's no-tfjs guarantee (tests/unit/lint/engineEntries.test.ts)
 * covers everything the UI thread reaches. `engine` and `engine/index` name the same entry.
 */
const ENGINE_INSIDE_FORBIDDEN = {
  regex: String.raw`(^|/)engine/(?!(index|runtime)(\.ts)?$)`,
  message: 'Import the engine through its entries — engine/index (no tfjs), or engine/runtime where tfjs may load — never a module inside engine/. If an entry lacks what you need, export it there.',
};

/** An esquery regex literal for a pattern (its slashes escaped). */
const selectorRegex = (regex) => `/${regex.replaceAll('/', '\\/')}/`;

/**
 * The rules that enforce `forbidden` ({ regex over the import source, message, allowTypeImports? }[]) on a tree:
 * static imports by path, dynamic imports and require by syntax.
 */
function fence(forbidden) {
  const runtime = forbidden.flatMap(({ regex, message }) => [
    // A type import vanishes at build time; `import()` and `require()` always load code, so no exception there.
    { selector: `ImportExpression[source.value=${selectorRegex(regex)}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${selectorRegex(regex)}]`, message },
  ]);
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: forbidden.map((p) => ({ ...p })) }],
    'no-restricted-syntax': [
      'error',
      { selector: "ImportExpression[source.type!='Literal']", message: 'Import modules by a literal path, so the import fences can see where it leads.' },
      { selector: "CallExpression[callee.name='require'][arguments.0.type!='Literal']", message: 'require() a literal path, so the import fences can see where it leads.' },
      ...runtime,
    ],
  };
}

/** The config block that fences the files `scope` selects ({ files, ignores? }) with `forbidden` plus the entries-only fence on the engine. */
function fencedTree(scope, forbidden) {
  return { files: scope.files, ignores: scope.ignores ?? [], rules: fence([...forbidden, ENGINE_INSIDE_FORBIDDEN]) };
}

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
      ...fence(ENGINE_FORBIDDEN),
      'no-restricted-globals': ['error', { name: 'document', message: 'engine/ has no DOM.' }, { name: 'window', message: 'engine/ has no DOM.' }],
    },
  },
  fencedTree({ files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/worker/**'] }, [...RENDERER_FORBIDDEN, TFJS_FORBIDDEN, ENGINE_RUNTIME_FORBIDDEN]),
  fencedTree({ files: ['renderer/worker/**/*.{ts,tsx}'] }, RENDERER_FORBIDDEN),
  fencedTree({ files: ['app/**/*.ts'] }, APP_FORBIDDEN),
  {
    // The contract is types only, so the renderer's type imports of it can carry no code across.
    files: ['app/ipc/contract.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Program > :not(ImportDeclaration[importKind='type'], ExportNamedDeclaration[exportKind='type'], ExportAllDeclaration[exportKind='type'], TSInterfaceDeclaration, TSTypeAliasDeclaration)",
          message: 'app/ipc/contract.ts holds types only: interfaces, type aliases and type imports.',
        },
      ],
    },
  },
);
