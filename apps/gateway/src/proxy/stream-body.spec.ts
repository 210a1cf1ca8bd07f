import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { streamBody } from './stream-body';

/** An upstream that answers its headers at once and ends its body only after `ms`. */
function slowUpstream(ms: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":[');
    setTimeout(() => res.end(']}'), ms);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('streamBody', () => {
  let server: Server;
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('pipes the whole body to the client', async () => {
    server = await slowUpstream(50);
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const client = new PassThrough();
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    await expect(streamBody(response.body as WebReadableStream<Uint8Array>, client)).resolves.toBeNull();
    expect(Buffer.concat(chunks).toString()).toBe('{"items":[]}');
  });

  it('survives a client that left before the body: the upstream timeout later errors nothing unheard', async () => {
    server = await slowUpstream(1_500);
    const { port } = server.address() as AddressInfo;
    const unhandled: unknown[] = [];
    const onError = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onError);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(300) });
      const gone = new PassThrough();
      gone.destroy();
      const failure = await streamBody(response.body as WebReadableStream<Uint8Array>, gone);
      expect(failure).toBeInstanceOf(Error);
      // Past the request's timeout: before the fix, the unread body's abort error crashed the process here.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
