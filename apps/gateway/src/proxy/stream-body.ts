import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Pipes an upstream answer's body to the client as it arrives. When that fails (the client left
 * first, or the upstream broke off), both sides are ended and the failure is answered: the upstream
 * body is destroyed too, or the request's timeout later errors that unread stream with no listener
 * and takes the process down.
 */
export async function streamBody(
  body: Readable | WebReadableStream<Uint8Array>,
  to: Writable,
): Promise<Error | null> {
  const source = body instanceof Readable ? body : Readable.fromWeb(body);
  try {
    await pipeline(source, to);
    return null;
  } catch (error) {
    to.destroy();
    source.destroy();
    return error instanceof Error ? error : new Error(String(error));
  }
}
