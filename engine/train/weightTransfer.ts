import * as tf from '@tensorflow/tfjs';
import { specOf } from '../blocks/specs';
import { layerNamePrefix, type CompiledModel } from '../compile/compile';
import { analyzeGraph, nodeLabel, type GraphAnalysis } from '../graph/analyze';
import { coded, EngineError, type Problem } from '../graph/errors';
import type { GraphDoc, GraphNode } from '../graph/schema';
import { formatShape, formatType } from '../graph/shapes';
import type { NamedTensor } from '../io/modelContents';
import { assignData, modelWeights } from './modelState';

/** How a target block found its source block. */
export type TransferMatch = 'id' | 'label' | 'shape';

export interface WeightTransferLoad {
  targetNodeId: string;
  sourceNodeId: string;
  /** The target block's label. */
  label: string;
  matchedBy: TransferMatch;
  /** Every weight of the block (all copies of a repeated block): target name ← source name. */
  weights: Array<{ target: string; source: string; shape: number[] }>;
}

/**
 * Why a block keeps its fresh weights (side 'target') or why a source block's weights go unused ('source').
 * Codes: SHAPE_MISMATCH (a counterpart exists but its weights differ), NO_MATCH (no counterpart),
 * AMBIGUOUS (several equally good counterparts), NOT_USED (a source block nothing in the target took).
 */
export interface WeightTransferSkip {
  nodeId: string;
  label: string;
  side: 'target' | 'source';
  code: 'SHAPE_MISMATCH' | 'NO_MATCH' | 'AMBIGUOUS' | 'NOT_USED';
  reason: string;
}

export interface WeightTransferPlan {
  loads: WeightTransferLoad[];
  skipped: WeightTransferSkip[];
}

/** A block with weights, on either side: its weights by their name relative to the block (`0__mha/query_kernel`). */
interface Block {
  node: GraphNode;
  label: string;
  /** Relative name → full weight name and shape. */
  weights: Map<string, { name: string; shape: number[] }>;
}

/**
 * Which blocks of a model can start from the weights of another (fine-tuning, e.g. a pre-trained encoder under a
 * new classifier head). Each target block with weights looks for a source block of the same kind: first one with
 * the same id, then one with the same label, then — for blocks still unmatched — the only remaining one whose
 * weights have exactly its shapes. A block loads only if every one of its weights (every copy of a repeated
 * block) has a counterpart of the same shape; otherwise it is skipped with the reason, in the named-dims shapes
 * the canvas shows where they differ. Blocks without weights are not listed.
 */
