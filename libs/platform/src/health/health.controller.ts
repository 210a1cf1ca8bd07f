import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { ReadinessRegistry } from './readiness.registry';

@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Public()
  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; checks: Record<string, string> }> {
    const result = await this.readiness.run();
    res.status(result.ok ? 200 : 503);
    return { status: result.ok ? 'ready' : 'not-ready', checks: result.checks };
  }
}
