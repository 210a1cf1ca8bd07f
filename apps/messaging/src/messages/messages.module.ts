import { Module } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { ProjectionEventsConsumer } from '../access/consumers/projection-events.consumer';
import { ChannelMessagesController, MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

@Module({
  controllers: [ChannelMessagesController, MessagesController, ProjectionEventsConsumer],
  providers: [MessagesService, MessagesRepository, AccessRepository],
})
export class MessagesModule {}
