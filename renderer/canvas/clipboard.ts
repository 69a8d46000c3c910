import { z } from 'zod';
import { edgeSchema, groupSchema, nodeSchema } from '../../engine';
import type { Fragment } from '../store/edits';

const fragmentSchema = z.object({
  tensorloomFragment: z.literal(1),
  nodes: z.array(nodeSchema).max(5000),
  edges: z.array(edgeSchema).max(20000),
  groups: z.array(groupSchema).max(1000).default([]),
});

export function fragmentToText(f: Fragment): string {
  return JSON.stringify(f, null, 2);
}

/** Reads a fragment from clipboard text; null for anything else (the clipboard may hold any text). */
export function fragmentFromText(text: string): Fragment | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = fragmentSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The system clipboard when the page may use it, and a copy kept in memory otherwise (a browser may refuse
 * clipboard reads; copy and paste inside the app still work).
 */
let memoryClipboard = '';

export async function writeClipboard(text: string): Promise<void> {
  memoryClipboard = text;
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // denied: the in-memory copy serves paste within this window
  }
}

export async function readClipboard(): Promise<string> {
  try {
    const text = await navigator.clipboard?.readText();
    if (text) return text;
  } catch {
    // denied: fall back to what this window copied
  }
  return memoryClipboard;
}
