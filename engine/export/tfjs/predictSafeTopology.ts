/**
 * A saved layers topology rewritten so that tfjs' `model.predict` can run it. `predict` frees every intermediate
 * tensor once its readers have run, counting readers per layer but subtracting one per input: a layer that reads
 * one tensor on two ports (self-attention wired as query = key = value) frees it while another layer still needs
 * it, and a Dropout, which at inference returns its input tensor itself, has its output freed with its input. Both
 * fail later with "Cannot read properties of undefined (reading 'backend')". The app runs its models with `apply`,
 * which frees nothing on the way, so the app never meets this; a user of the export calls `predict`.
 *
 * So: Dropout layers are taken out (at inference they change nothing; readers are wired to what they read), and a
 * tensor read on a second port arrives through a Reshape to its own shape, which makes a new tensor handle on the
 * same data (freeing one handle leaves the other). Values are unchanged, so the logits are the app's.
 */
type TensorRef = [string, number, number, ...unknown[]];

interface LayerJson {
  class_name: string;
  config: { name: string; [key: string]: unknown };
  inbound_nodes: TensorRef[][];
  [key: string]: unknown;
}

export interface LayersTopology {
  config?: { layers: LayerJson[]; output_layers: TensorRef[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** The shape (batch first, as null) of a layer's output `index` at node `node`; undefined for the model's inputs. */
export type ShapeOf = (layer: string, node: number, index: number) => Array<number | null> | undefined;

export function predictSafeTopology<T extends LayersTopology>(topology: T, shapeOf: ShapeOf): T {
  const config = topology.config;
  if (!config) return topology;
  const dropouts = new Map(config.layers.filter((l) => l.class_name === 'Dropout').map((l) => [l.config.name, l.inbound_nodes]));
  const inputs = new Set(config.layers.filter((l) => l.class_name === 'InputLayer').map((l) => l.config.name));
  const resolve = (ref: TensorRef): TensorRef => {
    const inbound = dropouts.get(ref[0]);
    if (!inbound) return ref;
    const [name, node, index] = resolve(inbound[ref[1]][0]); // a Dropout reads one tensor
    return [name, node, index, ...ref.slice(3)];
  };

  const layers: LayerJson[] = [];
  for (const layer of config.layers) {
    if (dropouts.has(layer.config.name)) continue;
    const copies: LayerJson[] = [];
    const inbound_nodes = layer.inbound_nodes.map((node) => {
      const seen = new Set<string>();
      return node.map((raw) => {
        const ref = resolve(raw);
        const key = `${ref[0]}/${ref[1]}/${ref[2]}`;
        const shape = shapeOf(ref[0], ref[1], ref[2]);
        // Model inputs are never freed by predict; other tensors read a second time come through a copy.
        if (!seen.has(key) || inputs.has(ref[0]) || !shape) {
          seen.add(key);
          return ref;
        }
        const name = `${layer.config.name}__shared${copies.length + 1}`;
        copies.push({
          class_name: 'Reshape',
          config: { name, trainable: false, dtype: 'float32', target_shape: shape.slice(1) },
          name,
          inbound_nodes: [[[ref[0], ref[1], ref[2], {}]]],
        });
        return [name, 0, 0, ...ref.slice(3)] as TensorRef;
      });
    });
    layers.push(...copies, { ...layer, inbound_nodes });
  }
  const outputs = config.output_layers.map((ref) => resolve(ref).slice(0, 3) as TensorRef);
  return { ...topology, config: { ...config, layers, output_layers: outputs } };
}
