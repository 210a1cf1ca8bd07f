import type { MessageView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { api } from '../api/http';
import { loadBackTo } from './api';

const TARGET = /^#message-([0-9a-f-]{36})$/i;

/** The message the URL points at (`#message-<id>`: a search hit, a shared link), if any. */
export function useTargetId(): string | null {
  const { hash } = useLocation();
  return TARGET.exec(hash)?.[1] ?? null;
}

export interface TargetState {
  id: string;
  status: 'loading' | 'ready' | 'missing';
}

/**
 * Brings a message of the channel's history into the held window, loading the history between it
 * and the newest page, so the list shows it with what was said around it. `missing` when it is not
 * in this channel's history (removed, another channel, or further back than the jump loads).
 */
export function useChannelTarget(
  channelId: string,
  messageId: string | null,
  enabled: boolean,
): TargetState | null {
  const client = useQueryClient();
  const [state, setState] = useState<TargetState | null>(null);
  useEffect(() => {
    if (!messageId || !enabled) {
      setState(null);
      return;
    }
    let live = true;
    setState({ id: messageId, status: 'loading' });
    void (async () => {
      try {
        const message = await api<MessageView>('GET', `/messages/${messageId}`);
        const inHistory =
          message.channel_id === channelId &&
          (message.thread_root_id === null || message.also_send_to_channel === true);
        const held = inHistory && (await loadBackTo(client, channelId, message.seq));
        if (live) setState({ id: messageId, status: held ? 'ready' : 'missing' });
      } catch {
        if (live) setState({ id: messageId, status: 'missing' });
      }
    })();
    return () => {
      live = false;
    };
  }, [channelId, messageId, enabled, client]);
  return state;
}
