import {
  AdminUserPageSchema,
  AdminUserView,
  AdminUsersQuery,
  AdminUsersQuerySchema,
  Page,
} from '@colink/contracts';
import { Returns, Roles, ZodPipe } from '@colink/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { UsersService } from './users.service';

/** The people list: moderators pick whom to act on, admins also grant roles from it. */
@Controller('api/v1/admin/users')
@Roles('moderator')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Returns(200, 'A page of users with their realm roles and moderation status', AdminUserPageSchema)
  list(
    @Query(new ZodPipe(AdminUsersQuerySchema, 'query')) query: AdminUsersQuery,
  ): Promise<Page<AdminUserView>> {
    return this.users.list(query);
  }
}
