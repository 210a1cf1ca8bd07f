import { RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { z } from 'zod';
import { IS_PUBLIC } from '../auth/public.decorator';
import { REQUIRED_ROLES } from '../auth/roles.decorator';
import { ZodPipe } from '../errors/zod.pipe';
import { PROBLEMS, PROBLEM_STATUSES, ProblemStatus, RETURNS, ReturnsMetadata } from './returns.decorator';

/** An OpenAPI 3.1 document, loosely typed: it is assembled here and validated in the tests. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string }>;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    error_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** A problem+json response with its status's usual meaning. */
export function problemResponse(status: ProblemStatus, description: string = PROBLEM_STATUSES[status]) {
  return {
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

function joinPath(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}

interface ArgMeta {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function zodPipeOf(arg: ArgMeta): ZodPipe<z.ZodType> | undefined {
  return arg.pipes?.find((pipe): pipe is ZodPipe<z.ZodType> => pipe instanceof ZodPipe);
}

/**
 * The service's OpenAPI, read from its own routes: paths and methods from Nest's metadata, request
 * bodies and query parameters from the zod schemas of their `ZodPipe`s, roles from `@Roles`, and
 * success responses from `@Returns`. Only the public surface (`/api/v1`) is described.
 */
export function buildOpenApi(
  service: string,
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!instance || !controller) continue;
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = instance[name] as (...args: unknown[]) => unknown;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const method = requestMethod === undefined ? undefined : METHODS[requestMethod];
      if (!method) continue;
      const route = joinPath(base, (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '');
      if (!route.startsWith('/api/v1')) continue;
      const openApiPath = route.replace(/:([A-Za-z_]+)/g, '{$1}');
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
        string,
        ArgMeta
      >;
      // Path parameters take the schema their ZodPipe validates (a uuid is declared as one).
      const pathSchemas: Record<string, unknown> = {};
      for (const [key, arg] of Object.entries(args)) {
        const pipe = zodPipeOf(arg);
        if (!pipe || (Number(key.split(':')[0]) as RouteParamtypes) !== RouteParamtypes.PARAM) continue;
        const schema = jsonSchema(pipe.schema, 'input');
        if (typeof arg.data === 'string') pathSchemas[arg.data] = schema;
        else Object.assign(pathSchemas, (schema.properties ?? {}) as Record<string, unknown>);
      }
      const parameters: unknown[] = [...route.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: pathSchemas[match[1]] ?? { type: 'string' },
      }));
      const namesResource = parameters.length > 0;
      let requestBody: unknown;
      for (const [key, arg] of Object.entries(args)) {
        const type = Number(key.split(':')[0]) as RouteParamtypes;
        const pipe = zodPipeOf(arg);
        if (!pipe) continue;
        const schema = jsonSchema(pipe.schema, 'input');
        if (type === RouteParamtypes.BODY) {
          requestBody = { required: true, content: { 'application/json': { schema } } };
        } else if (type === RouteParamtypes.QUERY) {
          const properties = (schema.properties ?? {}) as Record<string, unknown>;
          const required = new Set((schema.required as string[] | undefined) ?? []);
          for (const [param, paramSchema] of Object.entries(properties)) {
            parameters.push({ name: param, in: 'query', required: required.has(param), schema: paramSchema });
          }
        }
      }
      const roles =
        reflector.get<string[] | undefined>(REQUIRED_ROLES, handler) ??
        reflector.get<string[] | undefined>(REQUIRED_ROLES, controller);
      const isPublic = reflector.get<boolean | undefined>(IS_PUBLIC, handler);
      // Without @Returns, the status is what the route answers: its @HttpCode, else Nest's default.
      const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
      const status = httpCode ?? (method === 'post' ? 201 : 200);
      const returns = (Reflect.getMetadata(RETURNS, handler) as ReturnsMetadata[] | undefined) ?? [
        { status, description: status === 204 ? 'No Content' : 'OK' },
      ];
      const responses: Record<string, { description: string; content?: Record<string, unknown> }> = {};
      for (const success of returns) {
        const response = (responses[String(success.status)] ??= { description: success.description });
        if (success.schema || success.contentType) {
          response.content = {
            ...response.content,
            [success.contentType ?? 'application/json']: {
              schema: success.schema ? jsonSchema(success.schema, 'output') : { type: 'string' },
            },
          };
        }
      }
      // The problems a route can answer: 400 when it validates input, 403 when it needs a role,
      // 404 when its path names a resource, and what @Problems adds for the route or its controller.
      const validates = Object.values(args).some((arg) => zodPipeOf(arg));
      const problems = new Set<ProblemStatus>([
        ...(validates ? [400 as const] : []),
        ...(roles?.length ? [403 as const] : []),
        ...(namesResource ? [404 as const] : []),
        ...((Reflect.getMetadata(PROBLEMS, controller) as ProblemStatus[] | undefined) ?? []),
        ...((Reflect.getMetadata(PROBLEMS, handler) as ProblemStatus[] | undefined) ?? []),
      ]);
      for (const problem of [...problems].sort()) responses[String(problem)] = problemResponse(problem);
      paths[openApiPath] ??= {};
      paths[openApiPath][method] = {
        operationId: `${service}.${name}`,
        tags: [service],
        ...(roles?.length ? { description: `Needs the realm role ${roles.join(' or ')}.` } : {}),
        ...(isPublic ? { security: [] } : {}),
        parameters,
        ...(requestBody ? { requestBody } : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: `CoLink ${service}`, version: '1' },
    paths,
    components: { schemas: { Problem: PROBLEM_SCHEMA } },
  };
}
