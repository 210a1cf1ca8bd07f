import {
  AuditEntryView,
  AuditPageSchema,
  AuditQuery,
  AuditQuerySchema,
  AuditVerifyView,
  AuditVerifyViewSchema,
  Page,
} from '@colink/contracts';
import { Returns, Roles, ZodPipe } from '@colink/platform';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditService } from './audit.service';

/** The audit log: read and exported by admins only; no route edits or deletes an entry. */
@Controller('api/v1/admin/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Returns(200, 'The same entries as CSV (format=csv)', undefined, { contentType: 'text/csv' })
  @Returns(
    200,
    'A page of audit entries, newest first (format=csv: the same entries as text/csv)',
    AuditPageSchema,
  )
  list(
    @Query(new ZodPipe(AuditQuerySchema, 'query')) query: AuditQuery,
  ): Promise<Page<AuditEntryView>> | StreamableFile {
    if (query.format === 'json') return this.audit.page(query);
    return new StreamableFile(Readable.from(this.audit.csv(query)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit.csv"',
    });
  }

  @Get('verify')
  @Returns(
    200,
    'The chain walked from the first entry; first_broken_id names the first bad link',
    AuditVerifyViewSchema,
  )
  verify(): Promise<AuditVerifyView> {
    return this.audit.verify();
  }
}
