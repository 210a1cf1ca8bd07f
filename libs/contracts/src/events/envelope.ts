import { z } from 'zod';
import { isoTime, uuid } from './common';
import { PayloadOf, TopicRegistry } from './registry';
import { Topic, isTopic } from './topics';

export const ENVELOPE_VERSION = 1;

/** A channel's change number: per channel, from 1, no gaps, no repeats. */
export const RevSchema = z.int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The value of every Kafka record: `{id, type, version, occurred_at, actor_id, trace_id, rev?, data}`
 * (`rev` on the changes of a channel, `CHANNEL_CHANGE_TOPICS`).
 * Read leniently (envelope fields a newer producer adds are dropped); `version` is the one thing a
 * consumer must understand exactly: a breaking change to the envelope or a payload bumps it.
 */
export const EnvelopeSchema = z.object({
  id: uuid,
  type: z.string().refine(isTopic, { message: 'is not a known topic' }),
  version: z.int().refine((version) => version === ENVELOPE_VERSION, {
    error: (issue) =>
      `envelope version ${String(issue.input)} is not the version ${ENVELOPE_VERSION} this consumer reads: parked until a consumer that reads it replays it`,
  }),
  occurred_at: isoTime,
  actor_id: uuid.nullable(),
  trace_id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex characters'),
  rev: RevSchema.optional(),
  data: z.unknown(),
});

export interface Envelope<T extends Topic = Topic> {
  id: string;
  type: T;
  version: typeof ENVELOPE_VERSION;
  occurred_at: string;
  actor_id: string | null;
  trace_id: string;
  /** The channel's change number, stamped by the producer's database at commit (channel changes only). */
  rev?: number;
  data: PayloadOf<T>;
}

export interface EnvelopeMeta {
  actorId: string | null;
  traceId?: string;
  id?: string;
  occurredAt?: Date;
}

export class ContractViolation extends Error {
  constructor(
    readonly topic: string,
    readonly issues: string[],
  ) {
    super(`${topic}: ${issues.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

// Web Crypto rather than node:crypto so that the web app can share this file. A UUID's 122 random
// bits come from the runtime's pooled generator (a getRandomValues call per id showed in every
// request's profile); never all zeros, as W3C trace context requires. `randomUUID` is missing
// outside secure contexts in browsers: then 16 random bytes.
export function newTraceId(): string {
  if (typeof globalThis.crypto.randomUUID === 'function')
    return globalThis.crypto.randomUUID().replace(/-/g, '');
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function describeIssues(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** Builds a validated envelope; a payload that does not match its topic's schema throws. */
export function buildEnvelope<T extends Topic>(
  topic: T,
  data: PayloadOf<T>,
  meta: EnvelopeMeta,
): Envelope<T> {
  const parsed = TopicRegistry[topic].schema.safeParse(data);
  if (!parsed.success) throw new ContractViolation(topic, describeIssues(parsed.error, 'data'));
  return {
    id: meta.id ?? globalThis.crypto.randomUUID(),
    type: topic,
    version: ENVELOPE_VERSION,
    occurred_at: (meta.occurredAt ?? new Date()).toISOString(),
    actor_id: meta.actorId,
    trace_id: meta.traceId ?? newTraceId(),
    data: parsed.data as PayloadOf<T>,
  };
}

/** The partition key of a payload on its topic. */
export function keyOf<T extends Topic>(topic: T, data: PayloadOf<T>): string {
  const key = TopicRegistry[topic].key as (d: PayloadOf<T>) => string;
  return key(data);
}

export type ParseResult<T extends Topic> =
  { ok: true; envelope: Envelope<T> } | { ok: false; issues: string[] };

/**
 * Validates a raw record value (bytes, string or object) read from `topic`, as a consumer: fields the
 * contract does not know are dropped, a version it does not know is refused.
 */
export function parseEnvelope<T extends Topic>(topic: T, raw: Uint8Array | string | unknown): ParseResult<T> {
  let value: unknown = raw;
  if (raw instanceof Uint8Array || typeof raw === 'string') {
    try {
      value = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
    } catch {
      return { ok: false, issues: ['(root): is not valid JSON'] };
    }
  }
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, issues: describeIssues(envelope.error, '') };
  if (envelope.data.type !== topic) {
    return { ok: false, issues: [`type: is ${envelope.data.type} but the record was read from ${topic}`] };
  }
  const data = TopicRegistry[topic].consumed.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, issues: describeIssues(data.error, 'data') };
  return {
    ok: true,
    envelope: {
      ...envelope.data,
      type: topic,
      version: ENVELOPE_VERSION,
      data: data.data as PayloadOf<T>,
    },
  };
}
