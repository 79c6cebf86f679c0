// Sizes and spacing of the canvas, shared by placement (palette, paste, notes) and auto-layout.
// NODE_WIDTH must match `.wf-node` in canvas.css.
import type { Position } from '@tern/shared';

export const NODE_WIDTH = 220;
/** The height of a node with one output; each extra labelled port adds PORT_ROW. */
export const NODE_HEIGHT = 60;
export const PORT_ROW = 22;
/** Horizontal gap between a node and the one added after it. */
export const GAP_X = 80;
export const GAP_Y = 40;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The estimated height of a node with `ports` outputs, before the browser has measured it. */
export const estimatedHeight = (ports: number) => (ports > 1 ? NODE_HEIGHT + 8 + ports * PORT_ROW : NODE_HEIGHT);

export const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const contains = (outer: Rect, p: Position) =>
  p.x >= outer.x && p.y >= outer.y && p.x <= outer.x + outer.width && p.y <= outer.y + outer.height;

export const centerOf = (r: Rect): Position => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

/** Rounds a position to whole pixels, so the saved JSON stays readable. */
export const rounded = (p: Position): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

/**
 * The first place near `want` where a `size` box covers none of `taken`: `want` itself, else
 * steps below, above, right and left of it, further out each round.
 */
export function freeSpot(want: Position, size: { width: number; height: number }, taken: Rect[]): Position {
  const stepY = NODE_HEIGHT + GAP_Y;
  const stepX = NODE_WIDTH + GAP_X;
  const free = (p: Position) => !taken.some((t) => overlaps({ ...p, ...size }, t));
  if (free(want)) return want;
  for (let r = 1; r <= 10; r++) {
    for (const [dx, dy] of [[0, r * stepY], [0, -r * stepY], [r * stepX, 0], [-r * stepX, 0]] as const) {
      const p = { x: want.x + dx, y: want.y + dy };
      if (free(p)) return p;
    }
  }
  return want;
}

/** The boxes that nodes and notes of a workflow cover; `heightOf` gives a node's height when known. */
export function occupied(
  workflow: { nodes: { id: string; position: Position }[]; stickyNotes?: { position: Position; width: number; height: number }[] },
  heightOf: (nodeId: string) => number = () => NODE_HEIGHT,
): Rect[] {
  return [
    ...workflow.nodes.map((n) => ({ ...n.position, width: NODE_WIDTH, height: heightOf(n.id) })),
    ...(workflow.stickyNotes ?? []).map((n) => ({ ...n.position, width: n.width, height: n.height })),
  ];
}
