import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { WsGatewayConfig } from './config';

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
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
          readiness: {
            redis: checks.redis(config.REDIS_URL),
            keycloak: checks.http(
              `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}/.well-known/openid-configuration`,
            ),
          },
        }),
      ],
    };
  }
}
