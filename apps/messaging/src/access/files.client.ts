import { FileView } from '@colink/contracts';
import { Identity, serviceRequest } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { MessagingConfig } from '../config';
import { FileRef } from './access.repository';
import { MESSAGING_CONFIG } from './channels.client';

/**
 * Asks the files service about a file messaging's projection has not seen yet (a file confirmed a
 * moment ago), as the person attaching it: files answers only for members of the file's channel.
 */
@Injectable()
export class FilesClient {
  constructor(@Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig) {}

  /** Null when files does not know it, hides it, or did not answer. */
  async file(identity: Identity, id: string): Promise<FileRef | null> {
    const response = await serviceRequest<FileView>(`${this.config.FILES_URL}/api/v1/files/${id}`, {
      secret: this.config.INTERNAL_AUTH_SECRET,
      identity,
    });
    if (response?.status !== 200 || !response.body) return null;
    const file = response.body;
    return {
      id: file.id,
      channel_id: file.channel_id,
      uploader_id: file.uploader_id,
      filename: file.filename,
      content_type: file.content_type,
      size_bytes: file.size_bytes,
      scan_status: file.scan_status,
    };
  }
}
