// A contact's timeline: events, messages (with what became of them: opened, clicked, bounced…)
// and journeys entered (linking to that run on the canvas), newest first.
import { GitBranch, Mail, MessageSquare, Zap } from 'lucide-react';
import { Link } from 'react-router';
import type { ContactEvent, ContactMessage } from '../../api/contacts.js';
import type { ExecutionRecord } from '../../api/types.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { RelativeTime } from '../list/RelativeTime.js';
import { messageMilestones, messageTone, type TimelineItem } from './timeline.js';
import type { TimelineLoad } from './useContactTimeline.js';

const executionLink = (x: Pick<ExecutionRecord, 'workflowId' | 'id'>) =>
  `/workflows/${encodeURIComponent(x.workflowId)}/executions/${encodeURIComponent(x.id)}`;

export function ContactTimeline({ load }: { load: TimelineLoad }) {
  const names = load.workflowNames;
  return (
    <section className="card card-body stack timeline-card" aria-label="Timeline">
      <h2>Timeline</h2>
      {load.failures.length > 0 && (
        <p className="form-error" role="alert">Not all of the history could be loaded ({load.failures.join('; ')}).</p>
      )}
      {load.loading && load.items.length === 0 && <p className="muted" aria-busy="true">Loading the history…</p>}
      {!load.loading && load.items.length === 0 && load.failures.length === 0 && (
        <p className="muted" data-testid="timeline-empty">Nothing has happened with this contact yet.</p>
      )}
      {load.items.length > 0 && (
        <ol className="timeline" data-testid="timeline">
          {load.items.map((item) => <Entry key={item.key} item={item} names={names} />)}
        </ol>
      )}
    </section>
  );
}

function Entry({ item, names }: { item: TimelineItem; names: Map<string, string> }) {
  const icon =
    item.kind === 'event' ? <Zap size={14} /> : item.kind === 'journey' ? <GitBranch size={14} />
      : item.message.channel === 'sms' ? <MessageSquare size={14} /> : <Mail size={14} />;
  return (
    <li className={`timeline-item ${item.kind === 'message' ? `message ${item.message.channel}` : item.kind}`} data-testid={`timeline-${item.kind}`} data-key={item.key}>
      <span className="timeline-icon" aria-hidden="true">{icon}</span>
      <div className="timeline-body">
        {item.kind === 'event' && <EventEntry event={item.event} />}
        {item.kind === 'message' && <MessageEntry message={item.message} names={names} />}
        {item.kind === 'journey' && <JourneyEntry execution={item.execution} names={names} />}
      </div>
      <span className="timeline-time"><RelativeTime iso={item.at} /></span>
    </li>
  );
}

function EventEntry({ event }: { event: ContactEvent }) {
  const data = event.data && typeof event.data === 'object' ? Object.entries(event.data as Record<string, unknown>) : [];
  return (
    <>
      <div className="timeline-title"><span className="mono">{event.type}</span></div>
      {data.length > 0 && (
        <div className="timeline-data mono" title={JSON.stringify(event.data, null, 2)}>
          {data.slice(0, 4).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}
          {data.length > 4 && ' …'}
        </div>
      )}
    </>
  );
}

function MessageEntry({ message, names }: { message: ContactMessage; names: Map<string, string> }) {
  const milestones = messageMilestones(message);
  return (
    <>
      <div className="timeline-title">
        <span>{message.channel === 'sms' ? 'SMS' : 'Email'}{message.subject ? <>: <strong>{message.subject}</strong></> : ` to ${message.to}`}</span>
        <span className={`badge ${messageTone(message.status)}`.trim()} data-testid="message-status">{message.status}</span>
      </div>
      <div className="timeline-data muted">
        From <Link to={executionLink({ workflowId: message.workflowId, id: message.executionId })}>{names.get(message.workflowId) ?? message.workflowId}</Link>
        {' '}· node <span className="mono">{message.nodeId}</span>
        {milestones.map((m) => <span key={m.label}> · {m.label} <RelativeTime iso={m.at} /></span>)}
        {message.reason && <span data-testid="message-reason"> · {message.reason}</span>}
      </div>
    </>
  );
}

function JourneyEntry({ execution, names }: { execution: ExecutionRecord; names: Map<string, string> }) {
  return (
    <div className="timeline-title">
      <span>
        Entered <Link to={executionLink(execution)} data-testid="journey-link">{names.get(execution.workflowId) ?? execution.workflowId}</Link>
      </span>
      <StatusBadge status={execution.status} />
    </div>
  );
}
