import { MetricsService, PlatformModule, RedisService, checks } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from './config';
import { DocsController } from './docs/docs.controller';
import { OpenApiMerger } from './docs/openapi-merger.service';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { ActiveUsers } from './metrics/active-users';
import { ProvisioningService } from './provisioning/provisioning.service';
import { ProxyService } from './proxy/proxy.service';
import { upstreamUrls } from './proxy/routes';
import { RateLimiter } from './rate-limit/rate-limiter';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    const issuer = `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}`;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'gateway',
          logLevel: config.LOG_LEVEL,
          auth: {
            mode: 'jwt',
            issuer,
            audience: config.TOKEN_AUDIENCE,
            clockToleranceS: config.TOKEN_CLOCK_TOLERANCE_S,
          },
          redis: { url: config.REDIS_URL },
          readiness: {
            keycloak: checks.http(`${issuer}/.well-known/openid-configuration`),
          },
        }),
      ],
      controllers: [DocsController],
      providers: [
        {
          provide: RateLimiter,
          inject: [RedisService],
          useFactory: (redis: RedisService) =>
            new RateLimiter(redis.client, config.RATE_LIMIT_WINDOW_S, config.RATE_LIMIT_KEY_PREFIX),
        },
        {
          provide: IdempotencyStore,
          inject: [RedisService],
          useFactory: (redis: RedisService) => new IdempotencyStore(redis.client, config.IDEMPOTENCY_TTL_S),
        },
        {
          provide: ProvisioningService,
          useFactory: () => new ProvisioningService(config.USERS_URL, config.INTERNAL_AUTH_SECRET),
        },
        {
          provide: ActiveUsers,
          inject: [RedisService, MetricsService],
          useFactory: (redis: RedisService, metrics: MetricsService) =>
            new ActiveUsers(redis.client, metrics),
        },
        { provide: OpenApiMerger, useFactory: () => new OpenApiMerger(upstreamUrls(config), issuer) },
        {
          provide: ProxyService,
          inject: [RateLimiter, IdempotencyStore, ProvisioningService, OpenApiMerger, ActiveUsers],
          useFactory: (
            limiter: RateLimiter,
            store: IdempotencyStore,
            provisioning: ProvisioningService,
            docs: OpenApiMerger,
            activeUsers: ActiveUsers,
          ) => new ProxyService(config, limiter, store, provisioning, docs, activeUsers),
        },
      ],
      exports: [RateLimiter],
    };
  }
}
