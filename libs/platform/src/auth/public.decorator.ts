import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'colink:public';

/** Opts a route out of authentication: only health, readiness, metrics and docs use it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
