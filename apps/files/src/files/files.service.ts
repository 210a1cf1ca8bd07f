import {
  ALLOWED_CONTENT_TYPES,
  CreateUploadUrl,
  FileView,
  SignedUrlView,
  UploadUrlView,
} from '@colink/contracts';
import { Identity, prepareEvent } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FilesConfig } from '../config';
import { ChannelAccessClient } from './channel-access.client';
import { SNIFF_BYTES, checkType } from './content-type';
import { FileDocument } from './file.document';
import { toFileView } from './file.mapper';
import { FilesErrorCode, filesError } from './files.errors';
import { FilesRepository } from './files.repository';
import { FILES_CONFIG } from './files.tokens';
import { ObjectStorage } from './object-storage';
import { ScanWorker } from './scan.worker';

const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_CONTENT_TYPES);

/** Uploads, their confirmation and the URLs that serve them; scanning runs in `ScanWorker`. */
@Injectable()
export class FilesService {
  constructor(
    @Inject(FILES_CONFIG) private readonly config: FilesConfig,
    private readonly files: FilesRepository,
    private readonly storage: ObjectStorage,
    private readonly channels: ChannelAccessClient,
    private readonly scanner: ScanWorker,
  ) {}

  async createUploadUrl(identity: Identity, input: CreateUploadUrl): Promise<UploadUrlView> {
    const contentType = input.content_type.toLowerCase().split(';')[0].trim();
    if (input.size_bytes > this.config.FILES_MAX_BYTES)
      throw filesError(FilesErrorCode.TooLarge, `is over the limit of ${this.config.FILES_MAX_BYTES} bytes`);
    if (!ALLOWED.has(contentType)) throw filesError(FilesErrorCode.TypeNotAllowed);
    await this.requireMember(identity, input.channel_id);

    const id = randomUUID();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.UPLOAD_URL_TTL_S * 1000);
    const key = `files/${input.channel_id}/${id}/original`;
    const url = await this.storage.uploadUrl(
      key,
      contentType,
      input.size_bytes,
      this.config.UPLOAD_URL_TTL_S,
    );
    await this.files.insert({
      _id: id,
      channel_id: input.channel_id,
      uploader_id: identity.sub,
      filename: input.filename,
      content_type: contentType,
      size_bytes: input.size_bytes,
      bucket: this.storage.bucket,
      state: 'awaiting_upload',
      versions: { original: { key, size_bytes: input.size_bytes, content_type: contentType } },
      virus_scan: {
        status: 'pending',
        scanned_at: null,
        signature: null,
        attempts: 0,
        next_attempt_at: null,
        lease_until: null,
        last_error: null,
      },
      pending_events: [],
      revision: 0,
      upload_expires_at: expiresAt,
      created_at: now,
      updated_at: now,
    });
    return {
      file_id: id,
      upload_url: url,
      method: 'PUT',
      headers: { 'Content-Type': contentType },
      expires_at: expiresAt.toISOString(),
    };
  }

  /**
   * Checks the uploaded object (there, of the declared size, of the declared type by its bytes),
   * announces it and queues the virus scan. Confirming twice answers the file again.
   */
  async confirm(identity: Identity, id: string): Promise<FileView> {
    const file = await this.visibleFile(identity, id);
    if (file.uploader_id !== identity.sub) throw filesError(FilesErrorCode.NotUploader);
    if (file.state === 'confirmed') return toFileView(file);

    const key = file.versions.original.key;
    const size = await this.storage.sizeOf(key);
    if (size === null) throw filesError(FilesErrorCode.NotUploaded);
    if (size !== file.size_bytes) {
      await this.discard(file);
      throw filesError(
        FilesErrorCode.SizeMismatch,
        `The uploaded object has ${size} bytes where ${file.size_bytes} were declared; it was discarded.`,
      );
    }
    const verdict = await checkType(file.content_type, await this.storage.head(key, SNIFF_BYTES));
    if (!verdict.ok) {
      await this.discard(file);
      throw filesError(
        FilesErrorCode.TypeMismatch,
        `The file was declared ${file.content_type} but its bytes are ${verdict.detected}; it was discarded.`,
      );
    }
    const uploaded = prepareEvent('file.uploaded', {
      file_id: file._id,
      channel_id: file.channel_id,
      uploader_id: file.uploader_id,
      filename: file.filename,
      content_type: file.content_type,
      size_bytes: file.size_bytes,
    });
    await this.files.confirm(file._id, file.content_type, new Date(), [uploaded]);
    this.scanner.kick();
    return toFileView({ ...file, state: 'confirmed' });
  }

  async get(identity: Identity, id: string): Promise<FileView> {
    return toFileView(await this.visibleFile(identity, id));
  }

  async downloadUrl(identity: Identity, id: string): Promise<SignedUrlView> {
    const file = this.servable(await this.visibleFile(identity, id));
    const inline = file.content_type.startsWith('image/') || file.content_type === 'application/pdf';
    const disposition = `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
    return this.signed(file.versions.original.key, disposition, file.content_type);
  }

  async thumbnailUrl(identity: Identity, id: string): Promise<SignedUrlView> {
    const file = this.servable(await this.visibleFile(identity, id));
    const thumbnail = file.versions.thumbnail;
    if (!thumbnail) throw filesError(FilesErrorCode.NoThumbnail);
    return this.signed(thumbnail.key, 'inline', thumbnail.content_type);
  }

  /** For messaging: the files with these ids as they stand (no membership check: a service caller). */
  async byIds(ids: string[]): Promise<FileView[]> {
    const files = await this.files.findByIds(ids);
    return files.filter((file) => file.state === 'confirmed').map(toFileView);
  }

  private async signed(key: string, disposition: string, contentType: string): Promise<SignedUrlView> {
    const ttl = this.config.DOWNLOAD_URL_TTL_S;
    const url = await this.storage.downloadUrl(key, ttl, disposition, contentType);
    return { url, expires_at: new Date(Date.now() + ttl * 1000).toISOString() };
  }

  /** Only bytes that were uploaded and scanned clean are ever handed out. */
  private servable(file: FileDocument): FileDocument {
    if (file.state !== 'confirmed') throw filesError(FilesErrorCode.NotUploaded);
    if (file.virus_scan.status === 'infected') throw filesError(FilesErrorCode.Infected);
    if (file.virus_scan.status === 'pending') throw filesError(FilesErrorCode.ScanPending);
    return file;
  }

  /** A file is seen only by members of its channel; to everyone else it does not exist (404). */
  private async visibleFile(identity: Identity, id: string): Promise<FileDocument> {
    const file = await this.files.findById(id);
    if (!file) throw filesError(FilesErrorCode.FileNotFound);
    const access = await this.channels.of(identity, file.channel_id);
    if (!access.visible || !access.member) throw filesError(FilesErrorCode.FileNotFound);
    if (file.state === 'awaiting_upload' && file.uploader_id !== identity.sub)
      throw filesError(FilesErrorCode.FileNotFound);
    return file;
  }

  private async requireMember(identity: Identity, channelId: string): Promise<void> {
    const access = await this.channels.of(identity, channelId);
    if (!access.visible) throw filesError(FilesErrorCode.ChannelNotFound);
    if (!access.member) throw filesError(FilesErrorCode.NotAMember);
    if (access.archived) throw filesError(FilesErrorCode.Archived);
  }

  private async discard(file: FileDocument): Promise<void> {
    await this.storage.delete(file.versions.original.key);
    await this.files.remove(file._id);
  }
}
