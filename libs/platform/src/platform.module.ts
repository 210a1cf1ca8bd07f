import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { Topic } from '@colink/contracts';
import type { DataSource } from 'typeorm';
import { AUTH_OPTIONS, AuthGuard } from './auth/auth.guard';
import { JwtVerifier } from './auth/jwt-verifier';
import { DatabaseOptions, dataSourceOptions, ensureSchema } from './database/database';
import { Db } from './database/sql';
import { ProblemFilter } from './errors/problem.filter';
import { HealthController } from './health/health.controller';
import { ReadinessCheck, ReadinessRegistry } from './health/readiness.registry';
import { ConsumerSettings, KAFKA_SETTINGS, KafkaService } from './kafka/kafka.service';
import { EVENT_TRANSPORT } from './kafka/event-transport';
import { Outbox } from './kafka/outbox';
import { LoggingModule } from './logging/logging.module';
import { HttpMetricsInterceptor } from './metrics/http-metrics.interceptor';
import { MetricsService } from './metrics/metrics.service';
import { OpenApiController, SERVICE_NAME } from './openapi/openapi.controller';
import { RedisModule } from './redis/redis.module';

export interface PlatformOptions {
  service: string;
  logLevel: string;
  auth:
    | { mode: 'jwt'; issuer: string; audience: string; clockToleranceS?: number }
    | { mode: 'internal'; secret: string };
  database?: Omit<DatabaseOptions, 'migrations'> & Partial<Pick<DatabaseOptions, 'migrations'>>;
  /** `consumer` picks the group, the start offset and the dedupe store (default: Postgres). */
  kafka?: { brokers: string[]; consumes?: Topic[]; consumer?: ConsumerSettings };
  /** The service's Redis (`RedisService`), checked by `/ready`. */
  redis?: { url: string };
  /** Extra dependencies `/ready` must find answering, by name. */
  readiness?: Record<string, ReadinessCheck>;
}

/**
 * What every CoLink service stands on: logging, problem+json errors, metrics, health and readiness,
 * authentication, and (when asked) its Postgres schema and its Kafka producer, outbox and consumer.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const imports: Array<DynamicModule | Type> = [
      LoggingModule.forRoot({ service: options.service, level: options.logLevel }),
      DiscoveryModule,
    ];
    const providers: Provider[] = [
      MetricsService,
      ReadinessRegistry,
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: APP_FILTER, useClass: ProblemFilter },
      { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
      { provide: APP_GUARD, useClass: AuthGuard },
      {
        provide: AUTH_OPTIONS,
        useValue:
          options.auth.mode === 'jwt'
            ? {
                mode: 'jwt',
                verifier: new JwtVerifier({
                  issuer: options.auth.issuer,
                  audience: options.auth.audience,
                  clockToleranceS: options.auth.clockToleranceS,
                }),
              }
            : { ...options.auth, service: options.service },
      },
    ];
    providers.push({
      provide: 'EXTRA_READINESS',
      inject: [ReadinessRegistry],
      useFactory: (readiness: ReadinessRegistry) => {
        for (const [name, check] of Object.entries(options.readiness ?? {})) readiness.register(name, check);
        return true;
      },
    });
    const exports: Array<Provider | symbol | string | (new (...args: never[]) => unknown)> = [
      MetricsService,
      ReadinessRegistry,
    ];

    const database = options.database;
    if (database) {
      const full: DatabaseOptions = { migrations: [], ...database };
      // TypeORM is loaded here, by the services with a database only (~1 s and ~8 MiB of heap at start).
      /* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loads, forService is synchronous */
      const { TypeOrmModule } = require('@nestjs/typeorm') as typeof import('@nestjs/typeorm');
      const typeorm = require('typeorm') as typeof import('typeorm');
      /* eslint-enable @typescript-eslint/no-require-imports */
      imports.push(
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureSchema(full.url, full.schema);
            return dataSourceOptions(full);
          },
        }),
      );
      providers.push({ provide: Outbox, useValue: new Outbox(full.schema) });
      providers.push({
        provide: Db,
        inject: [typeorm.DataSource],
        useFactory: (dataSource: DataSource) => new Db(dataSource),
      });
      providers.push({
        provide: 'DATABASE_READINESS',
        inject: [ReadinessRegistry, typeorm.DataSource],
        useFactory: (readiness: ReadinessRegistry, dataSource: DataSource) => {
          readiness.register('postgres', async () => {
            await dataSource.query('SELECT 1');
          });
          return true;
        },
      });
      exports.push(Outbox, Db);
    }
    if (options.redis) imports.push(RedisModule.forRoot(options.redis));
    providers.push({
      provide: EVENT_TRANSPORT,
      inject: [{ token: KafkaService, optional: true }],
      useFactory: (kafka?: KafkaService) => kafka?.eventTransport() ?? null,
    });
    exports.push(EVENT_TRANSPORT);
    if (options.kafka) {
      providers.push(
        {
          provide: KAFKA_SETTINGS,
          useValue: {
            service: options.service,
            brokers: options.kafka.brokers,
            consumes: options.kafka.consumes ?? [],
            consumer: options.kafka.consumer,
            outbox: database ? { databaseUrl: database.url, schema: database.schema } : undefined,
          },
        },
        KafkaService,
      );
      exports.push(KafkaService);
    }
    return {
      module: PlatformModule,
      imports,
      controllers: [HealthController, OpenApiController],
      providers,
      exports,
    };
  }
}
