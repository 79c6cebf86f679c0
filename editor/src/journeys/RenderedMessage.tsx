// A message as a contact would get it, rendered by the server for a test or a preview: an email's
// envelope and subject with its HTML in a sandboxed frame (no scripts, no same-origin, no
// navigation: `sandbox=""`), or its text; an SMS as a bubble.
import { Mail, MessageSquare } from 'lucide-react';

export interface MessageView {
  channel: 'email' | 'sms';
  to?: string;
  from?: string;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

export function RenderedMessage({ message, testId }: { message: MessageView; testId?: string }) {
  if (message.channel === 'sms') {
    return (
      <div className="rendered-message" data-testid={testId}>
        <div className="rendered-envelope muted"><MessageSquare size={14} aria-hidden="true" /> SMS{message.to && <> to <span className="mono">{message.to}</span></>}</div>
        <p className="sms-bubble" data-testid="rendered-sms">{message.body ?? message.text ?? ''}</p>
      </div>
    );
  }
  return (
    <div className="rendered-message" data-testid={testId}>
      <div className="rendered-envelope muted">
        <Mail size={14} aria-hidden="true" /> Email{message.to && <> to <span className="mono">{message.to}</span></>}{message.from && <> from <span className="mono">{message.from}</span></>}
      </div>
      <div className="rendered-subject" data-testid="rendered-subject">{message.subject || <span className="faint">(no subject)</span>}</div>
      {message.html ? (
        <iframe className="rendered-html" title={`Email: ${message.subject ?? 'preview'}`} sandbox="" srcDoc={message.html} data-testid="rendered-html" />
      ) : (
        <pre className="rendered-text" data-testid="rendered-text">{message.text ?? ''}</pre>
      )}
    </div>
  );
}
