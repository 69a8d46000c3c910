/** Names and formats of the files scripts/build-data.ts extracts and the datasets read back. */

/** Normalised chapters of Moby-Dick, one paragraph a line. */
export const NOVEL_FILE = 'moby-dick.txt';
/** Labelled sentences, as a SentimentFile. */
export const SENTIMENT_FILE = 'sentiment.json';
/** Per-dataset source, package version, licence and citation, for the “About the data” view. */
export const CREDITS_FILE = 'credits.json';

export interface SentimentFile {
  classes: string[];
  examples: { text: string; label: number; source: string }[];
}
