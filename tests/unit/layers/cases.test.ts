/**
 * LAYER_CASES (serialisation and leak tests) cover every custom layer class registered with tf.serialization, and
 * engine/layers/index.ts registers them all: a saved model that uses one loads after importing the index alone.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../engine/layers';
import { LAYER_CASES } from './cases';

const PREFIX = 'Tensorloom>';
const layersDir = join(dirname(fileURLToPath(import.meta.url)), '../../../engine/layers');

function registeredCustomClasses(): string[] {
  return Object.keys(tf.serialization.SerializationMap.getMap().classNameMap)
    .filter((name) => name.startsWith(PREFIX))
    .sort();
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the custom layer cases', () => {
  it('engine/layers/index.ts registers every class that any module in engine/layers registers', async () => {
    const viaIndex = registeredCustomClasses();
    for (const file of readdirSync(layersDir).filter((f) => f.endsWith('.ts'))) await import(join(layersDir, file));
    expect(registeredCustomClasses()).toEqual(viaIndex);
    expect(viaIndex.length).toBeGreaterThanOrEqual(11);
  });

  it('have a case for every registered custom layer class', () => {
    const covered = new Set<string>();
    for (const c of LAYER_CASES) {
      const { model } = c.build();
      for (const layer of model.layers) if (layer.getClassName().startsWith(PREFIX)) covered.add(layer.getClassName());
      model.dispose();
    }
    expect([...covered].sort()).toEqual(registeredCustomClasses());
  });
});
