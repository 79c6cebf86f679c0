// Canvas gestures for the end-to-end tests, done with the real mouse: drag from the palette,
// draw an edge from a port to a node's input.
import type { Page } from 'playwright-core';

const center = async (page: Page, selector: string) => {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** Drags a palette item onto the canvas at page coordinates `to` (HTML5 drag and drop). */
export async function dragFromPalette(page: Page, type: string, to: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-item-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: await paneOffset(page, to) });
}

async function paneOffset(page: Page, to: { x: number; y: number }) {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  return { x: to.x - box.x, y: to.y - box.y };
}

/** Draws an edge from a node's output port to another node's input, moving the mouse in steps. */
export async function connect(page: Page, from: { node: string; port: string }, toNode: string): Promise<void> {
  const start = await center(page, `.react-flow__handle[data-nodeid="${from.node}"][data-handleid="${from.port}"]`);
  const end = await center(page, `.react-flow__handle[data-nodeid="${toNode}"].target, .react-flow__node[data-id="${toNode}"]`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}
