import { OpenApiDocument, Public } from '@colink/platform';
import { All, Controller, Get, Header } from '@nestjs/common';
import { GatewayErrorCode, gatewayError } from '../errors/gateway.errors';
import { OpenApiMerger } from './openapi-merger.service';

const UI = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CoLink API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

@Controller('api')
export class DocsController {
  constructor(private readonly merger: OpenApiMerger) {}

  @Public()
  @Get('docs-json')
  openApi(): Promise<OpenApiDocument> {
    return this.merger.document();
  }

  @Public()
  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  ui(): string {
    return UI;
  }

  // A separate script, so the page runs under the default Content-Security-Policy (no inline script).
  @Public()
  @Get('docs/init.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init(): string {
    return "window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui' });";
  }

  /** Any other method on these paths is 405 with `Allow`, as on the proxied routes. */
  @Public()
  @All(['docs-json', 'docs', 'docs/init.js'])
  methodNotAllowed(): never {
    throw gatewayError(GatewayErrorCode.MethodNotAllowed, { headers: { Allow: 'GET, HEAD' } });
  }
}
