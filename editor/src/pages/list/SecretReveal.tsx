// A secret the server shows once (a new API key): as selectable text with a Copy button and a
// plain warning that it will not be shown again.
import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { toast } from '../../ui/toast.js';

export function SecretReveal({ secret, label, testId }: { secret: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success('Copied to the clipboard');
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      toast.error('The browser refused the clipboard: select the key and copy it by hand');
    }
  };
  return (
    <div className="secret-reveal">
      <div className="field">
        <span className="label">{label}</span>
        <div className="secret-row">
          <code className="secret-value" data-testid={testId}>
            {secret}
          </code>
          <button type="button" className="btn" aria-label={`Copy the ${label}`} onClick={() => void copy()}>
            {copied ? <Check size={16} /> : <Copy size={16} />} {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <span className="hint">Copy it now and keep it somewhere safe: Tern stores only a hash and will not show it again.</span>
      </div>
    </div>
  );
}
