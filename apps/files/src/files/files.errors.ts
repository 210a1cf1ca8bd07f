import { ProblemException } from '@colink/platform';

export enum FilesErrorCode {
  FileNotFound = 'file-not-found',
  ChannelNotFound = 'channel-not-found',
  NotAMember = 'not-a-member',
  Archived = 'channel-archived',
  TooLarge = 'file-too-large',
  TypeNotAllowed = 'file-type-not-allowed',
  TypeMismatch = 'file-type-mismatch',
  NotUploaded = 'file-not-uploaded',
  SizeMismatch = 'file-size-mismatch',
  ScanPending = 'file-scan-pending',
  Infected = 'file-infected',
  NoThumbnail = 'file-no-thumbnail',
  NotUploader = 'not-uploader',
  ChannelsUnavailable = 'channels-unavailable',
}

/** The one mapping of file failures to problem+json. */
export function filesError(code: FilesErrorCode, detail?: string): ProblemException {
  switch (code) {
    case FilesErrorCode.FileNotFound:
      return new ProblemException(404, code, detail ?? 'No file has this id, or it is not visible to you.');
    case FilesErrorCode.ChannelNotFound:
      return new ProblemException(404, code, 'No channel has this id, or it is not visible to you.', [
        { field: 'channel_id', message: 'is not a channel you can see' },
      ]);
    case FilesErrorCode.NotAMember:
      return new ProblemException(403, code, 'Join the channel before sharing files in it.');
    case FilesErrorCode.Archived:
      return new ProblemException(409, code, 'The channel is archived: its history is read-only.');
    case FilesErrorCode.TooLarge:
      return new ProblemException(413, code, detail ?? 'The file is larger than the upload limit.', [
        { field: 'size_bytes', message: detail ?? 'is over the limit' },
      ]);
    case FilesErrorCode.TypeNotAllowed:
      return new ProblemException(415, code, detail ?? 'Files of this type cannot be shared.', [
        { field: 'content_type', message: 'is not an allowed type' },
      ]);
    case FilesErrorCode.TypeMismatch:
      return new ProblemException(
        415,
        code,
        detail ?? 'The bytes of the file are not of the type it was declared as; it was discarded.',
      );
    case FilesErrorCode.NotUploaded:
      return new ProblemException(409, code, 'Nothing was uploaded for this file yet: PUT the bytes first.');
    case FilesErrorCode.SizeMismatch:
      return new ProblemException(
        409,
        code,
        detail ?? 'The uploaded object does not have the declared size; it was discarded.',
      );
    case FilesErrorCode.ScanPending:
      return new ProblemException(
        409,
        code,
        'The file is still being scanned for viruses: try again shortly.',
        undefined,
        {
          'Retry-After': '2',
        },
      );
    case FilesErrorCode.Infected:
      return new ProblemException(410, code, 'The file was found infected and is no longer available.');
    case FilesErrorCode.NoThumbnail:
      return new ProblemException(404, code, 'This file has no thumbnail.');
    case FilesErrorCode.NotUploader:
      return new ProblemException(403, code, 'Only the person who uploaded the file can confirm it.');
    case FilesErrorCode.ChannelsUnavailable:
      return new ProblemException(503, code, 'Channel membership cannot be checked right now.', undefined, {
        'Retry-After': '1',
      });
  }
}
