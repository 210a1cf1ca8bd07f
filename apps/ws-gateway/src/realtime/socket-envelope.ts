import { Envelope, ServerEvent, SocketEnvelope, Topic } from '@colink/contracts';

/** The Kafka topics that are also socket events. */
export type ForwardedTopic = Extract<Topic, ServerEvent>;

/** What a socket receives for a Kafka event: `{id, type, occurred_at, channel_id?, seq?, rev?, data}`. */
export function toSocketEnvelope<T extends ForwardedTopic>(event: Envelope<T>): SocketEnvelope<T> {
  const data = event.data as { channel_id?: unknown; seq?: unknown; rev?: unknown; id?: unknown };
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
    ...(typeof data.rev === 'number' ? { rev: data.rev } : {}),
    data: event.data as SocketEnvelope<T>['data'],
  };
}
