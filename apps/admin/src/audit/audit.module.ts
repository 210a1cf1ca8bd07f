import { Module } from '@nestjs/common';
import { AuditEventsConsumer } from './audit-events.consumer';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController, AuditEventsConsumer],
  providers: [AuditService, AuditRepository],
})
export class AuditModule {}
