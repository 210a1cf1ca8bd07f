import { DynamicModule, Module } from '@nestjs/common';
import { PresenceConfig } from '../config';
import { PresenceEventsPublisher } from './presence-events.publisher';
import { PresenceInternalController } from './presence-internal.controller';
import { PresenceController } from './presence.controller';
import { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';
import { PresenceSweeper } from './presence.sweeper';
import { PRESENCE_CONFIG } from './presence.tokens';

@Module({})
export class PresenceModule {
  static register(config: PresenceConfig): DynamicModule {
    return {
      module: PresenceModule,
      controllers: [PresenceController, PresenceInternalController],
      providers: [
        { provide: PRESENCE_CONFIG, useValue: config },
        PresenceRepository,
        PresenceEventsPublisher,
        PresenceService,
        PresenceSweeper,
      ],
    };
  }
}
