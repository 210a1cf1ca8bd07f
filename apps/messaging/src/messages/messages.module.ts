import { DynamicModule, Module } from '@nestjs/common';
import { MessagingConfig } from '../config';
import { ChannelsClient, MESSAGING_CONFIG } from '../access/channels.client';
import { FilesClient } from '../access/files.client';
import { MembershipsInternalController } from '../access/memberships-internal.controller';
import { AccessRepository } from '../access/access.repository';
import { ProjectionEventsConsumer } from '../access/consumers/projection-events.consumer';
import {
  ChannelChangesController,
  ChannelMessagesController,
  MessagesController,
} from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { PostBatcher } from './post-batcher';

@Module({})
export class MessagesModule {
  static register(config: MessagingConfig): DynamicModule {
    return {
      module: MessagesModule,
      controllers: [
        ChannelMessagesController,
        ChannelChangesController,
        MessagesController,
        ProjectionEventsConsumer,
        MembershipsInternalController,
      ],
      providers: [
        { provide: MESSAGING_CONFIG, useValue: config },
        MessagesService,
        MessagesRepository,
        PostBatcher,
        AccessRepository,
        ChannelsClient,
        FilesClient,
      ],
    };
  }
}
