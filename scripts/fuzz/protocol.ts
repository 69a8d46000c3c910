import type { StoredInput } from './fuzzCase';
import type { Stage } from './pipeline';
import type { Verdict } from './verdict';

/** Messages between the fuzzer's watchdog (run.ts) and the thread that runs the cases (worker.ts). */
export interface WorkerStart {
  seed: number;
  /** First case index, and one past the last (null: until the deadline). */
  from: number;
  to: number | null;
  /** Cases from..to in steps of this (each of the run's threads takes every `stride`-th case). */
  stride: number;
  deadline: number;
  backend: 'wasm' | 'cpu';
  memoryMb: number;
  /** Signatures already written as fixtures or seen in this run: their failures are not shrunk again. */
  known: string[];
}

export interface CaseReport {
  index: number;
  family: string;
  description: string;
  status: Verdict['status'];
  stage: Stage;
  codes: string[];
  compiled: boolean;
  trained: boolean;
  ms: number;
  failure?: Extract<Verdict, { status: 'failure' }>;
  signature?: string;
  /** The smallest input found that fails the same way; only for a signature the run had not seen. */
  reproducer?: StoredInput;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'start'; index: number }
  | { type: 'shrinking'; index: number }
  | { type: 'done'; report: CaseReport }
  | { type: 'finished'; next: number };
