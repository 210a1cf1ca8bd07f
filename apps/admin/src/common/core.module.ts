import { DynamicModule, Global, Module } from '@nestjs/common';
import { AdminConfig } from '../config';
import { ADMIN_CONFIG, KeycloakAdminClient } from '../identity/keycloak-admin.client';
import { ChannelsClient } from '../moderation/channels.client';
import { MessagingClient } from '../moderation/messaging.client';

/** The typed config and the clients of other systems (Keycloak, channels), for every feature. */
@Global()
@Module({})
export class CoreModule {
  static register(config: AdminConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ADMIN_CONFIG, useValue: config },
        KeycloakAdminClient,
        ChannelsClient,
        MessagingClient,
      ],
      exports: [ADMIN_CONFIG, KeycloakAdminClient, ChannelsClient, MessagingClient],
    };
  }
}
