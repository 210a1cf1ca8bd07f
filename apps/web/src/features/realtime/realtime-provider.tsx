import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, createContext, useContext, useEffect, useState } from 'react';
import { ConnectionState, RealtimeConnection } from './connection';

interface Realtime {
  state: ConnectionState;
  typing(channelId: string): void;
}

const RealtimeContext = createContext<Realtime>({ state: 'connecting', typing: () => undefined });

/** One socket per signed-in tab, for as long as the person is signed in. */
export function RealtimeProvider({ selfId, children }: { selfId: string; children: ReactNode }) {
  const client = useQueryClient();
  const [connection, setConnection] = useState<RealtimeConnection | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');

  useEffect(() => {
    const created = new RealtimeConnection(client, selfId);
    setConnection(created);
    const unsubscribe = created.subscribe(setState);
    return () => {
      unsubscribe();
      created.close();
    };
  }, [client, selfId]);

  const value: Realtime = { state, typing: (channelId) => connection?.typing(channelId) };
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}
