import { DynamicModule, Module } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { ChannelsClient } from './channels.client';
import { ConnectionGateway } from './connection.gateway';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { HeartbeatGateway } from './heartbeat.gateway';
import { InternalHttpClient } from './internal-http.client';
import { KafkaEventsConsumer } from './kafka-events.consumer';
import { MessagingClient } from './messaging.client';
import { PresenceAudience } from './presence-audience';
import { PresenceTracker } from './presence-tracker';
import { PresenceClient } from './presence.client';
import { WS_CONFIG } from './realtime.tokens';
import { DisabledUsersWatcher } from './disabled-users.watcher';
import { SessionExpiry } from './session-expiry';
import { SessionRevocations } from './session-revocations';
import { SessionGateway } from './session.gateway';
import { SocketBudgetGuard } from './socket-budget.guard';
import { SocketRooms } from './socket-rooms';
import { SyncGateway } from './sync.gateway';
import { SyncService } from './sync.service';
import { TypingGateway } from './typing.gateway';

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
        SocketRooms,
        SocketBudgetGuard,
        SessionExpiry,
        SessionRevocations,
        DisabledUsersWatcher,
        ConnectionGateway,
        TypingGateway,
        HeartbeatGateway,
        SyncGateway,
        SessionGateway,
      ],
      controllers: [KafkaEventsConsumer],
    };
  }
}
