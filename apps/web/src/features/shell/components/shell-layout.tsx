import { useEffect, useState } from 'react';

type GatewayState = 'checking' | 'up' | 'down';

/** The frame of the app. Sign-in and the channel views land with the identity and messaging work. */
export function ShellLayout() {
  const [gateway, setGateway] = useState<GatewayState>('checking');

  useEffect(() => {
    const controller = new AbortController();
    fetch('/health', { signal: controller.signal })
      .then((response) => setGateway(response.ok ? 'up' : 'down'))
      .catch(() => setGateway(controller.signal.aborted ? 'checking' : 'down'));
    return () => controller.abort();
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '3rem auto', maxWidth: 640 }}>
      <h1>CoLink</h1>
      <p>Team messaging that runs on your own cluster.</p>
      <p data-testid="gateway-state">Gateway: {gateway}</p>
    </main>
  );
}
