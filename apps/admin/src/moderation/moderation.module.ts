import { Module } from '@nestjs/common';
import { MessageRemovalController } from './message-removal.controller';
import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';

@Module({
  controllers: [ModerationController, MessageRemovalController],
  providers: [ModerationService, ModerationRepository],
})
export class ModerationModule {}
