import { templates } from '../../engine';
import { mutateDocument, type Json } from './documentMutations';
import type { FuzzCase, FuzzInput } from './fuzzCase';
import { HOSTILE_DOCUMENTS } from './hostileDocuments';
import { modelFileCase } from './modelFileCases';
import { FuzzRandom } from './random';
import { mutateText } from './textMutations';
import { shrinkForTraining } from './tinyDocument';

/**
 * Case `index` of the run seeded `seed`: a pure function of the two, so any case can be made again alone
 * (`npm run fuzz -- --seed S --case I`), in the thread that runs it or in the one that watches it.
 *
 * The mix keeps most cases cheap (refused at parse or analysis, or built without training) so a ten-minute
 * run covers tens of thousands of documents, while about one in twelve trains a step of a shrunken model.
 */
const FAMILIES = [
  ['template-mutation', 46],
  ['tiny-training', 8],
  ['hostile-document', 5],
  ['text-mutation', 14],
  ['model-file', 27],
] as const;

export type CaseFamily = (typeof FAMILIES)[number][0];

function templateDoc(random: FuzzRandom): { id: string; doc: Json } {
  const template = random.pick(templates);
  return { id: template.id, doc: structuredClone(template.build()) as unknown as Json };
}

function asDocumentInput(doc: Json, random: FuzzRandom): FuzzInput {
  // Files and pastes arrive as text; IPC payloads and autosaves as objects, which can hold NaN and -0.
  return random.chance(0.5) ? { kind: 'document-object', value: doc } : { kind: 'document-text', text: JSON.stringify(doc) };
}

export function generateCase(seed: number, index: number): FuzzCase {
  const random = FuzzRandom.forCase(seed, index);
  const family: CaseFamily = random.weighted(FAMILIES);
  switch (family) {
    case 'template-mutation': {
      const { id, doc } = templateDoc(random);
      const did = mutateDocument(doc, random, random.between(1, 3));
      return { index, family, description: `${id}: ${did.join('; ')}`, input: asDocumentInput(doc, random), train: false };
    }
    case 'tiny-training': {
      const { id, doc } = templateDoc(random);
      shrinkForTraining(doc, random);
      const did = random.chance(0.35) ? [] : mutateDocument(doc, random, random.between(1, 2));
      return { index, family, description: `${id} shrunk${did.length ? `: ${did.join('; ')}` : ''}`, input: asDocumentInput(doc, random), train: true };
    }
    case 'hostile-document': {
      const hostile = random.weighted(HOSTILE_DOCUMENTS.map((h) => [h, h.weight ?? 1] as const));
      const built = hostile.build(random);
      const input: FuzzInput = 'text' in built ? { kind: 'document-text', text: built.text } : { kind: 'document-object', value: built.object };
      return { index, family, description: hostile.name, input, train: true };
    }
    case 'text-mutation': {
      const { id, doc } = templateDoc(random);
      const { text, did } = mutateText(JSON.stringify(doc, null, random.pick([0, 2])), random, random.between(1, 3));
      return { index, family, description: `${id} text: ${did.join('; ')}`, input: { kind: 'document-text', text }, train: false };
    }
    case 'model-file': {
      const made = modelFileCase(random);
      return { index, family, description: made.description, input: { kind: 'model-file', bytes: made.bytes, ...(made.limits ? { limits: made.limits } : {}) }, train: random.chance(0.5) };
    }
  }
}