export function planWeightTransfer(
  target: { doc: GraphDoc; compiled: CompiledModel },
  source: { doc: GraphDoc; weights: NamedTensor[] },
): WeightTransferPlan {
  const targetBlocks = targetBlocksOf(target.doc, target.compiled);
  const { blocks: sourceBlocks, ambiguous } = sourceBlocksOf(source.doc, source.weights);
  const targetAnalysis = target.compiled.analysis;
  const sourceAnalysis = analyzeGraph(source.doc);
  const loads: WeightTransferLoad[] = [];
  const skipped: WeightTransferSkip[] = [];
  const claimed = new Set<string>();
  const pending = new Set(targetBlocks.map((b) => b.node.id));
  const unclaimedOfKind = (kind: string) => sourceBlocks.filter((s) => s.node.kind === kind && !claimed.has(s.node.id));

  const pair = (t: Block, s: Block, matchedBy: TransferMatch) => {
    pending.delete(t.node.id);
    claimed.add(s.node.id);
    const mismatch = weightsMismatch(t, s);
    if (!mismatch) {
      loads.push({
        targetNodeId: t.node.id,
        sourceNodeId: s.node.id,
        label: t.label,
        matchedBy,
        weights: [...t.weights].map(([rel, w]) => ({ target: w.name, source: s.weights.get(rel)!.name, shape: w.shape })),
      });
      return;
    }
    const from = s.node.id === t.node.id ? '' : ` (source block ‘${s.label}’)`;
    skipped.push({
      nodeId: t.node.id,
      label: t.label,
      side: 'target',
      code: 'SHAPE_MISMATCH',
      reason: `${describeDifference(t, s, targetAnalysis, sourceAnalysis, mismatch)}${from}`,
    });
  };

  for (const t of targetBlocks) {
    const s = unclaimedOfKind(t.node.kind).find((x) => x.node.id === t.node.id);
    if (s) pair(t, s, 'id');
  }
  for (const t of targetBlocks.filter((b) => pending.has(b.node.id))) {
    if (!t.node.label) continue;
    const sameLabel = unclaimedOfKind(t.node.kind).filter((x) => x.node.label === t.node.label);
    const rivals = targetBlocks.filter((b) => pending.has(b.node.id) && b.node.kind === t.node.kind && b.node.label === t.node.label);
    if (sameLabel.length === 1 && rivals.length === 1) pair(t, sameLabel[0], 'label');
  }
  // Decided on the blocks left after the id and name passes, all at once, so the order of the blocks cannot
  // make a match: a source block goes to a target only if each is the other's one fit.
  const remaining = targetBlocks.filter((b) => pending.has(b.node.id));
  const fits = new Map(remaining.map((t) => [t, unclaimedOfKind(t.node.kind).filter((s) => !weightsMismatch(t, s))]));
  for (const t of remaining) {
    const candidates = fits.get(t)!;
    const rivals = candidates.length === 1 ? remaining.filter((b) => fits.get(b)!.includes(candidates[0])) : [];
    if (candidates.length === 1 && rivals.length === 1) {
      pair(t, candidates[0], 'shape');
      continue;
    }
    pending.delete(t.node.id);
    const kindName = specOf(t.node.kind)?.label ?? t.node.kind;
    if (candidates.length > 1 || rivals.length > 1) {
      const names = candidates.length > 1 ? candidates.map((c) => `‘${c.label}’`).join(', ') : `‘${candidates[0].label}’`;
      skipped.push({
        nodeId: t.node.id,
        label: t.label,
        side: 'target',
        code: 'AMBIGUOUS',
        reason:
          candidates.length > 1
            ? `${candidates.length} ${kindName} blocks of the source model have these shapes (${names}); give this block the id or name of the one to load`
            : `the source block ${names} fits more than one block of this model; give this block its id or name to load it here`,
      });
    } else {
      skipped.push({
        nodeId: t.node.id,
        label: t.label,
        side: 'target',
        code: 'NO_MATCH',
        reason: noCounterpart(t.node.kind, source.doc, sourceBlocks, 'the source model', `no ${kindName} block of the source model has this block's id, name or shapes`),
      });
    }
  }
  for (const s of sourceBlocks) {
    if (claimed.has(s.node.id)) continue;
    const kindName = specOf(s.node.kind)?.label ?? s.node.kind;
    skipped.push({
      nodeId: s.node.id,
      label: s.label,
      side: 'source',
      code: 'NOT_USED',
      reason: noCounterpart(s.node.kind, target.doc, targetBlocks, 'this model', `no ${kindName} block of this model took its weights`),
    });
  }
  for (const node of ambiguous) {
    skipped.push({
      nodeId: node.id,
      label: nodeLabel(node, specOf(node.kind)),
      side: 'source',
      code: 'AMBIGUOUS',
      reason: 'its weights cannot be told apart from another block whose id differs only in punctuation',
    });
  }
  return { loads, skipped };
}

/**
 * Loads the planned weights into the compiled model; returns how many weight tensors were loaded. Everything is
 * checked first (each named weight exists on both sides with the planned shape), so a plan that does not fit
 * this model or these weights throws E_WEIGHTS_MISMATCH and changes nothing.
 */
export function applyWeightTransfer(compiled: CompiledModel, plan: WeightTransferPlan, sourceWeights: NamedTensor[]): number {
  const targets = new Map(modelWeights(compiled).map((w) => [w.name, w]));
  const sources = new Map(sourceWeights.map((w) => [w.name, w]));
  const problems: Problem[] = [];
  const moves: Array<{ variable: tf.Variable; saved: NamedTensor }> = [];
  for (const load of plan.loads) {
    for (const w of load.weights) {
      const t = targets.get(w.target);
      const s = sources.get(w.source);
      const size = tf.util.sizeFromShape(w.shape);
      if (!t || !s || !sameShape(t.variable.shape as number[], w.shape) || !sameShape(s.shape, w.shape) || s.data.length !== size) {
        const shapes = { here: t ? formatShape(t.variable.shape as number[]) : 'absent', there: s ? formatShape(s.shape) : 'absent' };
        problems.push({ ...coded('E_WEIGHTS_MISMATCH', 'transfer.cannotTake', { block: load.label, target: w.target, source: w.source, ...shapes }), nodeId: load.targetNodeId });
        continue;
      }
      moves.push({ variable: t.variable.read() as tf.Variable, saved: s });
    }
  }
  if (problems.length) throw new EngineError(problems);
  for (const m of moves) assignData(m.variable, m.saved);
  return moves.length;
}

/** Why a block has no counterpart on the other side: no block of its kind there, none with weights, or none that fit. */
function noCounterpart(kind: string, otherDoc: GraphDoc, otherBlocks: Block[], otherName: string, noneFit: string): string {
  const kindName = specOf(kind)?.label ?? kind;
  if (!otherDoc.nodes.some((n) => n.kind === kind)) return `no block of this kind (${kindName}) in ${otherName}`;
  if (!otherBlocks.some((b) => b.node.kind === kind)) return `the ${kindName} blocks of ${otherName} have no weights`;
  return noneFit;
}

