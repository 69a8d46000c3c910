/**
 * The import fences in eslint.config.js, linted on small snippets as if they sat in engine/, renderer/ or app/:
 * each forbidden way in (static, type-only, re-export, dynamic import(), require(), import = require(), a path that
 * is not a literal) is reported by a fence rule, and the imports each tree is meant to make are not. Outside the
 * engine, the engine is reached only through its entries: engine/index everywhere, engine/runtime in app/ and the
 * training worker (elsewhere in renderer/ as types only), never a module inside engine/.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const FENCE_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The fence messages ESLint gives `code` placed at `filePath` (relative to the repository root). */
async function fenceMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: join(root, filePath) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `parse error in ${JSON.stringify(code)}`).toEqual([]);
  return result.messages.filter((m) => m.ruleId !== null && FENCE_RULES.has(m.ruleId)).map((m) => m.message);
}

interface FenceCase {
  /** A file the snippet is linted as (it need not exist). */
  file: string;
  forbidden: string[];
  allowed: string[];
}

const CASES: Record<string, FenceCase> = {
  engine: {
    file: 'engine/layers/fenceProbe.ts',
    forbidden: [
      "import { useDocument } from '../../renderer/store/documentStore';",
      "import type { Platform } from '../../renderer/platform/types';",
      "export { saveFile } from '../../app/files';",
      "import cli = require('../../app/cli');",
      "async function f() { return import('../renderer/store/documentStore'); }",
      "const files = require('../../app/files');",
      "import path from 'node:path';",
      "import { readFile } from 'fs/promises';",
      "async function f() { return import('node:path'); }",
      "async function f() { return import('fs'); }",
      "const fs = require('node:fs');",
      "async function f(name: string) { return import(name); }",
      "async function f(name: string) { return import(`node:${name}`); }",
      "function f(name: string) { return require(name); }",
      "import React from 'react';",
      "import { ipcRenderer } from 'electron';",
      "import { ReactFlow } from '@xyflow/react';",
    ],
    allowed: [
      "import * as tf from '@tensorflow/tfjs';",
      "import { specs } from '../blocks/specs';",
      "import { appendix } from './appendix';",
      "async function f() { return import('./ops'); }",
      "import { z } from 'zod';",
    ],
  },
  renderer: {
    file: 'renderer/canvas/FenceProbe.tsx',
    forbidden: [
      "import { saveAtomically } from '../../app/files';",
      "import type { RecentFilesStore } from '../../app/recentFiles';",
      "import { IPC_CHANNELS } from '../../app/ipc/contract';",
      "export { IPC_CHANNELS } from '../../app/ipc/contract';",
      "async function f() { return import('../../app/ipc/contract'); }",
      "const main = require('../../app/main');",
      "import * as tf from '@tensorflow/tfjs';",
      "import type { Tensor } from '@tensorflow/tfjs';",
      "async function f() { return import('@tensorflow/tfjs-backend-wasm'); }",
      "const tf = require('@tensorflow/tfjs');",
      "async function f(name: string) { return import(name); }",
      "import { runTraining } from '../../engine/runtime';",
      "async function f() { return import('../../engine/runtime'); }",
      "import { specs } from '../../engine/blocks/specs';",
      "import type { GraphDoc } from '../../engine/graph/schema';",
      "export { specOf } from '../../engine/blocks/specs';",
      "async function f() { return import('../../engine/templates/index'); }",
      "const parse = require('../../engine/graph/parse');",
      "import { compileGraph } from '../../engine/compile/compile';",
      "import type { CompiledModel } from '../../engine/runtime/compile';",
    ],
    allowed: [
      "import type { OpenedFile } from '../../app/ipc/contract';",
      "export type { OpenedFile } from '../../app/ipc/contract';",
      "import { specOf, type GraphDoc } from '../../engine';",
      "import { specs } from '../../engine/index';",
      "import { templates } from '../../engine/index.ts';",
      "export type { GraphDoc } from '../../engine';",
      "async function f() { return import('../../engine'); }",
      "import type { CompiledModel } from '../../engine/runtime';",
      "import { useState } from 'react';",
      "import { appState } from './appState';",
    ],
  },
  'renderer/worker': {
    file: 'renderer/worker/fenceProbe.ts',
    forbidden: [
      "import { saveAtomically } from '../../app/files';",
      "async function f() { return import('../../app/main'); }",
      "import { runTraining } from '../../engine/train/runTraining';",
      "import type { Dataset } from '../../engine/data/types';",
      "async function f() { return import('../../engine/backend/init'); }",
    ],
    allowed: [
      "import * as tf from '@tensorflow/tfjs';",
      "import '@tensorflow/tfjs-backend-wasm';",
      "import { runTraining } from '../../engine/runtime';",
      "async function f() { return import('../../engine/runtime'); }",
      "import { fetchDataSources, type ToWorker } from '../../engine';",
      "import type { TensorloomBridge } from '../../app/ipc/contract';",
    ],
  },
  app: {
    file: 'app/fenceProbe.ts',
    forbidden: [
      "import { useDocument } from '../renderer/store/documentStore';",
      "import type { Platform } from '../renderer/platform/types';",
      "async function f() { return import('../renderer/platform/types'); }",
      "const ui = require('../renderer/main');",
      "import { parseDocument } from '../engine/graph/parse';",
      "import type { WorkerSpawner } from '../engine/backend/wasm/matmulHelper';",
      "async function f() { return import('../engine/train/runTraining'); }",
      "const io = require('../engine/io');",
    ],
    allowed: [
      "import type { OpenedFile } from './ipc/contract';",
      "import { app } from 'electron';",
      "import { readFile } from 'node:fs/promises';",
      "import { parseDocument, type GraphDoc } from '../engine';",
      "import { MODEL_FILE_LIMITS } from '../engine/index';",
      "import { initBackend, runTraining } from '../engine/runtime';",
      "async function f() { return import('../engine/runtime'); }",
    ],
  },
  'the IPC contract': {
    file: 'app/ipc/contract.ts',
    forbidden: [
      "export const MENU_CHANNEL = 'tensorloom:menuCommand';",
      "import { parseDocument } from '../../engine';",
      "import type { Problem } from '../../engine/graph/errors';",
      'export function channel(): string { return "x"; }',
    ],
    allowed: ["import type { Problem } from '../../engine';", 'export interface Probe { problems: Problem[] }', "export type Channel = 'a' | 'b';"],
  },
  'app/cli.ts': {
    file: 'app/cli.ts',
    forbidden: [
      "import { compileGraph } from '../engine/compile/compile';",
      "import { EXPORT_TARGETS } from '../engine/export';",
      "import type { GraphDoc } from '../engine/graph/schema';",
      "import { useDocument } from '../renderer/store/documentStore';",
    ],
    allowed: ["import { compileGraph, exportPyTorch } from '../engine/runtime';", "import { parseDocument, type GraphDoc } from '../engine';"],
  },
  'renderer/start': {
    file: 'renderer/start/FenceProbe.tsx',
    forbidden: [
      "import { templates } from '../../engine/templates/index';",
      "import { runTraining } from '../../engine/runtime';",
      "import * as tf from '@tensorflow/tfjs';",
    ],
    allowed: ["import { specOf, type GraphDoc } from '../../engine';"],
  },
};

describe('import fences (eslint.config.js)', () => {
  for (const [tree, c] of Object.entries(CASES)) {
    for (const code of c.forbidden) {
      it(`${tree} may not: ${code}`, async () => {
        expect(await fenceMessages(c.file, code)).not.toEqual([]);
      });
    }
    for (const code of c.allowed) {
      it(`${tree} may: ${code}`, async () => {
        expect(await fenceMessages(c.file, code)).toEqual([]);
      });
    }
  }
});
