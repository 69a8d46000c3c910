/**
 * The TensorFlow.js exporter: the compiled model in tfjs' own layers format (model.json + weight shards, what
 * `tf.loadLayersModel` reads), the vocabulary as JSON, and `tensorloom-layers.js`.
 *
 * Why the layers format and a module beside it: Tensorloom's blocks are custom layer classes (multi-head attention,
 * positional encoding, add & norm, … — tfjs has none of them), and a layers model names its classes, so loading
 * needs them registered. tfjs' graph format would need no classes, but tfjs can only write one from TensorFlow's
 * Python converter, not from a model in JavaScript. So the export ships the layer classes themselves, bundled from
 * engine/layers/ into one ES module (scripts/build-tfjs-layers.ts) that registers them with the page's own
 * `@tensorflow/tfjs`. Saved and loaded this way the model is the app's model, layer for layer: the same logits on
 * the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../../compile/compile';
import type { Dataset, DatasetTask } from '../../data/types';
import { coded, EngineError } from '../../graph/errors';
import type { ModelFileContents, NamedTensor } from '../../io/modelContents';
import { snapshotTokenizers } from '../../io/tokenizers';
import { assignWeights } from '../../train/modelState';
import type { ExportedFiles } from '../pytorch';
import { TENSORLOOM_LAYERS_JS, TFJS_VERSION } from './layersModule.generated';
import { predictSafeTopology, type LayersTopology } from './predictSafeTopology';

export interface TfjsExportOptions {
  /** The dataset the model was trained on: its task, and the vocabulary when the model file holds none. */
  dataset: Dataset;
  /** Weights for a model that has none yet (a graph-only file): see initialWeights(). */
  initialWeights?: NamedTensor[];
  /** Largest weight shard, in bytes (tfjs' converter uses 4 MiB, which browsers cache well). */
  shardBytes?: number;
}

const SHARD_BYTES = 4 * 1024 * 1024;

/** What model.json says about the model beyond tfjs' own fields: the inputs in order and what each output is. */
export interface TfjsSignature {
  inputs: Array<{ feed: string; length: number }>;
  outputs: Array<{ head: string; label: string; task: string }>;
  task: DatasetTask;
  step: number;
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

export async function exportTfjs(contents: ModelFileContents, opts: TfjsExportOptions): Promise<ExportedFiles> {
  const doc = contents.graph;
  const weights = contents.trained?.weights ?? opts.initialWeights;
  if (!weights) {
    throw new EngineError([coded('E_WEIGHTS_MISMATCH', 'export.noWeights', { graph: doc.name })]);
  }
  const compiled = compileGraph(doc, { seed: doc.training.seed });
  let artifacts: tf.io.ModelArtifacts | undefined;
  const shapes = new Map<string, Array<number | null>>();
  try {
    for (const layer of compiled.model.layers) {
      layer.inboundNodes.forEach((node, n) => node.outputTensors.forEach((t, i) => shapes.set(`${layer.name}/${n}/${i}`, t.shape)));
    }
    assignWeights(compiled, weights);
    await compiled.model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    compiled.dispose();
  }
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new Error('tfjs saved no model topology');

  const topology = predictSafeTopology(artifacts.modelTopology as LayersTopology, (layer, node, index) => shapes.get(`${layer}/${node}/${index}`));
  const data = joinWeightData(artifacts.weightData);
  const shardBytes = opts.shardBytes ?? SHARD_BYTES;
  const count = Math.max(1, Math.ceil(data.length / shardBytes));
  const files: ExportedFiles = new Map();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `group1-shard${i + 1}of${count}.bin`;
    paths.push(name);
    files.set(name, data.slice(i * shardBytes, Math.min(data.length, (i + 1) * shardBytes)));
  }