function targetBlocksOf(doc: GraphDoc, compiled: CompiledModel): Block[] {
  const byNode = new Map<string, Block>();
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const w of modelWeights(compiled)) {
    const node = nodes.get(w.nodeId);
    if (!node) continue;
    let block = byNode.get(node.id);
    if (!block) byNode.set(node.id, (block = { node, label: nodeLabel(node, specOf(node.kind)), weights: new Map() }));
    block.weights.set(w.name.slice(layerNamePrefix(node.id).length), { name: w.name, shape: [...w.variable.shape] as number[] });
  }
  // Doc order, so the plan reads like the canvas from inputs to heads.
  return doc.nodes.map((n) => byNode.get(n.id)).filter((b): b is Block => b !== undefined);
}

/** Source weights grouped by the block whose layer-name prefix they carry (`${nodeId}__${copy}__`). */
function sourceBlocksOf(doc: GraphDoc, weights: NamedTensor[]): { blocks: Block[]; ambiguous: GraphNode[] } {
  const byPrefix = new Map<string, GraphNode[]>();
  for (const n of doc.nodes) {
    const p = layerNamePrefix(n.id);
    byPrefix.set(p, [...(byPrefix.get(p) ?? []), n]);
  }
  const byNode = new Map<string, Block>();
  const ambiguous = new Set<GraphNode>();
  for (const w of weights) {
    // The longest prefix followed by a copy index: an id may itself contain `__`.
    let owner: { prefix: string; nodes: GraphNode[] } | undefined;
    for (const [prefix, nodes] of byPrefix) {
      if (w.name.startsWith(prefix) && /^\d+__/.test(w.name.slice(prefix.length)) && (!owner || prefix.length > owner.prefix.length)) owner = { prefix, nodes };
    }
    if (!owner) continue;
    if (owner.nodes.length > 1) {
      owner.nodes.forEach((n) => ambiguous.add(n));
      continue;
    }
    const node = owner.nodes[0];
    let block = byNode.get(node.id);
    if (!block) byNode.set(node.id, (block = { node, label: nodeLabel(node, specOf(node.kind)), weights: new Map() }));
    block.weights.set(w.name.slice(owner.prefix.length), { name: w.name, shape: [...w.shape] });
  }
  return { blocks: doc.nodes.map((n) => byNode.get(n.id)).filter((b): b is Block => b !== undefined), ambiguous: [...ambiguous] };
}

interface Mismatch {
  /** The first weight (relative name) that differs or is missing on one side. */
  weight: string;
}

function weightsMismatch(t: Block, s: Block): Mismatch | undefined {
  for (const [rel, w] of t.weights) {
    const other = s.weights.get(rel);
    if (!other || !sameShape(other.shape, w.shape)) return { weight: rel };
  }
  for (const rel of s.weights.keys()) if (!t.weights.has(rel)) return { weight: rel };
  return undefined;
}

/** The difference in words, most visible first: the block's shapes on the canvas, its copies, its settings, its weights. */
function describeDifference(t: Block, s: Block, ta: GraphAnalysis, sa: GraphAnalysis, mismatch: Mismatch): string {
  const tn = ta.nodes[t.node.id];
  const sn = sa.nodes[s.node.id];
  if (tn && sn) {
    for (const [side, word] of [['outputs', 'shape'], ['inputs', 'input shape']] as const) {
      for (const [port, type] of Object.entries(tn[side])) {
        const other = sn[side][port];
        if (type && other && formatType(type) !== formatType(other)) return `${word} ${formatType(type)} vs ${formatType(other)}`;
      }
    }
    if (tn.copies !== sn.copies) return `repeated ×${tn.copies} vs ×${sn.copies}`;
  }
  const weight = weightDifference(t, s, mismatch);
  const spec = specOf(t.node.kind);
  const settings = (spec?.params ?? [])
    .filter((p) => t.node.params[p.name] !== undefined && s.node.params[p.name] !== undefined && t.node.params[p.name] !== s.node.params[p.name])
    .map((p) => `${p.label} ${String(t.node.params[p.name])} vs ${String(s.node.params[p.name])}`);
  return settings.length ? `${settings.join(', ')} (${weight})` : weight;
}

function weightDifference(t: Block, s: Block, { weight }: Mismatch): string {
  const own = weight.slice(weight.indexOf('/') + 1);
  const tw = t.weights.get(weight);
  const sw = s.weights.get(weight);
  if (tw && sw) return `${own} ${shapeText(tw.shape)} vs ${shapeText(sw.shape)}`;
  return tw ? `the source block has no “${own}” weight` : `the source block has a “${own}” weight this one lacks`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function shapeText(shape: readonly number[]): string {
  return shape.length ? formatShape(shape) : 'scalar';
}
