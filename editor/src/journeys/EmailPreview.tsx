// In the inspector of a message node (email.send, sms.send): "Preview" renders the node's params
// as they are now for a chosen or made-up contact (POST /api/render) and shows the message as
// that contact would get it. A template error names its field.
import { Eye } from 'lucide-react';
import { useState } from 'react';
import { renderNode } from '../api/journeys.js';
import { selectParams } from '../store/params.js';
import { useEditor } from '../store/editor-store.js';
import { type ContactChoice, contactOfChoice, ContactPicker } from './ContactPicker.js';
import { type MessageView, RenderedMessage } from './RenderedMessage.js';
import './journeys.css';

/** The node types whose params are a message to preview, and its channel. */
export const PREVIEWABLE: Record<string, MessageView['channel']> = { 'email.send': 'email', 'sms.send': 'sms' };

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function MessagePreview({ nodeId, type, version }: { nodeId: string; type: string; version: number }) {
  const params = useEditor(selectParams(nodeId));
  const [choice, setChoice] = useState<ContactChoice>({ kind: 'existing', contact: null });
  const [rendered, setRendered] = useState<MessageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const channel = PREVIEWABLE[type] ?? 'email';
  const who = contactOfChoice(choice);

  const preview = async () => {
    if (!who) return;
    setBusy(true);
    setError(null);
    try {
      const { params: p } = await renderNode({ node: { type, version, params }, ...who });
      setRendered({ channel, to: text(p.to), from: text(p.from), subject: text(p.subject), html: text(p.html), text: text(p.text), body: text(p.body) });
    } catch (err) {
      setRendered(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="message-preview stack" data-testid="message-preview">
      <ContactPicker value={choice} onChange={setChoice} />
      <div className="row">
        <button type="button" className="btn small" disabled={busy || !who} onClick={() => void preview()} data-testid="message-preview-run">
          <Eye size={14} /> {busy ? 'Rendering…' : 'Preview'}
        </button>
        {rendered && <span className="faint">as of the parameters now</span>}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {rendered && <RenderedMessage message={rendered} testId="message-preview-result" />}
    </div>
  );
}
