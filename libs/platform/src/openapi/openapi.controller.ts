import { Controller, Get, Inject } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Public } from '../auth/public.decorator';
import { OpenApiDocument, buildOpenApi } from './openapi';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** The service's own part of the public OpenAPI; the gateway merges these at `/api/docs-json`. */
@Controller()
export class OpenApiController {
  private document?: OpenApiDocument;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  @Public()
  @Get('openapi.json')
  openApi(): OpenApiDocument {
    this.document ??= buildOpenApi(this.service, this.discovery, this.scanner, this.reflector);
    return this.document;
  }
}
