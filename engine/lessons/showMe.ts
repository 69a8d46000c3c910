import { specOf } from '../blocks/specs';
import { planConnection } from '../graph/canConnect';
import type { MessageKey, MessageParams } from '../graph/messages';
import { defaultParams } from '../graph/params';
import { FORMAT_VERSION, defaultTraining, type GraphDoc, type GraphEdge, type GraphNode } from '../graph/schema';
import { templateById } from '../templates';
import { COLUMN, ROW } from '../templates/docBuilder';
import { lessonError, type LessonError } from './errors';
import type { Lesson, LessonEdit, LessonLanguage } from './schema';

/**
 * "Show me" as a pure function: a task's declarative edits applied to the learner's graph, giving the next
 * document (the app stores it as one undo step). Edits name blocks by the ids the lesson gives them; where
 * the learner built a block by hand under another id, a reference falls back to the one block of the kind
 * the lesson gave that id (when exactly one such block is not already one of the lesson's), so Show me continues the learner's own graph instead of adding a second copy.
 */

function editError(key: MessageKey, params: MessageParams): LessonError {
  return lessonError('E_LESSON_EDIT', key, params);
}

/** Which kind each lesson id stands for, from the lesson's `add` and `replaceKind` edits (the latest wins). */
export function lessonBlockKinds(lesson: Lesson): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const task of lesson.tasks) {
    for (const edit of task.showMe) {
      if (edit.op === 'add' || edit.op === 'replaceKind') kinds.set(edit.op === 'add' ? edit.id : edit.node, edit.kind);
    }
  }
  return kinds;
}

export function resolveBlock(doc: GraphDoc, ref: string, kinds: ReadonlyMap<string, string>): GraphNode | undefined {
  const exact = doc.nodes.find((n) => n.id === ref);
  if (exact) return exact;
  const kind = kinds.get(ref);
  if (kind === undefined) return undefined;
  // Only an unambiguous stand-in: the one block of that kind that is not another of the lesson's blocks.
  const candidates = doc.nodes.filter((n) => n.kind === kind && !kinds.has(n.id));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function uniqueId(doc: GraphDoc, base: string): string {
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)]);
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

function mustResolve(doc: GraphDoc, ref: string, kinds: ReadonlyMap<string, string>): GraphNode {
  const node = resolveBlock(doc, ref, kinds);
  if (!node) throw editError('lesson.blockNotOnCanvas', { ref });
  return node;
}

function portsOf(kind: string): { inputs: Set<string>; outputs: Set<string> } {
  const spec = specOf(kind);
  return { inputs: new Set(spec?.inputs.map((p) => p.name) ?? []), outputs: new Set(spec?.outputs.map((p) => p.name) ?? []) };
}

