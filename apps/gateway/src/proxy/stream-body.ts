import { Readable, Writable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Pipes an upstream answer's body to the client as it arrives. When that fails (the client left
 * first, or the upstream broke off), both sides are ended and the failure is answered: the upstream
 * body is destroyed too, or the request's timeout later errors that unread stream with no listener
 * and takes the process down. Plain `pipe` and listeners rather than `stream.pipeline`, which builds
 * an AbortController and an AbortError (a DOMException) for every body it finishes.
 */
export function streamBody(
  body: Readable | WebReadableStream<Uint8Array>,
  to: Writable,
): Promise<Error | null> {
  const source = body instanceof Readable ? body : Readable.fromWeb(body);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (failure: Error | null) => {
      if (settled) return;
      settled = true;
      source.off('error', onError).off('close', onSourceClose);
      to.off('error', onError).off('close', onClientClose).off('finish', onFinish);
      if (failure) {
        source.unpipe(to);
        to.destroy();
        source.destroy();
      }
      resolve(failure);
    };
    const onError = (error: unknown) => settle(error instanceof Error ? error : new Error(String(error)));
    const onFinish = () => settle(null);
    const onSourceClose = () => {
      if (!source.readableEnded) settle(new Error('the upstream body ended early'));
    };
    const onClientClose = () => {
      if (!to.writableFinished) settle(new Error('the client left before the body was sent'));
    };
    if (to.destroyed || to.writableEnded)
      return settle(new Error('the client left before the body was sent'));
    source.on('error', onError).on('close', onSourceClose);
    to.on('error', onError).on('close', onClientClose).on('finish', onFinish);
    source.pipe(to);
  });
}
