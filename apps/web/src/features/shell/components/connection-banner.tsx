import { useEffect, useRef, useState } from 'react';
import { useRealtime } from '../../realtime/realtime-provider';

/** Says when the live connection is lost, and for a moment when it is back. */
export function ConnectionBanner() {
  const { state } = useRealtime();
  const [back, setBack] = useState(false);
  const wasLost = useRef(false);

  useEffect(() => {
    if (state === 'reconnecting' || state === 'offline') wasLost.current = true;
    if (state === 'connected' && wasLost.current) {
      wasLost.current = false;
      setBack(true);
      const timer = setTimeout(() => setBack(false), 4_000);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [state]);

  if (state === 'reconnecting' || state === 'offline')
    return (
      <div className="banner lost" role="status" data-testid="connection-banner">
        {state === 'offline' ? 'You are offline.' : 'Connection lost.'} Reconnecting… Messages you send will
        go out when it is back.
      </div>
    );
  if (back)
    return (
      <div className="banner back" role="status" data-testid="connection-banner">
        Connected again: you are up to date.
      </div>
    );
  return <div role="status" className="visually-hidden" />;
}
