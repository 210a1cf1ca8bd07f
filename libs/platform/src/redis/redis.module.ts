import { DynamicModule, Global, Module } from '@nestjs/common';
import { ReadinessRegistry } from '../health/readiness.registry';
import { REDIS_OPTIONS, RedisOptions, RedisService } from './redis.service';

/** One Redis provider per service (`PlatformModule.forService({redis: {url}})`), with a readiness check. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: RedisOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_OPTIONS, useValue: options },
        {
          provide: RedisService,
          inject: [REDIS_OPTIONS, ReadinessRegistry],
          useFactory: async (opts: RedisOptions, readiness: ReadinessRegistry) => {
            const redis = new RedisService(opts);
            await redis.connect();
            readiness.register('redis', async () => {
              const pong = await redis.client.ping();
              if (pong !== 'PONG') throw new Error(`redis answered ${pong}`);
            });
            return redis;
          },
        },
      ],
      exports: [RedisService],
    };
  }
}
