import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection as FlowConnection,
  type Edge,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeMouseHandler,
  type EdgeMouseHandler,
  type NodeTypes,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { planConnection, specOf, type GraphDoc, type GraphNode } from '../../engine';
import { refusalText } from '../problems/problemText';
import { CommandContextMenu, type ContextMenuPosition } from '../commands/ContextMenu';
import { blockName } from '../i18n';
import { portLabel } from '../i18n/blockText';
import { useAnalysis } from '../store/analysis';
import { EMPTY_SELECTION, useDocumentStore } from '../store/documentStore';
import type { XY } from '../store/edits';
import { useViewStore } from '../store/viewStore';
import { docToFlow, groupIdOfFrame, type FlowNode } from './adapter';
import { BlockNode, zoomedOutSelector } from './BlockNode';
import { BLOCK_WIDTH, GRID, MINIMAP, fitPadding, showsMinimap, type Size } from './geometry';
import { GroupFrameNode } from './GroupFrameNode';
import { WrapEdge } from './WrapEdge';
import { dropBlock } from './autoWire';
import { EdgePicker, edgesAt, type EdgePickerState } from './EdgePicker';
import { OverviewCanvas, OverviewMinimap } from './OverviewCanvas';
import { blockAt, blockTargets, edgesNear, edgeTargets, OVERVIEW_MIN_BLOCKS, overviewScene, type BlockTarget, type EdgeTarget, type OverviewScene } from './overview';
import './edges.css';

/** Defined once at module scope: a new object per render would remount every node and edge. */
const nodeTypes: NodeTypes = { block: BlockNode, groupFrame: GroupFrameNode };
const edgeTypes: EdgeTypes = { wrap: WrapEdge };

/** How near (screen pixels) the pointer must come to an edge drawn in the bitmap to hover or click it. */
const EDGE_HIT_PX = 5;
/** Each bitmap scene's edge routes, worked out on the first hover or click that needs them. */
const edgeRoutes = new WeakMap<OverviewScene, EdgeTarget[]>();

/** A connection named by its blocks as the bitmap names them, and the input it arrives on: source → target (input). */
function edgeTitle(doc: GraphDoc, edgeId: string, nameOf: (kind: string) => string, language: string): string {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (!edge) return edgeId;
  const source = doc.nodes.find((n) => n.id === edge.source);
  const target = doc.nodes.find((n) => n.id === edge.target);
  const name = (n: GraphNode | undefined, id: string) => (n ? n.label || nameOf(n.kind) : id);
  return `${name(source, edge.source)} → ${name(target, edge.target)} (${portLabel(target?.kind ?? '', edge.targetPort, language)})`;
}

/** How long a just-shown large graph waits for its fit before it is drawn at whatever zoom the view has. */
const FIT_WAIT_MS = 1000;

/** The MIME type the palette puts on a drag, holding the block kind. */
export const BLOCK_DRAG_TYPE = 'application/x-tensorloom-block';

interface DragStart {
  /** Start positions of every block that moves, keyed by block id. */
  blocks: Record<string, XY>;
  /** Start position of each dragged frame, with its members. */
  frames: Record<string, { at: XY; members: string[] }>;
}

