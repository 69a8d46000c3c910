import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYER_CASES } from './cases';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every custom layer survives model.toJSON() → tf.models.modelFromJSON', () => {
  for (const c of LAYER_CASES) {
    it(c.name, async () => {
      const { model, data } = c.build();
      const topology = model.toJSON(null, false);
      // toJSON(…, false) returns the topology object that modelFromJSON reads back.
      const loaded = await tf.models.modelFromJSON({ modelTopology: topology } as Parameters<typeof tf.models.modelFromJSON>[0]);
      const custom = model.layers.filter((l) => l.getClassName().startsWith('Tensorloom>'));
      expect(custom.length).toBe(1);
      const twin = loaded.getLayer(custom[0].name);
      expect(twin.getClassName()).toBe(custom[0].getClassName());
      expect(twin.getConfig()).toEqual(custom[0].getConfig());

      loaded.setWeights(model.getWeights());
      const inputs = data();
      const expected = [model.predict(inputs)].flat() as tf.Tensor[];
      const actual = [loaded.predict(inputs)].flat() as tf.Tensor[];
      expect(actual.length).toBe(expected.length);
      actual.forEach((a, i) => expect(a.arraySync()).toEqual(expected[i].arraySync()));
      tf.dispose([...inputs, ...expected, ...actual]);
      model.dispose();
      loaded.dispose();
    });
  }
});
