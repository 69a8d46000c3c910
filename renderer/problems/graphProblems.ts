/**
 * Every problem of the open graph, as one list: the graph's own errors and warnings, how it fits the dataset
 * chosen in the run settings, bundled or the learner's own file (vocabulary, classes, label kind, lengths), and
 * whether a run fits in memory.
 * Computed on every edit, so what would stop a run is listed before Start, not discovered by it.
 */
import { useEffect, useMemo } from 'react';
import {
  checkDatasetFacts,
  errorsOnly,
  graphWarnings,
  type DatasetFacts,
  type GraphDoc,
  type Problem,
} from '../../engine';
import { analysisOf } from '../store/analysis';
import { useDocumentStore } from '../store/documentStore';
import { dataBaseUrl } from '../studio/dataBaseUrl';
import { preflight } from '../studio/preflight';
import { useStudioStore } from '../studio/studioStore';
import { feedLengthsOf } from '../worker/runInputs';

export interface GraphProblems {
  /** Errors first, then warnings. */
  problems: Problem[];
  /** Why Start is unavailable (the first error, or a graph with nothing to train); null when a run may start. */
  blocker: Problem | null;
  /** The dataset the fit was checked against (the learner's own file when chosen); null until the worker has described it. */
  facts: DatasetFacts | null;
}

/** Codes that are warnings while a graph is being built but leave nothing to train. */
const NOTHING_TO_TRAIN = new Set(['E_EMPTY_GRAPH', 'E_NO_HEAD']);

export function graphProblems(doc: GraphDoc, facts: DatasetFacts | null): GraphProblems {
  const analysis = analysisOf(doc);
  const problems: Problem[] = [...analysis.problems, ...graphWarnings(doc)];
  if (facts) problems.push(...checkDatasetFacts(doc, analysis, facts));
  // The memory pre-flight (the studio's budget); its graph errors are already in the list.
  const tooBig = preflight(doc).problems.find((p) => p.code === 'E_OUT_OF_MEMORY');
  if (tooBig) problems.push(tooBig);
  const sorted = [...errorsOnly(problems), ...problems.filter((p) => p.severity === 'warning')];
  const blocker = errorsOnly(sorted)[0] ?? sorted.find((p) => NOTHING_TO_TRAIN.has(p.code)) ?? null;
  return { problems: sorted, blocker, facts };
}

const cache = new WeakMap<GraphDoc, Map<DatasetFacts | null, GraphProblems>>();
/** The last description asked of each worker (by its send function), so panels mounted together ask once. */
const asked = new WeakMap<object, string>();

function cachedProblems(doc: GraphDoc, facts: DatasetFacts | null): GraphProblems {
  let byFacts = cache.get(doc);
  if (!byFacts) cache.set(doc, (byFacts = new Map()));
  let result = byFacts.get(facts);
  if (!result) byFacts.set(facts, (result = graphProblems(doc, facts)));
  return result;
}

/**
 * The problems of the graph on screen against the dataset of its run settings. Asks the worker to describe
 * the dataset when it has not yet (the answer is kept per dataset, so later edits are checked at once).
 */
export function useGraphProblems(): GraphProblems {
  const doc = useDocumentStore((s) => s.doc);
  const userData = useStudioStore((s) => s.userData);
  const hasWorker = useStudioStore((s) => s.send !== null);
  const datasetId = doc.training.dataset;
  // The learner's own file brings its facts with it (read when it was chosen); a bundled dataset's come from the worker.
  const facts = useStudioStore((s) => (userData ? userData.facts : (s.datasetFacts[datasetId] ?? null)));
  const requestPreview = useStudioStore((s) => s.requestPreview);
  const known = facts !== null;
  useEffect(() => {
    if (known || userData || !hasWorker) return;
    const { doc: current } = useDocumentStore.getState();
    const lengths = feedLengthsOf(current);
    const seed = current.training.seed;
    // The same request id as the data picker's preview, so an open picker and this check share one answer.
    const requestId = JSON.stringify([datasetId, lengths, seed]);
    // Several panels use this hook: one request per dataset and worker is enough.
    const send = useStudioStore.getState().send;
    if (!send || asked.get(send) === requestId) return;
    asked.set(send, requestId);
    requestPreview({ type: 'preview', requestId, data: { kind: 'bundled', datasetId, baseUrl: dataBaseUrl() }, lengths, seed });
  }, [known, userData, hasWorker, datasetId, requestPreview]);
  return useMemo(() => cachedProblems(doc, facts), [doc, facts]);
}
