import { BaseEdge, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { WRAP_EDGE_OFFSET } from './routing';

export type WrapEdgeData = { corridorY: number } & Record<string, unknown>;
export type WrapFlowEdge = Edge<WrapEdgeData, 'wrap'>;

/**
 * An edge to a block on the left (the next row of a wrapped layout): out of the source to the right, down
 * or up to a corridor no block occupies (chosen by the adapter, routing.ts), left along it, into the
 * target from the left. Its shape label sits on the corridor, where nothing covers it.
 */
function WrapEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, label, markerEnd, style, interactionWidth }: EdgeProps<WrapFlowEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
    centerY: data?.corridorY,
    offset: WRAP_EDGE_OFFSET,
    borderRadius: 10,
  });
  return <BaseEdge path={path} labelX={labelX} labelY={labelY} label={label} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} labelBgPadding={[2, 2]} />;
}

export const WrapEdge = memo(WrapEdgeView);
