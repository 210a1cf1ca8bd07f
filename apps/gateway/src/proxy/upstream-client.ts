import http, { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it arrives; read it once (pipe it, or `upstreamText`). */
  body: IncomingMessage;
}

/** The upstream did not answer, headers and body, within the time allowed. */
export class UpstreamTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
  }
}

/**
 * Requests to the services over kept-alive connections, with Node's own HTTP client: per request
 * it builds no WHATWG Headers, Request, AbortSignal or web stream (what `fetch` costs on every proxied
 * call), and the body comes back as the Node stream the client's response is piped from.
 */
export class UpstreamClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
  };

  /** Resolves with status and headers; the timeout covers the body too (the stream errors when it fires). */
  request(
    target: string,
    method: string,
    headers: OutgoingHttpHeaders,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<UpstreamResponse> {
    const url = new URL(target);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          hostname: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method,
          agent: this.agents[secure ? 'https:' : 'http:'],
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          // Errors after the headers reach whoever reads the body; none may go unheard meanwhile.
          res.on('error', () => undefined);
          res.once('close', () => clearTimeout(timer));
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res });
        },
      );
      const timer = setTimeout(() => req.destroy(new UpstreamTimeoutError(timeoutMs)), timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}

/** The whole body as text (for answers that are kept, such as an idempotent POST's). */
export async function upstreamText(response: UpstreamResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
