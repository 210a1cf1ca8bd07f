import {
  UpdateMe,
  UpdateMeSchema,
  UserDirectoryQuery,
  UserDirectoryQuerySchema,
  UserPageSchema,
  UserProfile,
  UserProfileSchema,
  UuidParamSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Internal, Returns, ZodPipe } from '@colink/platform';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Returns(200, 'The caller, provisioned from their token on first use', UserProfileSchema)
  me(@CurrentIdentity() identity: Identity): Promise<UserProfile> {
    return this.users.provision(identity);
  }

  @Patch('me')
  @Returns(200, 'The updated profile', UserProfileSchema)
  updateMe(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(UpdateMeSchema, 'profile update')) patch: UpdateMe,
  ): Promise<UserProfile> {
    return this.users.updateMe(identity, patch);
  }

  @Get()
  @Returns(200, 'Users whose username or display name matches, prefix matches first', UserPageSchema)
  directory(@Query(new ZodPipe(UserDirectoryQuerySchema, 'query')) query: UserDirectoryQuery) {
    return this.users.directory(query.query, query.limit, query.cursor);
  }

  @Get(':id')
  @Returns(200, 'One user', UserProfileSchema)
  byId(@Param('id', new ZodPipe(UuidParamSchema, 'user id', 'id')) id: string): Promise<UserProfile> {
    return this.users.getById(id);
  }
}

/** Called by the gateway the first time it sees a token's subject: not part of the public surface. */
@Internal('gateway')
@Controller('internal/v1/users')
export class UsersInternalController {
  constructor(private readonly users: UsersService) {}

  @Post('provision')
  @HttpCode(200)
  provision(@CurrentIdentity() identity: Identity): Promise<UserProfile> {
    return this.users.provision(identity);
  }
}
