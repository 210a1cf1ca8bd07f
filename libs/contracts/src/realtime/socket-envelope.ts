import { Envelope } from '../events/envelope';
import { Topic } from '../events/topics';
import { ServerEvent, SocketEnvelope } from './socket-events';

/** The Kafka topics that are also socket events. */
export type ForwardedTopic = Extract<Topic, ServerEvent>;

/**
 * What a socket (and `sync`, and `GET /channels/{id}/changes`) gives for a Kafka event:
 * `{id, type, occurred_at, channel_id?, seq?, rev?, data}`.
 */
export function toSocketEnvelope<T extends ForwardedTopic>(event: Envelope<T>): SocketEnvelope<T> {
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
    ...(typeof event.rev === 'number' ? { rev: event.rev } : {}),
    data: event.data as SocketEnvelope<T>['data'],
  };
}
