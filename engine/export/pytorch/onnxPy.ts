/**
 * export_onnx.py: the ONNX file is made from the exported PyTorch model by torch.onnx.export (the engine cannot run
 * PyTorch; the command line runs this script). Where the exporter cannot convert an operator at the chosen opset, the
 * script names the blocks of this graph that use it.
 */
import type { BlockKind } from '../../blocks/specs';
import { specOf } from '../../blocks/specs';
import { nodeLabel } from '../../graph/analyze';
import type { GraphDoc } from '../../graph/schema';
import { pyString } from './naming';
import type { ModelPlan } from './plan';

/** The opset the script exports to by default: the newest PyTorch 1.13 writes. */
export const DEFAULT_OPSET = 17;

/** PyTorch operators a block's code calls that an ONNX opset may lack (by `aten::` name), per kind. */
function operatorsOf(kind: BlockKind, params: Record<string, unknown>, hasKeyTokens: boolean): string[] {
  const masks = [...(params.causal === true ? ['tril'] : []), ...(hasKeyTokens ? ['ne', 'masked_fill', 'any'] : [])];
  switch (kind) {
    case 'multiHeadAttention':
    case 'scaledDotProductAttention':
      return ['softmax', 'matmul', ...masks];
    case 'attention':
      return ['softmax', 'matmul', ...(params.score === 'additive' ? ['tanh'] : []), ...masks];
    case 'simpleRnn':
      return ['rnn_tanh_cell', 'where', 'stack'];
    case 'lstm':
      return ['lstm_cell', 'where', 'stack'];
    case 'gru':
      return ['gru_cell', 'where', 'stack'];
    case 'feedForward':
      return params.activation === 'gelu' ? ['gelu'] : ['relu'];
    case 'dense':
      return params.activation === 'gelu' ? ['gelu'] : [];
    case 'addNorm':
      return params.norm === 'post' ? ['layer_norm'] : [];
    case 'layerNorm':
      return ['layer_norm'];
    case 'pooling':
      if (params.mode === 'first') return [];
      if (!hasKeyTokens) return params.mode === 'max' ? ['amax', 'eq'] : [];
      return ['ne', ...(params.mode === 'max' ? ['amax', 'eq', 'where', 'any'] : params.mode === 'last' ? ['amax'] : ['clamp'])];
    case 'embedding':
    case 'segmentEmbedding':
      return ['embedding'];
    default:
      return [];
  }
}

export function renderOnnxPy(doc: GraphDoc, plan: ModelPlan, lengths: Record<string, number>): string {
  const users = new Map<string, string[]>();
  for (const n of doc.nodes) {
    const spec = specOf(n.kind);
    if (!spec) continue;
    const keyTokens = doc.edges.some((e) => e.target === n.id && (e.targetPort === 'keyTokens' || e.targetPort === 'tokens'));
    for (const op of operatorsOf(n.kind as BlockKind, n.params, keyTokens)) users.set(op, [...(users.get(op) ?? []), nodeLabel(n, spec)]);
  }
  const table = [...users].map(([op, labels]) => `    ${pyString(op)}: [${[...new Set(labels)].map(pyString).join(', ')}],`).join('\n');
  const outputs = plan.heads.length === 1 ? ['logits'] : plan.heads.map((_, i) => `logits_${i}`);
  return String.raw`"""Writes model.onnx from model.py and its weights with torch.onnx.export, and checks it with onnx's checker.

    python3 export_onnx.py [--weights trained.safetensors] [--opset ${DEFAULT_OPSET}]

Inputs are token ids (int64) of fixed lengths with a free batch axis; outputs are the heads' logits.
"""
import argparse
import re
import warnings
from pathlib import Path

import torch

from model import load_model

HERE = Path(__file__).parent
INPUTS = {${plan.feeds.map((f) => `${pyString(f)}: ${lengths[f]}`).join(', ')}}  # feed: length
OUTPUTS = [${outputs.map(pyString).join(', ')}]
# The blocks of this graph that call each PyTorch operator an opset may lack (by its aten:: name).
BLOCKS_BY_OPERATOR = {
${table}
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default=HERE / "weights.safetensors")
    parser.add_argument("--opset", type=int, default=${DEFAULT_OPSET})
    parser.add_argument("--out", default=HERE / "model.onnx")
    args = parser.parse_args()
    model = load_model(args.weights)
    example = tuple(torch.zeros(1, length, dtype=torch.long) for length in INPUTS.values())
    # Sizes read from shapes become constants in the trace; the lengths are fixed anyway, so the warnings say nothing.
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    try:
        torch.onnx.export(model, example, str(args.out), input_names=list(INPUTS), output_names=OUTPUTS,
                          dynamic_axes={name: {0: "B"} for name in [*INPUTS, *OUTPUTS]}, opset_version=args.opset)
    except Exception as error:  # torch.onnx names the operator it cannot convert
        operator = re.search(r"aten::(\w+)", str(error))
        blocks = BLOCKS_BY_OPERATOR.get(operator.group(1), []) if operator else []
        where = f" It is used by: {', '.join(blocks)}." if blocks else ""
        raise SystemExit(f"No ONNX form at opset {args.opset}: {error}{where}")
    try:
        import onnx
    except ImportError:
        print(f"Wrote {args.out} (opset {args.opset}); the onnx package is not installed, so it was not checked.")
        return
    onnx.checker.check_model(onnx.load(str(args.out)))
    print(f"Wrote {args.out} (opset {args.opset}); onnx.checker found no problem.")


if __name__ == "__main__":
    main()
`;
}
