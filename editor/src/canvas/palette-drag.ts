// The HTML5 drag from a palette item to the canvas: the item's `type@version` under our own
// MIME type, so nothing else dropped on the canvas (files, text) is mistaken for a node.
import type { NodeDescription } from '@tern/shared';
import { typeKey } from '../store/catalogue.js';

export const PALETTE_MIME = 'application/tern-node';

export function startPaletteDrag(dataTransfer: DataTransfer, description: Pick<NodeDescription, 'type' | 'version'>): void {
  dataTransfer.setData(PALETTE_MIME, typeKey(description.type, description.version));
  dataTransfer.effectAllowed = 'copy';
}

/** The `type@version` key being dropped, or null when the drop is not a palette item. */
export function readPaletteDrag(dataTransfer: DataTransfer): string | null {
  return dataTransfer.getData(PALETTE_MIME) || null;
}
