import { DynamicModule, Module } from '@nestjs/common';
import { ChannelsConfig } from '../config';
import { ChannelsController, DmsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';
import { ProjectionEventsConsumer } from './consumers/projection-events.consumer';
import { ChannelsInternalController } from './channels-internal.controller';
import { CHANNELS_CONFIG, PeersClient } from './peers.client';

@Module({})
export class ChannelsModule {
  static register(config: ChannelsConfig): DynamicModule {
    return {
      module: ChannelsModule,
      controllers: [ChannelsController, DmsController, ChannelsInternalController, ProjectionEventsConsumer],
      providers: [
        { provide: CHANNELS_CONFIG, useValue: config },
        ChannelsService,
        ChannelsRepository,
        PeersClient,
      ],
    };
  }
}
