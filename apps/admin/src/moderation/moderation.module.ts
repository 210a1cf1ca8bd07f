import { Module } from '@nestjs/common';
import { BanExpiry } from './ban-expiry';
import { MessageRemovalController } from './message-removal.controller';
import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';

@Module({
  controllers: [ModerationController, MessageRemovalController],
  providers: [ModerationService, ModerationRepository, BanExpiry],
})
export class ModerationModule {}