function applyOne(doc: GraphDoc, edit: LessonEdit, kinds: ReadonlyMap<string, string>, lang: LessonLanguage): GraphDoc {
  switch (edit.op) {
    case 'add': {
      const spec = specOf(edit.kind);
      if (!spec) throw editError('lesson.addsUnknownKind', { kind: edit.kind });
      // A block the learner already made is kept: under the lesson's id, or the one stand-in of its kind when it
      // already has the parameters the lesson asks for (a Token Input of another feed is not this one).
      const existing = resolveBlock(doc, edit.id, kinds);
      const sameBlock = existing?.id === edit.id || Object.entries(edit.params).every(([name, value]) => existing?.params[name] === value);
      if (existing && existing.kind === edit.kind && sameBlock) {
        return { ...doc, nodes: doc.nodes.map((n) => (n === existing ? { ...n, params: { ...n.params, ...edit.params } } : n)) };
      }
      const node: GraphNode = {
        id: uniqueId(doc, edit.id),
        kind: edit.kind,
        params: { ...defaultParams(spec), ...edit.params },
        position: { x: edit.at[0] * COLUMN, y: edit.at[1] * ROW },
        ...(edit.label ? { label: edit.label[lang] } : {}),
      };
      return { ...doc, nodes: [...doc.nodes, node] };
    }
    case 'connect': {
      const source = mustResolve(doc, edit.from, kinds);
      const target = mustResolve(doc, edit.to, kinds);
      const connection = { source: source.id, sourcePort: edit.fromPort, target: target.id, targetPort: edit.toPort };
      const already = doc.edges.some((e) => e.source === source.id && e.sourcePort === edit.fromPort && e.target === target.id && e.targetPort === edit.toPort);
      if (already) return doc;
      const plan = planConnection(doc, connection);
      if (!plan.ok) throw editError('lesson.connectRefused', { reason: plan.reason });
      const edge: GraphEdge = { id: uniqueEdgeId(doc, `e_${source.id}_${edit.fromPort}__${target.id}_${edit.toPort}`), ...connection };
      return { ...doc, edges: [...doc.edges.filter((e) => e.id !== plan.replaces), edge] };
    }
    case 'setParam': {
      const node = mustResolve(doc, edit.node, kinds);
      return { ...doc, nodes: doc.nodes.map((n) => (n === node ? { ...n, params: { ...n.params, [edit.param]: edit.value } } : n)) };
    }
    case 'replaceKind': {
      const node = mustResolve(doc, edit.node, kinds);
      const spec = specOf(edit.kind);
      if (!spec) throw editError('lesson.swapsUnknownKind', { kind: edit.kind });
      const fresh = defaultParams(spec);
      const kept = Object.fromEntries(Object.entries(node.params).filter(([name]) => name in fresh));
      const replaced: GraphNode = { ...node, kind: edit.kind, params: { ...fresh, ...kept, ...edit.params }, ...(edit.label ? { label: edit.label[lang] } : {}) };
      const ports = portsOf(edit.kind);
      const edges = doc.edges.filter((e) => (e.target !== node.id || ports.inputs.has(e.targetPort)) && (e.source !== node.id || ports.outputs.has(e.sourcePort)));
      return { ...doc, nodes: doc.nodes.map((n) => (n === node ? replaced : n)), edges };
    }
    case 'remove': {
      const node = resolveBlock(doc, edit.node, kinds);
      if (!node) return doc;
      return { ...doc, nodes: doc.nodes.filter((n) => n !== node), edges: doc.edges.filter((e) => e.source !== node.id && e.target !== node.id) };
    }
    case 'group': {
      const members = new Set(edit.nodes.map((ref) => mustResolve(doc, ref, kinds).id));
      const groupId = doc.groups.some((g) => g.id === edit.id) ? edit.id : uniqueId(doc, edit.id);
      const groups = doc.groups.some((g) => g.id === groupId)
        ? doc.groups.map((g) => (g.id === groupId ? { ...g, repeat: edit.repeat } : g))
        : [...doc.groups, { id: groupId, label: edit.label[lang], repeat: edit.repeat, collapsed: false }];
      return { ...doc, groups, nodes: doc.nodes.map((n) => (members.has(n.id) ? { ...n, group: groupId } : n)) };
    }
    case 'setFrozen': {
      const ids = new Set(edit.nodes.map((ref) => mustResolve(doc, ref, kinds).id));
      return { ...doc, nodes: doc.nodes.map((n) => (ids.has(n.id) ? { ...n, frozen: edit.frozen } : n)) };
    }
    case 'setTraining':
      return { ...doc, training: { ...doc.training, ...edit.patch } };
  }
}

function uniqueEdgeId(doc: GraphDoc, base: string): string {
  const taken = new Set(doc.edges.map((e) => e.id));
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

/**
 * Applies a task's Show me edits in order. Throws a LessonError coded E_LESSON_EDIT (naming the block and
 * saying how to recover) when an edit cannot apply — the caller then leaves the document as it was.
 */
export function applyShowMe(doc: GraphDoc, lesson: Lesson, taskId: string, lang: LessonLanguage): GraphDoc {
  const task = lesson.tasks.find((t) => t.id === taskId);
  if (!task) throw editError('lesson.noTask', { lesson: lesson.id, task: taskId });
  const kinds = lessonBlockKinds(lesson);
  return task.showMe.reduce((next, edit) => applyOne(next, edit, kinds, lang), doc);
}

/** The document a lesson begins with: a blank canvas, or a fresh copy of a bundled template. */
export function lessonStartDoc(lesson: Lesson, lang: LessonLanguage): GraphDoc {
  if (lesson.start.kind === 'template') {
    const template = templateById(lesson.start.template);
    if (!template) throw editError('lesson.templateMissing', { template: lesson.start.template });
    return { ...template.build(), name: lesson.title[lang] };
  }
  return { formatVersion: FORMAT_VERSION, name: lesson.title[lang], description: '', nodes: [], edges: [], groups: [], training: defaultTraining() };
}
