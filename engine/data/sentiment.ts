import { createExampleDataset, type ClassificationExample } from './exampleDataset';
import { SENTIMENT_FILE, type SentimentFile } from './files';
import { dataError } from './readSource';
import type { Dataset, DatasetInfo, FeedLengths, Vocabulary } from './types';
import { buildWordVocabulary } from './vocabulary';

const DEFAULT_LENGTH = 32;

export const SENTIMENT_INFO: DatasetInfo = {
  id: 'sentiment',
  name: 'Review sentiment',
  task: 'classification',
  description:
    'Short product, film and restaurant reviews (Amazon, IMDb, Yelp), each labelled negative or positive. The model reads [CLS] and the words, and classifies the sentence.',
  source: 'npm “sentiment” 5.0.2, test/fixtures/{amazon,imdb,yelp}.json: the UCI “Sentiment Labelled Sentences” data set',
  licence: 'Package MIT; sentences from the UCI Machine Learning Repository (CC BY 4.0)',
  citation:
    'D. Kotzias, M. Denil, N. de Freitas, P. Smyth. “From Group to Individual Labels using Deep Features.” KDD 2015. UCI Machine Learning Repository: Sentiment Labelled Sentences.',
  size: '≈ 3,000 sentences',
  suggestedLengths: { tokens: DEFAULT_LENGTH },
  files: [SENTIMENT_FILE],
};

/** Every tenth sentence is held out; the split is fixed so the vocabulary (built from training) is too. */
const VALIDATION_EVERY = 10;

let lastParsed: { text: string; vocab: Vocabulary; train: ClassificationExample[]; validation: ClassificationExample[]; classes: string[] } | undefined;

function parseSentiment(text: string) {
  if (lastParsed?.text === text) return lastParsed;
  let file: SentimentFile;
  try {
    file = JSON.parse(text) as SentimentFile;
  } catch {
    throw dataError('data.bundledNotJson', { file: SENTIMENT_FILE });
  }
  const examples = Array.isArray(file?.examples) ? file.examples.filter((e) => typeof e?.text === 'string' && e.text.trim() && Number.isInteger(e.label)) : [];
  const classes = Array.isArray(file?.classes) ? file.classes : [];
  if (examples.length < VALIDATION_EVERY || classes.length < 2 || examples.some((e) => e.label < 0 || e.label >= classes.length)) {
    throw dataError('data.bundledNoSentences', { file: SENTIMENT_FILE });
  }
  const isValidation = (i: number) => i % VALIDATION_EVERY === VALIDATION_EVERY - 1;
  const vocab = buildWordVocabulary(
    examples.filter((_, i) => !isValidation(i)).map((e) => e.text),
    { lowercase: true, minCount: 2 },
  );
  const encode = (e: SentimentFile['examples'][number]): ClassificationExample => ({ input: vocab.encode(e.text), label: e.label, text: e.text });
  lastParsed = {
    text,
    vocab,
    classes,
    train: examples.filter((_, i) => !isValidation(i)).map(encode),
    validation: examples.filter((_, i) => isValidation(i)).map(encode),
  };
  return lastParsed;
}

export function createSentimentDataset(text: string, lengths: FeedLengths): Dataset {
  const parsed = parseSentiment(text);
  return createExampleDataset({
    task: 'classification',
    info: SENTIMENT_INFO,
    vocab: parsed.vocab,
    classes: parsed.classes,
    lengths: { ...lengths, tokens: lengths.tokens ?? DEFAULT_LENGTH },
    train: parsed.train,
    validation: parsed.validation,
  });
}

/**
 * The training split's sentences, encoded, without their labels, and the vocabulary built from them: what
 * a masked-LM pre-training reads so that its encoder shares this dataset's words and ids, and never sees a
 * validation sentence.
 */
export function sentimentTrainingSentences(text: string): { vocab: Vocabulary; sentences: number[][] } {
  const parsed = parseSentiment(text);
  return { vocab: parsed.vocab, sentences: parsed.train.map((e) => e.input) };
}
