// "Test with a contact" and the message preview against fakes of POST /api/workflows/:id/test-contact
// and POST /api/render: the contact searched and chosen (or made up), the draft on the canvas sent
// as it is, the path shown in the dialog and on the canvas, the messages rendered (HTML in a frame
// that may run nothing), and a template error shown.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { TestContactResult } from '../src/api/journeys.js';
import { Canvas } from '../src/canvas/Canvas.js';
import { Toolbar } from '../src/editor-page/Toolbar.js';
import { Inspector } from '../src/inspector/Inspector.js';
import { EditorStoreProvider } from '../src/store/editor-store.js';
import { node, storeWith } from './canvas-fixtures.js';
import { fakeServer, isolateEachTest, makeSession, renderWithSession, stubCanvasMeasuring } from './editor-page-helpers.js';
import { contact } from './marketing-fake-server.js';

stubCanvasMeasuring();
isolateEachTest();

const ada = contact('c1', { first_name: 'Ada', email: 'ada@example.com' });

const answer: TestContactResult = {
  status: 'success',
  path: [
    { nodeId: 'signup', type: 'trigger.webhook', status: 'success', port: 'out', output: {} },
    { nodeId: 'hot', type: 'logic.condition', status: 'success', port: 'false', output: {}, waitSkipped: undefined },
  ],
  messages: [
    { nodeId: 'hot', channel: 'email', to: 'ada@example.com', from: 'Tern <hello@tern.example>', subject: 'Welcome, Ada!', html: '<p>Hi Ada</p><script>alert(1)</script>' },
    { nodeId: 'hot', channel: 'sms', to: '+4930123456', from: '+100', body: 'Hi Ada, 10% off today' },
  ],
};

function renderEditor(route: (body: unknown) => { status: number; body?: unknown }) {
  const requests: unknown[] = [];
  fakeServer({
    'GET /api/contacts': (_b, url) => ({ status: 200, body: { items: url.searchParams.get('q') === 'ada' ? [ada] : [], total: 1, nextCursor: null } }),
    'POST /api/workflows/w1/test-contact': (body) => (requests.push(body), route(body)),
  });
  const { session, store } = makeSession();
  // An edit not saved yet: the test runs the canvas as it is.
  store.getState().edit({ op: 'rename', name: 'Welcome (draft)' });
  renderWithSession(session, (
    <div style={{ display: 'flex', flexDirection: 'column', width: 1200, height: 800 }}>
      <Toolbar />
      <Canvas />
    </div>
  ));
  return { store, requests, user: userEvent.setup() };
}

