import { SetMetadata } from '@nestjs/common';
import { z } from 'zod';

export const RETURNS = 'colink:returns';

export interface ReturnsMetadata {
  status: number;
  schema?: z.ZodType;
  description: string;
}

/** Documents a route's success response for the service's OpenAPI; it does not change behaviour. */
export const Returns = (status: number, description: string, schema?: z.ZodType): MethodDecorator =>
  SetMetadata(RETURNS, { status, schema, description } satisfies ReturnsMetadata);
