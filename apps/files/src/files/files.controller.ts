import {
  CreateUploadUrl,
  CreateUploadUrlSchema,
  FileParams,
  FileParamsSchema,
  FileView,
  FileViewSchema,
  SignedUrlView,
  SignedUrlViewSchema,
  UploadUrlView,
  UploadUrlViewSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, ZodPipe } from '@colink/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { FilesService } from './files.service';

@Controller('api/v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Problems(403, 404, 409, 413, 415, 503)
  @Post('upload-url')
  @HttpCode(201)
  @Returns(201, 'A presigned PUT URL for the bytes', UploadUrlViewSchema)
  uploadUrl(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(CreateUploadUrlSchema, 'upload')) body: CreateUploadUrl,
  ): Promise<UploadUrlView> {
    return this.files.createUploadUrl(identity, body);
  }

  @Problems(403, 409, 415, 503)
  @Post(':id/confirm')
  @HttpCode(200)
  @Returns(200, 'The file, scan pending', FileViewSchema)
  confirm(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(FileParamsSchema, 'path')) params: FileParams,
  ): Promise<FileView> {
    return this.files.confirm(identity, params.id);
  }

  @Problems(503)
  @Get(':id')
  @Returns(200, 'The file', FileViewSchema)
  get(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(FileParamsSchema, 'path')) params: FileParams,
  ): Promise<FileView> {
    return this.files.get(identity, params.id);
  }

  @Problems(409, 410, 503)
  @Get(':id/download-url')
  @Returns(200, 'A short-lived download URL', SignedUrlViewSchema)
  downloadUrl(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(FileParamsSchema, 'path')) params: FileParams,
  ): Promise<SignedUrlView> {
    return this.files.downloadUrl(identity, params.id);
  }

  @Problems(409, 410, 503)
  @Get(':id/thumbnail-url')
  @Returns(200, 'A short-lived thumbnail URL', SignedUrlViewSchema)
  thumbnailUrl(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(FileParamsSchema, 'path')) params: FileParams,
  ): Promise<SignedUrlView> {
    return this.files.thumbnailUrl(identity, params.id);
  }
}
