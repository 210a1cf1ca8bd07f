import { CurrentIdentity, Identity } from '@colink/platform';
import { All, Controller, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProxyService } from './proxy.service';

/** Every `/api/v1` request, once its bearer token is verified by the global guard. */
@Controller('api/v1')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All('*path')
  forward(@Req() req: Request, @Res() res: Response, @CurrentIdentity() identity: Identity): Promise<void> {
    return this.proxy.handle(req, res, identity);
  }
}
