import { Module } from '@nestjs/common';
import { UsersController, UsersInternalController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController, UsersInternalController],
  providers: [UsersService, UsersRepository],
})
export class UsersModule {}
