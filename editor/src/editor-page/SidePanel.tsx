// The right-hand panel of the editor: Inspector | Test run | Executions | Versions | Problems,
// one tab open at a time (the store's `ui.panel`); Problems shows how many there are.
import type { KeyboardEvent, ReactNode } from 'react';
import { Inspector } from '../inspector/Inspector.js';
import { ExecutionsPanel } from '../runs/ExecutionsPanel.js';
import { ProblemsPanel, SIDE_PANEL_ID } from '../runs/ProblemsPanel.js';
import { RunPanel } from '../runs/RunPanel.js';
import { VersionsPanel } from '../runs/VersionsPanel.js';
import { useEditor } from '../store/editor-store.js';
import type { SidePanel as PanelId } from '../store/ui.js';
import './editor-page.css';

type Tab = Exclude<PanelId, 'settings'>;

const tabs: Array<{ id: Tab; label: string; render: () => ReactNode }> = [
  { id: 'inspector', label: 'Inspector', render: () => <Inspector /> },
  { id: 'run', label: 'Test run', render: () => <RunPanel /> },
  { id: 'executions', label: 'Executions', render: () => <ExecutionsPanel /> },
  { id: 'versions', label: 'Versions', render: () => <VersionsPanel /> },
  { id: 'problems', label: 'Problems', render: () => <ProblemsPanel /> },
];

export function SidePanel() {
  const stored = useEditor((s) => s.panel);
  const setPanel = useEditor((s) => s.setPanel);
  const problemCount = useEditor((s) => s.problems.length);
  const panel: Tab = stored === 'settings' ? 'inspector' : stored;
  const current = tabs.find((t) => t.id === panel) ?? tabs[0]!;

  const onKeyDown = (e: KeyboardEvent) => {
    // Arrow keys move between tabs, as in any tab list.
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const index = (tabs.indexOf(current) + step + tabs.length) % tabs.length;
    const next = tabs[index]!;
    setPanel(next.id);
    document.getElementById(`panel-tab-${next.id}`)?.focus();
  };

  return (
    <aside className="panel editor-side" aria-label="Side panel">
      <div className="tabs editor-side-tabs" role="tablist" aria-label="Side panel" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`panel-tab-${t.id}`}
            role="tab"
            type="button"
            data-testid={`panel-tab-${t.id}`}
            aria-selected={t.id === panel}
            aria-controls={SIDE_PANEL_ID}
            tabIndex={t.id === panel ? 0 : -1}
            onClick={() => setPanel(t.id)}
          >
            {t.label}
            {t.id === 'problems' && problemCount > 0 && (
              <span className="badge error tab-count" data-testid="problems-count" aria-label={`${problemCount} problems`}>
                {problemCount}
              </span>
            )}
          </button>
        ))}
      </div>
      <div id={SIDE_PANEL_ID} className="panel-body editor-side-body" role="tabpanel" aria-labelledby={`panel-tab-${panel}`} tabIndex={-1}>
        {current.render()}
      </div>
    </aside>
  );
}
