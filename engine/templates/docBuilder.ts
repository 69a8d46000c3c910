import { specOf } from '../blocks/specs';
import type { ParamValue } from '../blocks/types';
import { defaultParams } from '../graph/params';
import { FORMAT_VERSION, defaultTraining, type GraphDoc, type GraphEdge, type GraphGroup, type GraphNode, type TrainingConfig } from '../graph/schema';

/** Grid of the canvas layout: data flows left to right, one column per stage. */
export const COLUMN = 240;
export const ROW = 130;

/** A handle on a node's output port, for wiring. */
export interface PortRef {
  node: string;
  port: string;
}

/**
 * Writes a template as code that reads like the diagram: `add` places a block at a grid cell (column,
 * row) with its params (defaults filled in from the block's spec, so a template never depends on a
 * default that later changes), `wire` connects ports.
 */
export class DocBuilder {
  private nodes: GraphNode[] = [];
  private edges: GraphEdge[] = [];
  private groups: GraphGroup[] = [];

  add(
    id: string,
    kind: string,
    at: [column: number, row: number],
    params: Record<string, ParamValue> = {},
    extra: { label?: string; group?: string } = {},
  ): PortRef & { out: PortRef } {
    const spec = specOf(kind);
    this.nodes.push({
      id,
      kind,
      label: extra.label,
      params: { ...(spec ? defaultParams(spec) : {}), ...params },
      position: { x: at[0] * COLUMN, y: at[1] * ROW },
      ...(extra.group ? { group: extra.group } : {}),
    });
    return { node: id, port: 'out', out: { node: id, port: 'out' } };
  }

  wire(from: PortRef, to: string, toPort: string): void {
    this.edges.push({
      id: `e_${from.node}_${from.port}__${to}_${toPort}`,
      source: from.node,
      sourcePort: from.port,
      target: to,
      targetPort: toPort,
    });
  }

  group(id: string, label: string, repeat: number): string {
    this.groups.push({ id, label, repeat, collapsed: false });
    return id;
  }

  build(meta: { name: string; description: string; training: Partial<TrainingConfig> }): GraphDoc {
    return {
      formatVersion: FORMAT_VERSION,
      name: meta.name,
      description: meta.description,
      nodes: this.nodes.map((n) => (n.label === undefined ? withoutLabel(n) : n)),
      edges: this.edges,
      groups: this.groups,
      training: defaultTraining(meta.training),
    };
  }
}

function withoutLabel(n: GraphNode): GraphNode {
  const { label: _label, ...rest } = n;
  return rest;
}

export const port = (node: string, name: string): PortRef => ({ node, port: name });
