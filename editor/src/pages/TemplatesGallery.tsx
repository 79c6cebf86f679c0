// "New from template": the journeys Tern ships (welcome series, abandoned cart, birthday…) as
// cards; choosing one creates a workflow from it on the server and opens it in the editor.
import { LayoutTemplate } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { createFromTemplate, listTemplates, type Template } from '../api/journeys.js';
import { Dialog } from '../ui/dialog.js';
import { categoryColor, NodeIcon } from '../ui/icons.js';
import { toast } from '../ui/toast.js';
import { LoadStatus } from './list/LoadStatus.js';
import { TemplateCredentials } from './TemplateCredentials.js';
import { useLoadedList } from './list/useLoadedList.js';

export function TemplatesButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="new-from-template">
        <LayoutTemplate size={16} /> New from template
      </button>
      {open && <TemplatesGallery onClose={() => setOpen(false)} />}
    </>
  );
}

function TemplatesGallery({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const { state: load, items: templates, reload } = useLoadedList<Template>(listTemplates);
  const [category, setCategory] = useState('');
  const [using, setUsing] = useState<string | null>(null);
  /** A template that needs credentials, while they are being picked. */
  const [picking, setPicking] = useState<Template | null>(null);
  const [credentials, setCredentials] = useState<Record<string, string>>({});

  const categories = useMemo(() => [...new Set(templates.map((t) => t.category))].sort(), [templates]);
  const shown = category ? templates.filter((t) => t.category === category) : templates;

  const choose = (template: Template) => {
    if (template.credentialTypes.length === 0) return void use(template);
    setCredentials({});
    setPicking(template);
  };

  const use = async (template: Template) => {
    setUsing(template.id);
    try {
      const created = await createFromTemplate(template.id, credentials);
      toast.success(`Created “${created.name}” from the template`);
      void navigate(`/workflows/${encodeURIComponent(created.id)}`);
    } catch (err) {
      toast.fail(err, `A workflow cannot be made from “${template.name}”`);
      setUsing(null);
    }
  };

  if (picking) {
    const ready = picking.credentialTypes.every((type) => credentials[type]);
    return (
      <Dialog title={`New from template: ${picking.name}`} onClose={onClose} footer={
        <>
          <button type="button" className="btn" onClick={() => setPicking(null)}>Back</button>
          <button type="button" className="btn primary" disabled={!ready || using !== null} onClick={() => void use(picking)}
            data-testid="template-create">
            {using ? 'Creating…' : 'Create workflow'}
          </button>
        </>
      }>
        <TemplateCredentials types={picking.credentialTypes} chosen={credentials} onChange={setCredentials} />
      </Dialog>
    );
  }

  return (
    <Dialog title="New from template" onClose={onClose} wide footer={<button type="button" className="btn" onClick={onClose}>Cancel</button>}>
      <p className="muted page-lead-tight">Start from a journey that works and make it yours: every template opens as a new, inactive workflow.</p>
      <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="templates" onRetry={reload} />
      {categories.length > 1 && (
        <div className="template-filter" role="group" aria-label="Category">
          {['', ...categories].map((c) => (
            <button key={c || 'all'} type="button" className={`btn small${category === c ? ' primary' : ' ghost'}`} aria-pressed={category === c}
              onClick={() => setCategory(c)}>
              {c || 'All'}
            </button>
          ))}
        </div>
      )}
      <div className="template-grid" data-testid="template-gallery">
        {shown.map((t) => (
          <button key={t.id} type="button" className="card template-card" disabled={using !== null} data-testid={`template-${t.id}`}
            onClick={() => choose(t)} aria-label={`Use the template ${t.name}`}>
            <span className="template-head">
              <span className="badge">{t.category}</span>
              <span className="template-steps faint">{t.workflow.nodes.length} steps</span>
            </span>
            <span className="template-name">{t.name}</span>
            <span className="template-description muted">{t.description}</span>
            <span className="template-icons" aria-hidden="true">
              {[...new Set(t.workflow.nodes.map((n) => n.type.split('.')[0]))].slice(0, 6).map((kind) => (
                <span key={kind} className="template-icon" style={{ color: categoryColor(kind!) }}><NodeIcon name={ICONS[kind!] ?? 'box'} size={14} /></span>
              ))}
            </span>
            {using === t.id && <span className="muted">Creating…</span>}
          </button>
        ))}
      </div>
    </Dialog>
  );
}

/** An icon per node family, for the row of icons that says what a template uses. */
const ICONS: Record<string, string> = { trigger: 'zap', flow: 'clock', logic: 'git-branch', email: 'mail', sms: 'message-square', crm: 'user', http: 'globe', data: 'pencil' };
