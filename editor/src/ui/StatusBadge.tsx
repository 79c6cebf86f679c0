// The coloured pill that says how an execution or a step went: the same words and colours on
// every screen (workflows list, executions list, canvas, step data).
import { Ban, CheckCircle2, CircleDashed, Hourglass, LoaderCircle, SkipForward, XCircle, type LucideIcon } from 'lucide-react';
import type { StepStatus } from '../api/types.js';

const looks: Record<StepStatus, { label: string; tone: string; icon: LucideIcon }> = {
  success: { label: 'Success', tone: 'success', icon: CheckCircle2 },
  error: { label: 'Error', tone: 'error', icon: XCircle },
  running: { label: 'Running', tone: 'running', icon: LoaderCircle },
  waiting: { label: 'Waiting', tone: 'waiting', icon: Hourglass },
  canceled: { label: 'Canceled', tone: '', icon: Ban },
  pending: { label: 'Pending', tone: '', icon: CircleDashed },
  skipped: { label: 'Skipped', tone: '', icon: SkipForward },
};

/** `<StatusBadge status="error" />`; an unknown status shows as a neutral pill with its own name. */
export function StatusBadge({ status, title, testId }: { status: StepStatus | (string & {}); title?: string; testId?: string }) {
  const look = (looks as Record<string, (typeof looks)[StepStatus] | undefined>)[status];
  const Icon = look?.icon ?? CircleDashed;
  return (
    <span className={`badge ${look?.tone ?? ''}`.trim()} title={title} data-testid={testId} data-status={status}>
      <Icon size={12} aria-hidden="true" />
      {look?.label ?? status}
    </span>
  );
}
