import { PipeTransform } from '@nestjs/common';
import { FieldError } from '@colink/contracts';
import { z } from 'zod';
import { ProblemException } from './problem.exception';

function fieldErrors(error: z.ZodError, root = '(body)'): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(','), message: 'is not a known field' };
    }
    return { field: field || root, message: issue.message };
  });
}

/**
 * Validates a body, query or params against a zod schema from the contracts. Wrong types, missing
 * fields and unknown fields all answer 400 with one entry per problem in `errors`.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    readonly schema: S,
    private readonly what = 'request',
    /** The name to report for a scalar value, such as a path parameter. */
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw ProblemException.badRequest(
      `The ${this.what} is not valid.`,
      fieldErrors(result.error, this.field),
    );
  }
}
