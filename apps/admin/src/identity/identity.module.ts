import { Module } from '@nestjs/common';
import { RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';
import { SignInEvents } from './sign-in-events';
import { SignInEventsRepository } from './sign-in-events.repository';
import { UserStatusRepository } from './user-status.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController, RolesController],
  providers: [
    RolesService,
    RolesRepository,
    UsersService,
    UserStatusRepository,
    SignInEvents,
    SignInEventsRepository,
  ],
})
export class IdentityModule {}
