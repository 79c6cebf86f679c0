// The live count of a segment being edited: asked of the server once the rules stop changing for
// a moment, and only for rules complete enough to count. An answer that arrives after the rules
// changed again is dropped.
import { useEffect, useState } from 'react';
import { previewSegment, type SegmentPreview, type SegmentRules } from '../../api/segments.js';
import { useDebounced } from '../list/useDebounced.js';
import { countable } from './segment-rules.js';

export const PREVIEW_DELAY_MS = 400;

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; last: SegmentPreview | null }
  | { status: 'ready'; preview: SegmentPreview }
  | { status: 'incomplete' }
  | { status: 'error'; message: string };

export function useSegmentPreview(rules: SegmentRules): PreviewState {
  const key = useDebounced(JSON.stringify(rules), PREVIEW_DELAY_MS);
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    const settled = JSON.parse(key) as SegmentRules;
    if (!countable(settled)) return setState({ status: 'incomplete' });
    let live = true;
    setState((s) => ({ status: 'loading', last: s.status === 'ready' ? s.preview : s.status === 'loading' ? s.last : null }));
    previewSegment(settled).then(
      (preview) => live && setState({ status: 'ready', preview }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}
