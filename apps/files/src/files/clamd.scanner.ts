import { Inject, Injectable } from '@nestjs/common';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { FilesConfig } from '../config';
import { FILES_CONFIG } from './files.tokens';

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** Thrown when clamd cannot give a verdict (down, timed out, over its limits): never read as clean. */
export class ScannerUnavailable extends Error {}

/**
 * Streams bytes to clamd with INSTREAM (chunks prefixed by their length, a zero length to end), so
 * a file of any size passes through the service in 64 KiB pieces and is never held in memory.
 */
@Injectable()
export class ClamdScanner {
  constructor(@Inject(FILES_CONFIG) private readonly config: FilesConfig) {}

  scan(body: Readable, timeoutMs = 120_000): Promise<ScanVerdict> {
    return new Promise<ScanVerdict>((resolve, reject) => {
      const socket = connect({ host: this.config.CLAMD_HOST, port: this.config.CLAMD_PORT });
      let answer = '';
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        body.destroy();
        socket.destroy();
        reject(error instanceof ScannerUnavailable ? error : new ScannerUnavailable(error.message));
      };
      socket.setTimeout(timeoutMs, () => fail(new ScannerUnavailable('clamd timed out')));
      socket.on('error', fail);
      body.on('error', fail);
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.on('close', () => {
        if (settled) return;
        settled = true;
        body.destroy(); // read to its end on a verdict; otherwise its connection to the store is let go
        const line = answer.replace(/\0/g, '').trim();
        const found = /^stream: (.+) FOUND$/.exec(line);
        if (found) resolve({ infected: true, signature: found[1] });
        else if (line === 'stream: OK') resolve({ infected: false });
        else reject(new ScannerUnavailable(`clamd answered ${JSON.stringify(line.slice(0, 200))}`));
      });
      socket.on('connect', () => {
        socket.write('zINSTREAM\0');
        void this.pump(body, socket.write.bind(socket), () => socket.writableNeedDrain, socket).catch(fail);
      });
    });
  }

  private async pump(
    body: Readable,
    write: (chunk: Buffer) => boolean,
    needsDrain: () => boolean,
    socket: NodeJS.EventEmitter,
  ): Promise<void> {
    for await (const piece of body) {
      const chunk = piece as Buffer;
      for (let offset = 0; offset < chunk.length; offset += 65_536) {
        const part = chunk.subarray(offset, offset + 65_536);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length);
        write(size);
        write(part);
        if (needsDrain()) await new Promise((resolve) => socket.once('drain', resolve));
      }
    }
    write(Buffer.alloc(4));
  }
}
