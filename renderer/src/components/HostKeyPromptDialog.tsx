// The core asks before trusting a host key it has never seen: show the SHA256 fingerprint, accept or refuse.
// Mounted once for the whole app, since a question can come from any connection (a check, a campaign).
import { useEffect, useState } from 'react';
import { useHosts } from '../stores/hosts-store.ts';
import { Dialog } from './Dialog.tsx';

function secondsLeft(expiresAt: string): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
}

export function HostKeyPromptDialog() {
  const prompt = useHosts((s) => s.prompts[0]);
  const pending = useHosts((s) => s.prompts.length);
  const answer = useHosts((s) => s.answerHostKey);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!prompt) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [prompt]);
  if (!prompt) return null;
  const where = prompt.port === 22 ? prompt.host : `[${prompt.host}]:${prompt.port}`;
  const left = secondsLeft(prompt.expiresAt);
  return (
    <Dialog
      open
      title="Trust this host key?"
      onClose={() => void answer(prompt.requestId, false)}
      actions={
        <>
          <button type="button" className="danger" onClick={() => void answer(prompt.requestId, false)}>
            Refuse
          </button>
          <button type="button" className="primary" onClick={() => void answer(prompt.requestId, true)}>
            Accept and remember
          </button>
        </>
      }
    >
      <p>
        VirtLab has never connected to <b>{where}</b>. It offers this {prompt.keyType} key:
      </p>
      <p className="fingerprint" data-testid="host-key-fingerprint">
        {prompt.fingerprint}
      </p>
      <p className="muted">
        Compare it with what the host itself shows (
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{prompt.keyType.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa')}_key.pub</code> on the host).
        Accepting records it in VirtLab's known_hosts; a different key later is refused.
      </p>
      {prompt.otherKnownTypes.length > 0 && (
        <p className="callout callout-bad">
          This host is already known with another key type ({prompt.otherKnownTypes.join(', ')}). A new type for a known host deserves a closer look.
        </p>
      )}
      <p className="muted">
        No answer in {left} s means refuse.{pending > 1 ? ` ${pending - 1} more question(s) waiting.` : ''}
      </p>
    </Dialog>
  );
}
