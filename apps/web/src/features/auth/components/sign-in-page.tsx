import { useEffect, useState } from 'react';
import { takeSignedOutReason } from '../../admin/signed-out-reason';

type GatewayState = 'checking' | 'up' | 'down';

export function SignInPage({ onSignIn }: { onSignIn: () => void }) {
  const [gateway, setGateway] = useState<GatewayState>('checking');
  const [reason] = useState(takeSignedOutReason);

  useEffect(() => {
    const controller = new AbortController();
    fetch('/health', { signal: controller.signal })
      .then((response) => setGateway(response.ok ? 'up' : 'down'))
      .catch(() => setGateway(controller.signal.aborted ? 'checking' : 'down'));
    return () => controller.abort();
  }, []);

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand-mark" aria-hidden="true">
          C
        </div>
        <h1>CoLink</h1>
        <p>Team messaging that runs on your own cluster.</p>
        {reason === 'banned' && (
          <p role="alert" className="error" data-testid="signed-out-reason">
            A moderator banned you: you were signed out.
          </p>
        )}
        <button type="button" className="button primary large" onClick={onSignIn}>
          Sign in
        </button>
        <p className="muted small" data-testid="gateway-state">
          Gateway: {gateway}
        </p>
      </div>
    </main>
  );
}
