/// <reference lib="webworker" />
/**
 * Builds an export off the UI thread: the PyTorch folder draws the dataset's batches and writes its weights, and
 * the tfjs one compiles the graph and saves it with tfjs, which only workers may load. It answers with every file
 * and, for the web build's download, the folder zipped. Messages are typed in renderer/export/exportRequests.ts.
 */
import { zipSync } from 'fflate';
import { EngineError, fetchDataSources, graphFeedLengths } from '../../engine';
import { exportModel, exportProblems, initBackend } from '../../engine/runtime';
import type { ExportReply, ExportRequest } from '../export/exportRequests';
import { loadDataset } from './engineBindings';

declare const self: DedicatedWorkerGlobalScope;

const encoder = new TextEncoder();
let backend: Promise<string> | null = null;

async function build(request: ExportRequest): Promise<ExportReply> {
  const { id, contents, target, data, folder } = request;
  const problems = exportProblems(contents.graph);
  if (problems.length) throw new EngineError(problems);
  // The cpu backend is enough to compile and save a model, and never competes with the training worker's.
  backend ??= initBackend('cpu');
  await backend;
  const sources = fetchDataSources(data.kind === 'bundled' && data.baseUrl ? data.baseUrl : new URL('../data/', self.location.href).href);
  const dataset = await loadDataset(data, { lengths: graphFeedLengths(contents.graph), seed: contents.graph.training.seed }, sources);
  const exported = await exportModel(contents, target, { dataset });
  const files = [...exported].map(([path, content]) => ({ path, bytes: typeof content === 'string' ? encoder.encode(content) : content }));
  // Stored, not deflated, where compressing gains little: weights and batches are float32 and int32.
  const zip = request.zip ? zipSync(Object.fromEntries(files.map((f) => [`${folder}/${f.path}`, [f.bytes, { level: /\.(bin|safetensors)$/.test(f.path) ? 0 : 6 }]]))) : undefined;
  return { id, files, ...(zip ? { zip } : {}) };
}

self.onmessage = async (ev: MessageEvent<ExportRequest>) => {
  let reply: ExportReply;
  try {
    reply = await build(ev.data);
  } catch (err) {
    reply = err instanceof EngineError ? { id: ev.data.id, problems: err.problems } : { id: ev.data.id, message: err instanceof Error ? err.message : String(err) };
  }
  const buffers = 'files' in reply ? [...reply.files.map((f) => f.bytes.buffer as ArrayBuffer), ...(reply.zip ? [reply.zip.buffer as ArrayBuffer] : [])] : [];
  self.postMessage(reply, [...new Set(buffers)]);
};
