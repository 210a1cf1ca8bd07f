import {
  FileSearchPage,
  FileSearchPageSchema,
  MessageSearchPage,
  MessageSearchPageSchema,
  SearchQuery,
  SearchQuerySchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Returns, ZodPipe } from '@colink/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { SearchService } from './search.service';

@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('messages')
  @Returns(200, 'Messages in channels the caller may read, best first', MessageSearchPageSchema)
  messages(
    @CurrentIdentity() identity: Identity,
    @Query(new ZodPipe(SearchQuerySchema, 'query')) query: SearchQuery,
  ): Promise<MessageSearchPage> {
    return this.search.messages(identity, query);
  }

  @Get('files')
  @Returns(200, 'Files in channels the caller may read, best first', FileSearchPageSchema)
  files(
    @CurrentIdentity() identity: Identity,
    @Query(new ZodPipe(SearchQuerySchema, 'query')) query: SearchQuery,
  ): Promise<FileSearchPage> {
    return this.search.files(identity, query);
  }
}
