import {
  AdminUserParamsSchema,
  SetRoles,
  SetRolesSchema,
  UserRolesView,
  UserRolesViewSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, Roles, ZodPipe } from '@colink/platform';
import { Body, Controller, Param, Put } from '@nestjs/common';
import { RolesService } from './roles.service';

/** Realm roles: admins only (moderators cannot grant roles). */
@Controller('api/v1/admin/users')
@Roles('admin')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Put(':id/roles')
  @Returns(200, "The user's realm roles afterwards", UserRolesViewSchema)
  @Problems(422, 503)
  set(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(AdminUserParamsSchema, 'path')) params: { id: string },
    @Body(new ZodPipe(SetRolesSchema, 'roles')) body: SetRoles,
  ): Promise<UserRolesView> {
    return this.roles.set(identity, params.id, body.roles);
  }
}
