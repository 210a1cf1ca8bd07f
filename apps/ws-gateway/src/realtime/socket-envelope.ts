import { Envelope, Topic } from '@colink/contracts';

/** What a socket receives: `{id, type, occurred_at, channel_id?, seq?, data}` (API.md, Real time). */
export interface SocketEnvelope {
  id: string;
  type: string;
  occurred_at: string;
  channel_id?: string;
  seq?: number;
  data: unknown;
}

export function toSocketEnvelope(event: Envelope<Topic>): SocketEnvelope {
  const data = event.data as { channel_id?: unknown; seq?: unknown; id?: unknown };
  const channelId =
    typeof data.channel_id === 'string'
      ? data.channel_id
      : event.type === 'channel.updated'
        ? data.id
        : undefined;
  return {
    id: event.id,
    type: event.type,
    occurred_at: event.occurred_at,
    ...(typeof channelId === 'string' ? { channel_id: channelId } : {}),
    ...(typeof data.seq === 'number' ? { seq: data.seq } : {}),
    data: event.data,
  };
}
