import type { GraphDoc } from '../graph/schema';

export interface Template {
  /** Stable id used by the CLI and the gallery: `gpt-mini`, `reverse`, … */
  id: string;
  title: string;
  /** One line for the gallery card. */
  summary: string;
  /** The bundled dataset it trains on. */
  dataset: string;
  /** A fresh document each call (callers may mutate it). */
  build(): GraphDoc;
}
