// The journey stats overlay against a fake of GET /api/workflows/:id/stats: the toolbar toggle
// loads them, each node shows its counts (per port beside the port), the summary shows the
// journey's totals and messages, and switching off clears them.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WorkflowStats } from '../src/api/journeys.js';
import { Canvas } from '../src/canvas/Canvas.js';
import { Banners } from '../src/editor-page/Banners.js';
import { Toolbar } from '../src/editor-page/Toolbar.js';
import { fakeServer, isolateEachTest, makeSession, renderWithSession, stubCanvasMeasuring } from './editor-page-helpers.js';

stubCanvasMeasuring();
isolateEachTest();

const stats: WorkflowStats = {
  workflow: { started: 1200, running: 10, waiting: 290, succeeded: 800, errored: 3, converted: 240 },
  nodes: {
    signup: { entered: 1200, waiting: 0, passed: { out: 1200 }, errored: 0 },
    hot: { entered: 1200, waiting: 7, passed: { true: 450, false: 740 }, errored: 3 },
  },
  messages: { sent: 1000, delivered: 980, opened: 420, clicked: 96, bounced: 20, unsubscribed: 4 },
};

function renderEditor() {
  const { session } = makeSession();
  renderWithSession(session, (
    <div style={{ display: 'flex', flexDirection: 'column', width: 1200, height: 800 }}>
      <Toolbar />
      <Banners />
      <Canvas />
    </div>
  ));
  return session;
}

describe('journey stats on the canvas', () => {
  it('loads on the toggle, shows counts on each node and per port, totals in the summary, and clears when off', async () => {
    const server = fakeServer({ 'GET /api/workflows/w1/stats': () => ({ status: 200, body: stats }) });
    const session = renderEditor();
    expect(screen.queryByTestId('node-stats-hot')).toBeNull();

    fireEvent.click(screen.getByTestId('toggle-stats'));
    const summary = await screen.findByTestId('stats-summary');
    expect(server.calls).toEqual(['GET /api/workflows/w1/stats']);
    expect(screen.getByTestId('toggle-stats').getAttribute('aria-pressed')).toBe('true');

    const hot = screen.getByTestId('node-stats-hot');
    expect(within(hot).getByLabelText('1200 entered')).toBeTruthy();
    expect(within(hot).getByLabelText('7 waiting')).toBeTruthy();
    expect(within(hot).getByLabelText('3 errored')).toBeTruthy();
    // A node with several ports shows what left by each beside the port, not a total.
    expect(within(hot).queryByLabelText(/passed/)).toBeNull();
    expect(screen.getByTestId('port-count-hot-true').textContent).toBe('450');
    expect(screen.getByTestId('port-count-hot-false').textContent).toBe('740');
    expect(within(screen.getByTestId('node-stats-signup')).getByLabelText('1200 passed')).toBeTruthy();
    // Nothing to say about waiting or errors where there are none.
    expect(within(screen.getByTestId('node-stats-signup')).queryByLabelText(/waiting|errored/)).toBeNull();

    const text = summary.textContent!;
    expect(text).toContain('Started1,200');
    expect(text).toContain('In progress300');
    expect(text).toContain('Converted240 (20%)');
    expect(text).toContain('Opened420 (42%)');
    expect(text).toContain('Bounced20 (2%)');

    fireEvent.click(screen.getByTestId('toggle-stats'));
    await waitFor(() => expect(screen.queryByTestId('stats-summary')).toBeNull());
    expect(screen.queryByTestId('node-stats-hot')).toBeNull();
    expect(screen.queryByTestId('port-count-hot-true')).toBeNull();
    expect(session.store.getState().stats).toBeNull();
  });

  it('shows no message figures before any message was sent, and refreshes on demand', async () => {
    let started = 5;
    fakeServer({ 'GET /api/workflows/w1/stats': () => ({ status: 200, body: { workflow: { ...stats.workflow, started: started++ }, nodes: {} } }) });
    renderEditor();
    fireEvent.click(screen.getByTestId('toggle-stats'));
    const summary = await screen.findByTestId('stats-summary');
    expect(summary.textContent).toContain('Started5');
    expect(summary.textContent).not.toContain('Messages sent');
    // A node nobody reached yet shows zero entered.
    expect(within(screen.getByTestId('node-stats-hot')).getByLabelText('0 entered')).toBeTruthy();

    fireEvent.click(screen.getByTestId('stats-refresh'));
    await waitFor(() => expect(screen.getByTestId('stats-summary').textContent).toContain('Started6'));
  });
});
