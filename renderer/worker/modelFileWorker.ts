/// <reference lib="webworker" />
/**
 * Writes model files off the UI thread. Zipping a trained model takes a few hundred milliseconds (GPT-mini with
 * Adam's state, 4.6 MB: 0.2–0.35 s on the development machine), which on the UI thread would stall the canvas
 * and the live charts at every checkpoint of a run. The messages are typed in renderer/store/modelFileEncoder.ts.
 */
import { EngineError, writeModelFile } from '../../engine';
import type { EncodeReply, EncodeRequest } from '../store/modelFileEncoder';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev: MessageEvent<EncodeRequest>) => {
  const { id, contents } = ev.data;
  let reply: EncodeReply;
  try {
    reply = { id, bytes: writeModelFile(contents) };
  } catch (err) {
    // The writer refuses what the reader would refuse, with coded problems; they cross as plain data.
    reply = err instanceof EngineError ? { id, problems: err.problems } : { id, message: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply, 'bytes' in reply ? [reply.bytes.buffer as ArrayBuffer] : []);
};
