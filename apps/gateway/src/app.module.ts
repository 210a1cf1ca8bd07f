import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { GatewayConfig } from './config';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'gateway',
          logLevel: config.LOG_LEVEL,
          auth: {
            mode: 'jwt',
            issuer: `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}`,
            audience: config.TOKEN_AUDIENCE,
          },
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
