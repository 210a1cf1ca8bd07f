// file-type is ESM-only and types itself for node16/bundler resolution only; the service loads it
// with Node's require(esm). This is the one function it uses.
declare module 'file-type' {
  export function fileTypeFromBuffer(
    buffer: Uint8Array | ArrayBuffer,
  ): Promise<{ ext: string; mime: string } | undefined>;
}
