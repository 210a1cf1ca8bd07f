import { DynamicModule, Module } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { ChannelsClient } from './channels.client';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { InternalHttpClient } from './internal-http.client';
import { KafkaEventsConsumer } from './kafka-events.consumer';
import { MessagingClient } from './messaging.client';
import { PresenceAudience } from './presence-audience';
import { PresenceTracker } from './presence-tracker';
import { PresenceClient } from './presence.client';
import { RealtimeServer } from './realtime.server';
import { WS_CONFIG } from './realtime.tokens';
import { SocketEventsHandler } from './socket-events.handler';
import { SyncService } from './sync.service';

@Module({})
export class RealtimeModule {
  static register(config: WsGatewayConfig): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        { provide: WS_CONFIG, useValue: config },
        InternalHttpClient,
        ChannelsClient,
        MessagingClient,
        PresenceClient,
        PresenceTracker,
        PresenceAudience,
        SyncService,
        HandshakeAuthenticator,
        SocketEventsHandler,
        RealtimeServer,
        KafkaEventsConsumer,
      ],
      exports: [RealtimeServer],
    };
  }
}
