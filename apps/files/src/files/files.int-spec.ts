import { createKafka } from '@colink/platform';
import {
  CuttableProxy,
  GatewayClient,
  KeycloakAdmin,
  RunningPlatform,
  TopicReader,
  stackEnv,
  startPlatform,
  waitFor,
} from '@colink/testing';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';

/** The EICAR test file: every virus scanner reports it, and it harms nothing. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
/** The first bytes of a Linux executable. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);
const MAX_BYTES = 5 * 1024 * 1024;
const URL_TTL_S = 5;

type FileBody = {
  id: string;
  scan_status: string;
  width?: number;
  height?: number;
  has_thumbnail: boolean;
  filename: string;
  size_bytes: number;
  content_type: string;
};
type UploadBody = { file_id: string; upload_url: string; method: string; headers: Record<string, string> };

// Scans share the stack's one clamd: on a loaded 2-core machine a scan can take many seconds.
jest.setTimeout(180_000);

describe('files: upload, scan, serve', () => {
  const keycloak = new KeycloakAdmin();
  const kafka = createKafka({ brokers: stackEnv.kafkaBrokers, clientId: 'files-int-test' });
  const reader = new TopicReader(kafka);
  const relay = new CuttableProxy(29090, { host: stackEnv.clamdHost, port: stackEnv.clamdPort });
  let platform: RunningPlatform;
  let alice: GatewayClient;
  let bob: GatewayClient;
  let channelId: string;

  beforeAll(async () => {
    await relay.open();
    [platform] = await Promise.all([
      startPlatform(['users', 'channels', 'files'], {
        base: 29000,
        env: {
          CLAMD_PORT: String(relay.port),
          FILES_MAX_BYTES: String(MAX_BYTES),
          DOWNLOAD_URL_TTL_S: String(URL_TTL_S),
          SCAN_POLL_MS: '200',
          SCAN_RETRY_MAX_MS: '500',
        },
      }),
      reader.start(['file.uploaded', 'file.scanned', 'audit.recorded']),
    ]);
    const [a, b] = await Promise.all([keycloak.createUser(), keycloak.createUser()]);
    alice = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(a));
    bob = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(b));
    await bob.get('/api/v1/users/me');
    const channel = await alice.post<{ id: string }>('/api/v1/channels', {
      name: `files-${randomUUID().slice(0, 8)}`,
      is_private: true,
    });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([platform?.stop(), reader.close(), relay.cut()]);
  });

  async function upload(
    client: GatewayClient,
    bytes: Buffer,
    contentType: string,
    filename: string,
  ): Promise<{ id: string; confirm: () => ReturnType<GatewayClient['post']> }> {
    const created = await client.post<UploadBody>('/api/v1/files/upload-url', {
      channel_id: channelId,
      filename,
      content_type: contentType,
      size_bytes: bytes.length,
    });
    expect(created.status).toBe(201);
    expect(created.body.method).toBe('PUT');
    const put = await fetch(created.body.upload_url, {
      method: 'PUT',
      headers: created.body.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    return {
      id: created.body.file_id,
      confirm: () => client.post(`/api/v1/files/${created.body.file_id}/confirm`),
    };
  }

  async function settled(id: string): Promise<FileBody> {
    let file: FileBody | undefined;
    await waitFor(
      `file ${id} to be scanned`,
      async () => {
        const got = await alice.get<FileBody>(`/api/v1/files/${id}`);
        file = got.body;
        return got.status === 200 && got.body.scan_status !== 'pending';
      },
      90_000,
      200,
    );
    return file!;
  }

  it('round-trips a PNG: scanned clean, measured, thumbnailed, downloadable by members', async () => {
    const png = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 40, b: 90 } },
    })
      .png()
      .toBuffer();
    const file = await upload(alice, png, 'image/png', 'diagram.png');
    const confirmed = await file.confirm();
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: file.id, scan_status: 'pending', filename: 'diagram.png' });

    const scanned = await settled(file.id);
    expect(scanned).toMatchObject({ scan_status: 'clean', width: 1200, height: 800, has_thumbnail: true });

    const download = await alice.get<{ url: string }>(`/api/v1/files/${file.id}/download-url`);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await (await fetch(download.body.url)).arrayBuffer());
    expect(bytes.equals(png)).toBe(true);

    const thumbUrl = await alice.get<{ url: string }>(`/api/v1/files/${file.id}/thumbnail-url`);
    expect(thumbUrl.status).toBe(200);
    const thumb = await sharp(Buffer.from(await (await fetch(thumbUrl.body.url)).arrayBuffer())).metadata();
    expect(thumb.format).toBe('webp');
    expect(Math.max(thumb.width ?? 0, thumb.height ?? 0)).toBe(480);

    await waitFor(
      'file events on Kafka',
      async () =>
        reader
          .envelopes<{ data: { file_id: string; scan_status?: string } }>('file.scanned')
          .some((event) => event.data.file_id === file.id && event.data.scan_status === 'clean'),
      30_000,
    );
    const uploadedEvents = () =>
      reader
        .envelopes<{ id: string; data: { file_id: string; channel_id: string } }>('file.uploaded')
        .filter((event) => event.data.file_id === file.id);
    await waitFor('file.uploaded on Kafka', () => uploadedEvents().length > 0, 30_000);
    // One event, though the relay may deliver it twice when the scan adds its own event before the
    // first publish is cleared (at least once; consumers dedupe on the event id).
    const uploaded = [...new Map(uploadedEvents().map((event) => [event.id, event])).values()];
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0].data.channel_id).toBe(channelId);
  });

  it('catches the EICAR file and never serves it', async () => {
    const file = await upload(alice, Buffer.from(EICAR), 'text/plain', 'notes.txt');
    expect((await file.confirm()).status).toBe(200);
    const scanned = await settled(file.id);
    expect(scanned.scan_status).toBe('infected');

    const download = await alice.get(`/api/v1/files/${file.id}/download-url`);
    expect(download.status).toBe(410);
    expect(download.headers.get('content-type')).toContain('application/problem+json');
    expect((await alice.get(`/api/v1/files/${file.id}/thumbnail-url`)).status).toBe(410);

    await waitFor(
      'the infection audited',
      async () =>
        reader
          .envelopes<{ data: { action: string; resource_id: string } }>('audit.recorded')
          .some((event) => event.data.action === 'file.infected' && event.data.resource_id === file.id),
      30_000,
    );
    const scannedEvent = reader
      .envelopes<{ data: { file_id: string; scan_status: string; signature: string } }>('file.scanned')
      .find((event) => event.data.file_id === file.id);
    expect(scannedEvent?.data).toMatchObject({ scan_status: 'infected' });
    expect(scannedEvent?.data.signature).toMatch(/EICAR/i);
  });

  it('refuses oversize (413), disallowed (415) and spoofed (415) files, keeping nothing', async () => {
    const base = { channel_id: channelId, filename: 'big.zip', content_type: 'application/zip' };
    const big = await alice.post('/api/v1/files/upload-url', { ...base, size_bytes: MAX_BYTES + 1 });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');

    const exe = await alice.post('/api/v1/files/upload-url', {
      ...base,
      filename: 'setup.exe',
      content_type: 'application/x-msdownload',
      size_bytes: 100,
    });
    expect(exe.status).toBe(415);

    const bad = await alice.post('/api/v1/files/upload-url', { ...base, filename: '../x', size_bytes: -1 });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: unknown[] }).errors.length).toBeGreaterThanOrEqual(2);

    const spoof = await upload(alice, ELF, 'image/png', 'cat.png');
    const refused = await spoof.confirm();
    expect(refused.status).toBe(415);
    expect((refused.body as { detail: string }).detail).toMatch(/image\/png/);
    expect((await alice.get(`/api/v1/files/${spoof.id}`)).status).toBe(404);
  });

  it('hides a private channel’s files from non-members: 404 on every route', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    const file = await upload(alice, png, 'image/png', 'secret.png');
    expect((await file.confirm()).status).toBe(200);
    await settled(file.id);

    for (const path of ['', '/download-url', '/thumbnail-url']) {
      const response = await bob.get(`/api/v1/files/${file.id}${path}`);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('secret.png');
    }
    expect((await bob.post(`/api/v1/files/${file.id}/confirm`)).status).toBe(404);
    const intoPrivate = await bob.post('/api/v1/files/upload-url', {
      channel_id: channelId,
      filename: 'x.png',
      content_type: 'image/png',
      size_bytes: 10,
    });
    expect(intoPrivate.status).toBe(404);
  });

  it('stops serving a download URL once it expires', async () => {
    const bytes = Buffer.from('plain words\n');
    const file = await upload(alice, bytes, 'text/plain', 'words.txt');
    await file.confirm();
    expect((await settled(file.id)).scan_status).toBe('clean');
    const download = await alice.get<{ url: string; expires_at: string }>(
      `/api/v1/files/${file.id}/download-url`,
    );
    const fresh = await fetch(download.body.url);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe('plain words\n');
    await new Promise((resolve) => setTimeout(resolve, (URL_TTL_S + 2) * 1000));
    expect((await fetch(download.body.url)).status).toBe(403);
  });

  it('keeps files pending while clamd is down and scans them when it returns', async () => {
    await relay.cut();
    const file = await upload(alice, Buffer.from('scan me later\n'), 'text/plain', 'later.txt');
    expect((await file.confirm()).status).toBe(200);
    // Several scan attempts fail while clamd is unreachable; the file must stay pending, unserved.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const during = await alice.get<FileBody>(`/api/v1/files/${file.id}`);
    expect(during.body.scan_status).toBe('pending');
    expect((await alice.get(`/api/v1/files/${file.id}/download-url`)).status).toBe(409);
    await relay.open();
    expect((await settled(file.id)).scan_status).toBe('clean');
  });
});
