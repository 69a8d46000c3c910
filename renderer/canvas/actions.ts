/**
 * The editing actions behind the command list's commands (renderer/commands/commands.ts), which the
 * toolbar, the keyboard, the context menu and the native menu run. Each document change goes through
 * the store, so it is one undo step.
 */
import { i18n } from '../i18n';
import { useDocumentStore } from '../store/documentStore';
import { copyFragment, groupNodes } from '../store/edits';
import { useViewStore } from '../store/viewStore';
import { fragmentFromText, fragmentToText, readClipboard, writeClipboard } from './clipboard';
import { layoutDoc } from './layout';

/** Selected block ids, with every member of a selected group. */
export function selectedNodeIds(): string[] {
  const { doc, selection } = useDocumentStore.getState();
  const ids = new Set(selection.nodes);
  for (const n of doc.nodes) if (n.group && selection.groups.includes(n.group)) ids.add(n.id);
  return [...ids];
}

let pasteCount = 0;

export async function copySelection(): Promise<number> {
  const ids = selectedNodeIds();
  if (!ids.length) return 0;
  await writeClipboard(fragmentToText(copyFragment(useDocumentStore.getState().doc, ids)));
  pasteCount = 0;
  useViewStore.getState().notify(i18n.t('notice.copied', { count: ids.length }));
  return ids.length;
}

export async function cutSelection(): Promise<void> {
  const ids = selectedNodeIds();
  if (!(await copySelection())) return;
  useDocumentStore.getState().deleteItems(ids, []);
}

export async function pasteClipboard(): Promise<void> {
  const fragment = fragmentFromText(await readClipboard());
  if (!fragment || !fragment.nodes.length) {
    useViewStore.getState().notify(i18n.t('notice.nothingToPaste'));
    return;
  }
  pasteCount += 1;
  useDocumentStore.getState().paste(fragment, { x: 40 * pasteCount, y: 40 * pasteCount });
  useViewStore.getState().notify(i18n.t('notice.pasted', { count: fragment.nodes.length }));
}

/** Copies the selection in place, shifted a little, without touching the clipboard. */
export function duplicateSelection(): void {
  const ids = selectedNodeIds();
  if (!ids.length) return;
  const { doc, paste } = useDocumentStore.getState();
  paste(copyFragment(doc, ids), { x: 40, y: 40 });
}

/**
 * Groups the selected blocks and lays the graph out again in the same undo step: a frame is the bounding
 * box of its members, so they must sit together with no other block among them.
 */
export async function groupSelection(): Promise<string | null> {
  const { selection, doc } = useDocumentStore.getState();
  if (selection.nodes.length < 1) return null;
  const { doc: grouped, groupId } = groupNodes(doc, selection.nodes, `${i18n.t('inspector.group')} ${doc.groups.length + 1}`);
  let laid = grouped;
  try {
    laid = await layoutDoc(grouped, canvasAspectRatio());
  } catch {
    // Grouping still stands without a new layout.
  }
  if (useDocumentStore.getState().doc !== doc) return null;
  useDocumentStore.getState().apply(laid, { groups: [groupId] });
  useViewStore.getState().requestFit();
  return groupId;
}

export async function autoLayout(): Promise<void> {
  const store = useDocumentStore.getState();
  const before = store.doc;
  const laid = await layoutDoc(before, canvasAspectRatio());
  // The user may have edited while elk worked; only apply to the doc it was computed from.
  if (useDocumentStore.getState().doc !== before) return;
  const positions = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position]));
  store.moveNodes(positions);
  useViewStore.getState().requestFit();
}

/** The canvas's width / height now, so auto-layout wraps rows to fill it; 1.4 where there is none yet. */
function canvasAspectRatio(): number {
  const canvas = typeof document === 'undefined' ? null : document.querySelector<HTMLElement>('[data-testid="canvas"]');
  return canvas && canvas.clientWidth > 0 && canvas.clientHeight > 0 ? canvas.clientWidth / canvas.clientHeight : 1.4;
}
