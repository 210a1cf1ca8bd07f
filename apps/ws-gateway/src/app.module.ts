import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { WsGatewayConfig } from './config';
import { FORWARDED_TOPICS } from './realtime/kafka-events.consumer';
import { RealtimeModule } from './realtime/realtime.module';

@Module({})
export class AppModule {
  static register(config: WsGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'ws-gateway',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: {
            brokers: config.KAFKA_BROKERS,
            consumes: [...FORWARDED_TOPICS],
            // Sockets need what happens from now on (and `sync` for the rest): every instance reads
            // every event from the end, in a group of its own, deduping in Redis.
            consumer: {
              groupId: `colink-ws-gateway-${config.INSTANCE_ID}`,
              fromBeginning: false,
              dedupe: { store: 'redis', url: config.REDIS_URL, ttlS: 3600 },
            },
          },
          redis: { url: config.REDIS_URL },
          readiness: {
            keycloak: checks.http(
              `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}/.well-known/openid-configuration`,
            ),
          },
        }),
        RealtimeModule.register(config),
      ],
    };
  }
}