describe('test with a contact', () => {
  it('runs the draft for a contact found by search, and shows the path and the messages it would send', async () => {
    const { store, requests, user } = renderEditor(() => ({ status: 200, body: answer }));
    await user.click(screen.getByTestId('test-contact'));
    const dialog = screen.getByRole('dialog', { name: 'Test with a contact' });
    expect((within(dialog).getByTestId('test-contact-run') as HTMLButtonElement).disabled).toBe(true);

    await user.type(within(dialog).getByTestId('test-contact-search'), 'ada');
    await user.click(await within(dialog).findByTestId('choose-contact-c1'));
    expect(within(dialog).getByTestId('chosen-contact').textContent).toContain('Ada');
    await user.type(within(dialog).getByTestId('test-contact-events'), 'email.opened{Enter}');
    await user.type(within(dialog).getByTestId('test-contact-trigger'), '{{ "body": {{ "plan": "pro" } }');
    await user.click(within(dialog).getByTestId('test-contact-run'));

    const result = await within(dialog).findByTestId('test-contact-result');
    const body = requests[0] as Record<string, unknown>;
    expect(body.contactId).toBe('c1');
    expect(body.events).toEqual(['email.opened']);
    expect(body.trigger).toEqual({ body: { plan: 'pro' } });
    expect((body.definition as { name: string }).name).toBe('Welcome (draft)');

    const steps = [...within(result).getByTestId('test-path').querySelectorAll('li')];
    expect(steps.map((li) => li.textContent)).toEqual(['signup→ out', 'Hot lead?→ false']);
    // The path shows on the canvas as a run's steps do.
    expect(store.getState().stepsByNode.hot?.port).toBe('false');
    expect(screen.getByTestId('node-status-hot').getAttribute('aria-label')).toBe('Succeeded');

    const email = within(result).getByTestId('test-message-0');
    expect(within(email).getByTestId('rendered-subject').textContent).toBe('Welcome, Ada!');
    const frame = within(email).getByTestId('rendered-html');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe('<p>Hi Ada</p><script>alert(1)</script>');
    expect(within(result).getByTestId('rendered-sms').textContent).toBe('Hi Ada, 10% off today');

    await user.click(within(dialog).getByTestId('test-contact-clear'));
    expect(store.getState().stepsByNode).toEqual({});
  });

  it('runs for a made-up contact, and shows why the server refused', async () => {
    const { requests, user } = renderEditor(() => ({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'invalid request body: contact.email: must be a valid email address', details: [{ field: 'contact.email', message: 'must be a valid email address' }] } },
    }));
    await user.click(screen.getByTestId('test-contact'));
    await user.click(screen.getByTestId('pick-made-up'));
    await user.type(screen.getByTestId('made-up-email'), 'nope');
    await user.type(screen.getByTestId('made-up-first_name'), 'Grace');
    await user.click(screen.getByTestId('test-contact-run'));
    expect((await screen.findByTestId('test-contact-error')).textContent).toContain('contact.email: must be a valid email address');
    expect((requests[0] as { contact: unknown }).contact).toEqual({ email: 'nope', first_name: 'Grace' });
  });

  it('does not run with trigger data that is not JSON', async () => {
    const { user } = renderEditor(() => ({ status: 200, body: answer }));
    await user.click(screen.getByTestId('test-contact'));
    await user.click(screen.getByTestId('pick-made-up'));
    await user.type(screen.getByTestId('made-up-email'), 'grace@example.com');
    fireEvent.change(screen.getByTestId('test-contact-trigger'), { target: { value: '{ body: ' } });
    expect((screen.getByTestId('test-contact-run') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('the message preview in the inspector', () => {
  function renderInspector(route: (body: unknown) => { status: number; body?: unknown }) {
    const requests: unknown[] = [];
    fakeServer({ 'POST /api/render': (body) => (requests.push(body), route(body)) });
    const store = storeWith({
      nodes: [node('welcome', 'email.send', 0, 0, { to: '{{ contact.email }}', subject: 'Hi {{ contact.first_name }}', html: '<p>Hello</p>' })],
    });
    store.getState().select({ nodes: ['welcome'] });
    render(<EditorStoreProvider store={store}><Inspector /></EditorStoreProvider>);
    return { requests, user: userEvent.setup() };
  }

  it('renders an email.send node for a made-up contact with the params as they are now', async () => {
    const { requests, user } = renderInspector(() => ({ status: 200, body: { params: { to: 'ada@example.com', subject: 'Hi Ada', html: '<p>Hello Ada</p>' } } }));
    const preview = screen.getByTestId('message-preview');
    await user.click(within(preview).getByTestId('pick-made-up'));
    await user.type(within(preview).getByTestId('made-up-first_name'), 'Ada');
    await user.click(within(preview).getByTestId('message-preview-run'));

    const shown = await within(preview).findByTestId('message-preview-result');
    expect(within(shown).getByTestId('rendered-subject').textContent).toBe('Hi Ada');
    expect(within(shown).getByTestId('rendered-html').getAttribute('sandbox')).toBe('');
    expect(requests[0]).toEqual({
      node: { type: 'email.send', version: 1, params: { to: '{{ contact.email }}', subject: 'Hi {{ contact.first_name }}', html: '<p>Hello</p>' } },
      contact: { first_name: 'Ada' },
    });
  });

  it('names the field of a broken template', async () => {
    const { user } = renderInspector(() => ({
      status: 400,
      body: { error: { code: 'invalid_template', message: 'node.subject: unclosed tag', details: [{ field: 'node.subject', message: 'unclosed tag' }] } },
    }));
    const preview = screen.getByTestId('message-preview');
    await user.click(within(preview).getByTestId('pick-made-up'));
    await user.type(within(preview).getByTestId('made-up-email'), 'ada@example.com');
    await user.click(within(preview).getByTestId('message-preview-run'));
    await waitFor(() => expect(within(preview).getByRole('alert').textContent).toBe('node.subject: unclosed tag'));
    expect(within(preview).queryByTestId('message-preview-result')).toBeNull();
  });
});
