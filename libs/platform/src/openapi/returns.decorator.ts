import { z } from 'zod';

export const RETURNS = 'colink:returns';
export const PROBLEMS = 'colink:problems';

export interface ReturnsMetadata {
  status: number;
  description: string;
  schema?: z.ZodType;
  /** The body's media type when it is not JSON (e.g. `text/csv`). */
  contentType?: string;
}

/**
 * Documents a success response of a route for the service's OpenAPI; it does not change behaviour.
 * Stack it when a route answers more than one success status or media type.
 */
export const Returns =
  (
    status: number,
    description: string,
    schema?: z.ZodType,
    options: { contentType?: string } = {},
  ): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const list = (Reflect.getMetadata(RETURNS, handler) as ReturnsMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(RETURNS, [...list, { status, description, schema, ...options }], handler);
    return descriptor;
  };

/** The problem statuses a route can answer besides the ones every route of its kind can (see `buildOpenApi`). */
export const PROBLEM_STATUSES = {
  400: 'The request is not valid (errors lists the fields)',
  403: 'Not allowed for the caller',
  404: 'No such resource, or not visible to the caller',
  409: 'Conflicts with the current state of the resource',
  410: 'The resource is gone for good',
  413: 'Over the size limit',
  415: 'A media type that is not accepted',
  422: 'Well-formed, but names something that does not hold (errors lists the fields)',
  502: 'A service this one depends on refused the change',
  503: 'A service this one depends on is unavailable; retry later',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_STATUSES;

/** Documents the problem+json statuses a route (or every route of a controller) can answer. */
export function Problems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const list = (Reflect.getMetadata(PROBLEMS, holder) as ProblemStatus[] | undefined) ?? [];
    Reflect.defineMetadata(PROBLEMS, [...list, ...statuses], holder);
  };
}
