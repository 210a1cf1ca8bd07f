import { Module } from '@nestjs/common';
import { ChannelsController, DmsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';
import { ProjectionEventsConsumer } from './consumers/projection-events.consumer';

@Module({
  controllers: [ChannelsController, DmsController, ProjectionEventsConsumer],
  providers: [ChannelsService, ChannelsRepository],
})
export class ChannelsModule {}
