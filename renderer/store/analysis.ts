import { analyzeGraph, type GraphAnalysis, type GraphDoc } from '../../engine';
import { useDocumentStore } from './documentStore';

const cache = new WeakMap<GraphDoc, GraphAnalysis>();

/** Shapes, costs and problems of a doc; computed once per document object (docs are immutable). */
export function analysisOf(doc: GraphDoc): GraphAnalysis {
  let a = cache.get(doc);
  if (!a) {
    a = analyzeGraph(doc);
    cache.set(doc, a);
  }
  return a;
}

export function useAnalysis(): GraphAnalysis {
  return analysisOf(useDocumentStore((s) => s.doc));
}