export function Canvas() {
  const doc = useDocumentStore((s) => s.doc);
  const selection = useDocumentStore((s) => s.selection);
  const analysis = useAnalysis();
  const dragPositions = useViewStore((s) => s.dragPositions);
  const snapToGrid = useViewStore((s) => s.snapToGrid);
  const connectHint = useViewStore((s) => s.connectHint);
  const simplifyZoomedOut = useViewStore((s) => s.simplifyZoomedOut);
  const zoomedOut = useStore(zoomedOutSelector);
  const flow = useReactFlow();
  const container = useRef<HTMLDivElement>(null);
  const canvasSize = useElementSize(container);
  const minimap = showsMinimap(canvasSize);
  const simplified = zoomedOut && simplifyZoomedOut;
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const dragStart = useRef<DragStart | null>(null);
  const pointer = useRef<XY>({ x: 0, y: 0 });
  const hintStale = useRef(false);
  const [contextMenu, setContextMenu] = useState<ContextMenuPosition | null>(null);
  const closeContextMenu = useCallback(() => setContextMenu(null), []);
  const [edgePicker, setEdgePicker] = useState<EdgePickerState | null>(null);
  const closeEdgePicker = useCallback(() => setEdgePicker(null), []);
  // A click where several connections overlap (those leaving one output share their start) asks which one.
  const onEdgeClick: EdgeMouseHandler<Edge> = useCallback((event) => {
    const edgeIds = edgesAt(event.clientX, event.clientY);
    setEdgePicker(edgeIds.length > 1 ? { x: event.clientX, y: event.clientY, edgeIds } : null);
  }, []);

  const graph = useMemo(() => docToFlow(doc, analysis, selection, dragPositions), [doc, analysis, selection, dragPositions]);

  // Zoomed out (below LEVEL_OF_DETAIL_ZOOM, with the level of detail on) on a large graph, blocks and edges are
  // painted into one bitmap (OverviewCanvas), and React Flow draws elements only for the blocks being acted on:
  // selected, under the pointer, or dragged. The others stay in React Flow's store as hidden nodes, so fit
  // view, the selection and the viewport see the whole graph.
  const { i18n } = useTranslation();
  const language = i18n.language;
  const shownBlocks = useMemo(() => graph.nodes.reduce((n, node) => n + (node.type === 'block' && !node.hidden ? 1 : 0), 0), [graph.nodes]);
  const large = shownBlocks >= OVERVIEW_MIN_BLOCKS;
  // A document just shown (opened, restored, laid out) is drawn only once it is fitted: a large graph drawn at
  // the old zoom first would build an element for every block and edge in view, lay them all out and tear them
  // down a frame later, which stalls the first seconds after it appears.
  const fitRequest = useViewStore((s) => s.fitRequest);
  const [fittedRequest, setFittedRequest] = useState(0);
  const awaitingFit = large && fitRequest !== fittedRequest;
  const bitmap = simplified && large;
  const [hovered, setHovered] = useState<BlockTarget | null>(null);
  const [hoverAt, setHoverAt] = useState<XY | null>(null);
  // The bitmap leaves out selected and dragged blocks; the hovered one it keeps drawing under its element, so
  // moving the pointer over the graph never repaints the bitmap.
  const leftOutOfBitmap = useMemo(() => (bitmap ? new Set<string>([...selection.nodes, ...Object.keys(dragPositions)]) : null), [bitmap, selection.nodes, dragPositions]);
  const hoveredId = hovered?.id ?? null;
  const inBitmap = useCallback((id: string) => leftOutOfBitmap !== null && !leftOutOfBitmap.has(id) && groupIdOfFrame(id) === null, [leftOutOfBitmap]);
  const isReactDrawn = useCallback((id: string) => !inBitmap(id) || id === hoveredId, [inBitmap, hoveredId]);
  const nameOf = useCallback((kind: string) => {
    const spec = specOf(kind);
    return spec ? blockName(spec, language) : kind;
  }, [language]);
  const scene = useMemo(() => (leftOutOfBitmap ? overviewScene(graph, (id) => !inBitmap(id), nameOf) : null), [graph, leftOutOfBitmap, inBitmap, nameOf]);
  const targets = useMemo(() => (bitmap ? blockTargets(graph, nameOf) : []), [graph, bitmap, nameOf]);
  const targetsRef = useRef(targets);
  targetsRef.current = targets;
  const sceneRef = useRef(scene);
  sceneRef.current = bitmap ? scene : null;

  const nodes = useMemo(
    () =>
      graph.nodes.map((n) => ({
        ...n,
        hidden: n.hidden || awaitingFit || !isReactDrawn(n.id),
        measured: measured[n.id] ?? { width: n.width ?? BLOCK_WIDTH, height: n.height ?? 120 },
      })) as FlowNode[],
    [graph.nodes, measured, isReactDrawn, awaitingFit],
  );
  // Zoomed out, shape labels are unreadable specks that still cost a text and a box each to paint; an edge
  // with an end in the bitmap is drawn there.
  const edges = useMemo(
    () =>
      awaitingFit
        ? []
        : simplified
        ? graph.edges.filter((e) => isReactDrawn(e.source) && isReactDrawn(e.target)).map((e) => (e.label === undefined ? e : { ...e, label: undefined }))
        : graph.edges,
    [graph.edges, simplified, isReactDrawn, awaitingFit],
  );
  // What fit view frames: every block on show, whether React Flow or the bitmap draws it.
  const shownIds = useRef<string[]>([]);
  shownIds.current = useMemo(() => graph.nodes.filter((n) => !n.hidden).map((n) => n.id), [graph.nodes]);

  /** The block under a screen point, zoomed out (where the bitmap cannot take the pointer itself). */
  const blockUnder = useCallback(
    (clientX: number, clientY: number): BlockTarget | undefined => {
      if (!targetsRef.current.length) return undefined;
      const p = flow.screenToFlowPosition({ x: clientX, y: clientY }, { snapToGrid: false });
      return blockAt(targetsRef.current, p.x, p.y);
    },
    [flow],
  );
  /** The bitmap-drawn edges under a screen point, nearest first (the bitmap's edges have no elements to click). */
  const edgesUnder = useCallback(
    (clientX: number, clientY: number): string[] => {
      const drawn = sceneRef.current;
      if (!drawn || !drawn.edges.length) return [];
      let routes = edgeRoutes.get(drawn);
      if (!routes) edgeRoutes.set(drawn, (routes = edgeTargets(drawn)));
      const p = flow.screenToFlowPosition({ x: clientX, y: clientY }, { snapToGrid: false });
      return edgesNear(routes, p.x, p.y, EDGE_HIT_PX / flow.getZoom());
    },
    [flow],
  );
  const [hoveredEdge, setHoveredEdge] = useState<string | null>(null);
  const hoveredEdgeRef = useRef<string | null>(null);
  const hoverFrame = useRef<number | null>(null);
  const hoveredRef = useRef<BlockTarget | null>(null);
  const trackHover = useCallback(
    (e: ReactPointerEvent) => {
      // While a button is held the pointer pans, drags or connects: nothing to name, and nothing to re-render.
      if (!bitmap || e.buttons !== 0) return;
      const { clientX, clientY } = e;
      const box = container.current?.getBoundingClientRect();
      if (hoverFrame.current !== null) cancelAnimationFrame(hoverFrame.current);
      hoverFrame.current = requestAnimationFrame(() => {
        hoverFrame.current = null;
        const hit = blockUnder(clientX, clientY) ?? null;
        // Blocks are drawn over edges: an edge counts only where no block is.
        const edge = hit ? null : (edgesUnder(clientX, clientY)[0] ?? null);
        // The name stays where the pointer entered the block or edge: moving along it re-renders nothing.
        if (hit?.id === hoveredRef.current?.id && hit?.title === hoveredRef.current?.title && edge === hoveredEdgeRef.current) return;
        hoveredRef.current = hit;
        hoveredEdgeRef.current = edge;
        setHovered(hit);
        setHoveredEdge(edge);
        setHoverAt((hit || edge) && box ? { x: clientX - box.left, y: clientY - box.top } : null);
      });
    },
    [bitmap, blockUnder, edgesUnder],
  );
  const clearHover = useCallback(() => {
    if (hoverFrame.current !== null) cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = null;
    hoveredRef.current = null;
    hoveredEdgeRef.current = null;
    setHovered(null);
    setHoveredEdge(null);
    setHoverAt(null);
  }, []);
  useEffect(() => {
    if (!bitmap) clearHover();
  }, [bitmap, clearHover]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const sizes: Record<string, { width: number; height: number }> = {};
    let sel: { nodes: Set<string>; groups: Set<string> } | null = null;
    const moved: Record<string, XY> = {};
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
      else if (c.type === 'select') {
        if (!sel) {
          const cur = useDocumentStore.getState().selection;
          sel = { nodes: new Set(cur.nodes), groups: new Set(cur.groups) };
        }
        const gid = groupIdOfFrame(c.id);
        const set = gid ? sel.groups : sel.nodes;
        const key = gid ?? c.id;
        if (c.selected) set.add(key);
        else set.delete(key);
      } else if (c.type === 'position' && c.position && c.dragging) {
        moved[c.id] = c.position;
      }
    }
    if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
    if (sel) {
      const cur = useDocumentStore.getState().selection;
      useDocumentStore.getState().select({ nodes: [...sel.nodes], edges: cur.edges, groups: [...sel.groups] });
    }
    if (Object.keys(moved).length && dragStart.current) {
      const start = dragStart.current;
      const next: Record<string, XY> = { ...useViewStore.getState().dragPositions };
      for (const [id, p] of Object.entries(moved)) {
        const gid = groupIdOfFrame(id);
        if (gid && start.frames[id]) {
          const dx = p.x - start.frames[id].at.x;
          const dy = p.y - start.frames[id].at.y;
          for (const m of start.frames[id].members) {
            const s = start.blocks[m];
            if (s) next[m] = { x: s.x + dx, y: s.y + dy };
          }
        } else if (!gid) {
          next[id] = p;
        }
      }
      useViewStore.getState().setDragPositions(next);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<Edge>[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (!selects.length) return;
    const cur = useDocumentStore.getState().selection;
    const edges = new Set(cur.edges);
    for (const c of selects) {
      if (c.selected) edges.add(c.id);
      else edges.delete(c.id);
    }
    useDocumentStore.getState().select({ ...cur, edges: [...edges] });
  }, []);

  const onNodeDragStart: OnNodeDrag<FlowNode> = useCallback((_e, _node, dragged) => {
    const d = useDocumentStore.getState().doc;
    const blocks: Record<string, XY> = {};
    const frames: DragStart['frames'] = {};
    for (const n of d.nodes) blocks[n.id] = n.position;
    for (const f of dragged) {
      const gid = groupIdOfFrame(f.id);
      if (gid) frames[f.id] = { at: f.position, members: d.nodes.filter((n) => n.group === gid).map((n) => n.id) };
    }
    dragStart.current = { blocks, frames };
  }, []);

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(() => {
    const positions = useViewStore.getState().dragPositions;
    dragStart.current = null;
    // One undo step for the whole drag.
    if (Object.keys(positions).length) useDocumentStore.getState().moveNodes(positions);
    useViewStore.getState().setDragPositions({});
  }, []);

  const isValidConnection: IsValidConnection = useCallback((c) => {
    if (!c.sourceHandle || !c.targetHandle || groupIdOfFrame(c.source) || groupIdOfFrame(c.target)) return false;
    const result = planConnection(useDocumentStore.getState().doc, {
      source: c.source,
      sourcePort: c.sourceHandle,
      target: c.target,
      targetPort: c.targetHandle,
    });
    if (!result.ok) {
      hintStale.current = false;
      useViewStore.getState().setConnectHint({ reason: refusalText(result), x: pointer.current.x, y: pointer.current.y });
    }
    return result.ok;
  }, []);

  const onConnect = useCallback((c: FlowConnection) => {
    if (!c.sourceHandle || !c.targetHandle) return;
    const conn = { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle };
    // Onto an occupied input, a valid new connection replaces the old one (one undo step).
    const plan = planConnection(useDocumentStore.getState().doc, conn);
    if (plan.ok) useDocumentStore.getState().connect(conn, plan.replaces);
  }, []);

  const onConnectEnd = useCallback(() => {
    useViewStore.getState().setConnectHint(null);
  }, []);

  // Track the cursor for the hint; a hint whose handle the cursor has left is cleared after React Flow
  // had its chance to re-validate on this move.
  const onPointerMove = useCallback((e: ReactPointerEvent) => {
    pointer.current = { x: e.clientX, y: e.clientY };
    trackHover(e);
    if (!useViewStore.getState().connectHint) return;
    hintStale.current = true;
    requestAnimationFrame(() => {
      if (hintStale.current) useViewStore.getState().setConnectHint(null);
    });
  }, [trackHover]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(BLOCK_DRAG_TYPE);
      if (!kind) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: p.x - BLOCK_WIDTH / 2, y: p.y - 20 };
      const snapped = useViewStore.getState().snapToGrid ? { x: Math.round(at.x / GRID[0]) * GRID[0], y: Math.round(at.y / GRID[1]) * GRID[1] } : at;
      dropBlock(kind, snapped);
    },
    [flow],
  );

  const onPaneClick = useCallback(
    (event: React.MouseEvent) => {
      setEdgePicker(null);
      // Zoomed out, a click on a block in the bitmap lands on the pane: it selects the block, as on its element.
      const hit = blockUnder(event.clientX, event.clientY);
      const { selection, select } = useDocumentStore.getState();
      const adding = event.shiftKey || event.metaKey || event.ctrlKey;
      if (!hit) {
        // An edge in the bitmap is selected as React Flow selects an edge element; where several meet, the
        // picker names them, as a click on overlapping edge elements does.
        const edgeIds = edgesUnder(event.clientX, event.clientY);
        const edge = edgeIds[0];
        if (!edge) select(EMPTY_SELECTION);
        else if (adding) select({ ...selection, edges: selection.edges.includes(edge) ? selection.edges.filter((id) => id !== edge) : [...selection.edges, edge] });
        else select({ nodes: [], edges: [edge], groups: [] });
        if (edgeIds.length > 1) setEdgePicker({ x: event.clientX, y: event.clientY, edgeIds });
      } else if (adding) {
        const nodes = selection.nodes.includes(hit.id) ? selection.nodes.filter((id) => id !== hit.id) : [...selection.nodes, hit.id];
        select({ ...selection, nodes });
      } else select({ nodes: [hit.id], edges: [], groups: [] });
    },
    [blockUnder, edgesUnder],
  );

  // The context menu acts on the selection: a right-click on something not selected selects it alone first.
  const openContextMenu = useCallback((event: MouseEvent | React.MouseEvent) => {
    event.preventDefault();
    setContextMenu({ x: event.clientX, y: event.clientY });
  }, []);
  const onNodeContextMenu: NodeMouseHandler<FlowNode> = useCallback(
    (event, node) => {
      const { selection, select } = useDocumentStore.getState();
      const groupId = groupIdOfFrame(node.id);
      if (groupId ? !selection.groups.includes(groupId) : !selection.nodes.includes(node.id)) {
        select(groupId ? { nodes: [], edges: [], groups: [groupId] } : { nodes: [node.id], edges: [], groups: [] });
      }
      openContextMenu(event);
    },
    [openContextMenu],
  );
  const onPaneContextMenu = useCallback(
    (event: MouseEvent | React.MouseEvent) => {
      const hit = blockUnder(event.clientX, event.clientY);
      const { selection, select } = useDocumentStore.getState();
      const edge = hit ? undefined : edgesUnder(event.clientX, event.clientY)[0];
      if (hit && !selection.nodes.includes(hit.id)) select({ nodes: [hit.id], edges: [], groups: [] });
      else if (edge && !selection.edges.includes(edge)) select({ nodes: [], edges: [edge], groups: [] });
      openContextMenu(event);
    },
    [blockUnder, edgesUnder, openContextMenu],
  );
  const onEdgeContextMenu: EdgeMouseHandler<Edge> = useCallback(
    (event, edge) => {
      const { selection, select } = useDocumentStore.getState();
      if (!selection.edges.includes(edge.id)) select({ nodes: [], edges: [edge.id], groups: [] });
      openContextMenu(event);
    },
    [openContextMenu],
  );

  // Viewport requests from elsewhere (problems list, toolbar, opening a document).
  const centerRequest = useViewStore((s) => s.centerRequest);
  useEffect(() => {
    if (!centerRequest) return;
    const n = useDocumentStore.getState().doc.nodes.find((x) => x.id === centerRequest.nodeId);
    if (!n) return;
    void flow.setCenter(n.position.x + BLOCK_WIDTH / 2, n.position.y + 60, { zoom: Math.max(flow.getZoom(), 0.9), duration: 250 });
  }, [centerRequest, flow]);
  const fitViewOptions = useCallback(() => {
    const bounds = flow.getNodesBounds(flow.getNodes());
    // Zoomed out most blocks are hidden nodes (drawn in the bitmap): they count, by their declared size.
    const nodes = shownIds.current.map((id) => ({ id }));
    // A large graph jumps to its fit: animated, the zooms passed on the way would each draw their own elements.
    const duration = nodes.length >= OVERVIEW_MIN_BLOCKS ? 0 : 200;
    return { padding: fitPadding(bounds, sizeOf(container.current), showsMinimap(sizeOf(container.current))), maxZoom: 1.1, includeHiddenNodes: true, nodes, duration };
  }, [flow]);
  useEffect(() => {
    // An empty canvas has nothing to fit; asking anyway would zoom onto the first block dropped later.
    if (!fitRequest || !useDocumentStore.getState().doc.nodes.length) {
      setFittedRequest(fitRequest);
      return;
    }
    let current = true;
    const settle = () => {
      if (current) setFittedRequest(fitRequest);
    };
    flow.fitView(fitViewOptions()).then(settle, settle);
    // Should the fit not report back (a pane not measured yet fits nothing), the graph is drawn where it is.
    const fallback = setTimeout(settle, FIT_WAIT_MS);
    return () => {
      current = false;
      clearTimeout(fallback);
    };
  }, [fitRequest, flow, fitViewOptions]);

  return (
    <div className={`canvas${simplified ? ' simplified' : ''}${bitmap && hoveredEdge ? ' over-edge' : ''}`} data-testid="canvas" ref={container} onPointerMove={onPointerMove} onPointerLeave={clearHover}>
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onPaneClick={onPaneClick}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onEdgeClick={onEdgeClick}
        onSelectionContextMenu={openContextMenu}
        onPaneContextMenu={onPaneContextMenu}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        snapToGrid={snapToGrid}
        snapGrid={GRID}
        minZoom={0.1}
        maxZoom={2}
        elevateNodesOnSelect={false}
        connectionRadius={28}
        proOptions={{ hideAttribution: true }}
        // Large graphs (hundreds of blocks) pan smoothly only if off-screen blocks are not drawn.
        onlyRenderVisibleElements={!simplified}
      >
        {/* Zoomed out, the grid's dots would be 1–6 px apart: grey noise that costs a repaint of the whole pane per frame. */}
        {!simplified && <Background variant={BackgroundVariant.Dots} gap={GRID[0]} size={1} />}
        {scene && <OverviewCanvas scene={scene} />}
        {/* In a short canvas (the studio open in a small window) the minimap would cover blocks: see showsMinimap. */}
        {minimap && bitmap && <OverviewMinimap blocks={targets} size={MINIMAP} />}
        {minimap && !bitmap && (
          <MiniMap
            pannable
            zoomable
            className="minimap"
            style={{ width: MINIMAP.width, height: MINIMAP.height }}
            nodeClassName={(n) => (n.type === 'groupFrame' ? 'minimap-frame' : `minimap-block`)}
          />
        )}
        {/* Its fit button keeps the minimap's corner free, as the toolbar's does. */}
        <Controls position="bottom-left" onFitView={() => void flow.fitView(fitViewOptions())} />
      </ReactFlow>
      {connectHint && (
        <div className="connect-hint" role="alert" data-testid="connect-hint" style={{ left: connectHint.x + 16, top: connectHint.y + 16 }}>
          {connectHint.reason}
        </div>
      )}
      {bitmap && (hovered || hoveredEdge) && hoverAt && (
        <div className="overview-hover-name" data-testid="hover-name" style={{ left: hoverAt.x + 14, top: hoverAt.y + 18 }}>
          {hovered ? hovered.title : edgeTitle(doc, hoveredEdge!, nameOf, language)}
        </div>
      )}
      {contextMenu && <CommandContextMenu at={contextMenu} onClose={closeContextMenu} />}
      {edgePicker && <EdgePicker picker={edgePicker} onClose={closeEdgePicker} />}
    </div>
  );
}


function sizeOf(el: HTMLElement | null): Size {
  return { width: el?.clientWidth ?? 0, height: el?.clientHeight ?? 0 };
}

/** The element's size, kept current by a ResizeObserver (the dock resizer and the window change it). */
function useElementSize(ref: RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const next = sizeOf(el);
      setSize((cur) => (cur.width === next.width && cur.height === next.height ? cur : next));
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
