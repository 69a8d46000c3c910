import type { Template } from './types';

export type { Template } from './types';

/** Every template, in gallery order. */
export const templates: Template[] = [];

export function templateById(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}
