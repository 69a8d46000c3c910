import * as tf from '@tensorflow/tfjs';
import { Recurrent, RecurrentInspector, recurrentInternals } from '../../layers/recurrent';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { RecurrentKind, RecurrentParams } from './recurrentSpec';

/**
 * Builds a recurrent block: the layer on the training path, and a weightless inspector on the same inputs
 * whose hidden states (and gates) only the inspection model computes.
 */
export function recurrentBuilder(cell: RecurrentKind): BlockBuilder {
  return (params, inputs, ctx) => {
    const p = params as RecurrentParams;
    const x = symbolic(inputs.in, 'in', ctx);
    const h0 = inputs.initialState ? symbolic(inputs.initialState, 'initialState', ctx) : null;
    const c0 = cell === 'lstm' && inputs.initialCell ? symbolic(inputs.initialCell, 'initialCell', ctx) : null;
    const ids = inputs.tokens ? symbolic(inputs.tokens, 'tokens', ctx) : null;
    const layerInputs = [x, h0, c0, ids].filter((t): t is tf.SymbolicTensor => t !== null);
    const applied = layerInputs.length === 1 ? x : layerInputs;
    const layer = new Recurrent({
      name: ctx.name(cell),
      cell,
      units: p.units,
      returnSequences: p.output === 'sequence',
      bidirectional: p.bidirectional,
      dropout: p.dropout,
      hasInitialState: h0 !== null,
      hasInitialCell: c0 !== null,
      hasTokenMask: ids !== null,
      seed: ctx.seed(cell),
    });
    const [out, state, cellState] = layer.apply(applied) as tf.SymbolicTensor[];

    const inspector = new RecurrentInspector(layer, { name: ctx.name(`${cell}_inspect`) });
    const internals = inspector.apply(applied) as tf.SymbolicTensor | tf.SymbolicTensor[];
    const series = Array.isArray(internals) ? internals : [internals];
    recurrentInternals(cell).forEach((info, i) => ctx.inspect({ kind: info.kind, tensor: series[i], part: info.name }));

    const outputs: Record<string, tf.SymbolicTensor> = { out, state };
    if (cell === 'lstm') outputs.cell = cellState;
    return outputs;
  };
}