  const task = opts.dataset.info.task;
  const signature: TfjsSignature = {
    inputs: compiled.inputFeeds.map((feed) => ({ feed, length: compiled.inputLengths[feed]! })),
    outputs: [...compiled.heads].sort((a, b) => a.outputIndex - b.outputIndex).map((h) => ({ head: h.nodeId, label: doc.nodes.find((n) => n.id === h.nodeId)?.label || h.nodeId, task: h.task })),
    task,
    step: contents.trained?.step ?? 0,
  };
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${TFJS_VERSION}`,
    convertedBy: 'Tensorloom',
    modelTopology: topology,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
    userDefinedMetadata: { tensorloom: signature },
  };
  files.set('model.json', `${JSON.stringify(modelJson)}\n`);
  files.set('tensorloom-layers.js', TENSORLOOM_LAYERS_JS);
  const tokenizer = contents.tokenizer ?? snapshotTokenizers(opts.dataset);
  const lengths = Object.fromEntries(signature.inputs.map((i) => [i.feed, i.length]));
  files.set('vocab.json', `${JSON.stringify({ task, lengths, probe: opts.dataset.info.probe ?? {}, ...tokenizer })}\n`);
  files.set('README.md', renderTfjsReadme(doc.name, signature, data.length, count));
  return files;
}

function renderTfjsReadme(title: string, s: TfjsSignature, weightBytes: number, shards: number): string {
  const inputs = s.inputs.map((i) => `\`${i.feed}\` (int32, B × ${i.length})`).join(', ');
  const outputs = s.outputs.map((o) => `${o.label} (${o.task} logits)`).join(', ');
  const feedTensors = s.inputs.map((i) => `tf.tensor2d([ids_${i.feed}], [1, ${i.length}], 'int32')`);
  const call = feedTensors.length === 1 ? feedTensors[0] : `[${feedTensors.join(', ')}]`;
  return `# ${title} for TensorFlow.js

Exported from Tensorloom${s.step ? ` after ${s.step} training steps` : ' with freshly initialised weights'}: the app's own model in tfjs'
layers format, for \`tf.loadLayersModel\` with @tensorflow/tfjs ${TFJS_VERSION} (4.x).

| file | what it is |
| --- | --- |
| \`model.json\` | the layers, how they connect, and the weights manifest |
| \`group1-shard*of${shards}.bin\` | the weights, float32 (${(weightBytes / 1024).toFixed(0)} KiB in ${shards} shard${shards === 1 ? '' : 's'}) |
| \`tensorloom-layers.js\` | Tensorloom's layer classes (attention, positional encoding, add & norm, …), registered with your tfjs |
| \`vocab.json\` | the vocabulary (ids 0–6 are [PAD], [UNK], [BOS], [EOS], [MASK], [CLS], [SEP]), input lengths and classes |

Inputs, in this order: ${inputs}; [PAD] is 0. Outputs: ${outputs}. Saved for inference: Dropout
blocks, which change nothing there, are left out, and a tensor that one block reads on two ports (self-attention's
query = key = value) reaches the second port through a Reshape to its own shape, so that tfjs' \`predict\` does not
free it early. \`userDefinedMetadata.tensorloom\` in model.json lists the inputs and outputs.

## Why a layers model and a JavaScript module

Most of the model's blocks are layer classes of Tensorloom's own: tfjs has no multi-head attention, positional
encoding or add & norm layer. A layers model names the class of every layer, so the page must know those classes
before it loads the model; \`tensorloom-layers.js\` is them, as one ES module that imports \`@tensorflow/tfjs\` and
registers each class. (tfjs' graph format would need no classes, but only TensorFlow's Python converter writes
it.) Import the module once, before loading.

## In the browser

Serve this folder, then:

\`\`\`html
<script type="importmap">
  { "imports": { "@tensorflow/tfjs": "https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${TFJS_VERSION}/dist/tf.fesm.min.js" } }
</script>
<script type="module">
  import * as tf from '@tensorflow/tfjs';
  import './tensorloom-layers.js';

  const model = await tf.loadLayersModel('./model.json');
  const vocab = await (await fetch('./vocab.json')).json();
  const ids_${s.inputs[0].feed} = new Array(${s.inputs[0].length}).fill(0); // token ids from vocab.input.tokens, [PAD] after
  ${s.inputs
    .slice(1)
    .map((i) => `const ids_${i.feed} = new Array(${i.length}).fill(0);\n  `)
    .join('')}const logits = model.predict(${call});
  console.log(vocab.task, logits);
</script>
\`\`\`

With a bundler, \`import './tensorloom-layers.js'\` next to your own \`import * as tf from '@tensorflow/tfjs'\` is enough;
the page and the module must share one copy of tfjs.

## In Node, from the files

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import './tensorloom-layers.js';

const { readFile } = await import('node:fs/promises');
const json = JSON.parse(await readFile('model.json', 'utf8'));
const weightData = Buffer.concat(await Promise.all(json.weightsManifest[0].paths.map((p) => readFile(p))));
const model = await tf.loadLayersModel(
  tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(weightData).buffer }),
);
\`\`\`
`;
}
