import { BadRequestException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from './problem.exception';
import { ProblemFilter } from './problem.filter';
import { ZodPipe } from './zod.pipe';

describe('ProblemFilter', () => {
  const filter = new ProblemFilter();
  // The unexpected-error path logs; keep the test output clean.
  beforeAll(() =>
    jest
      .spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation(() => undefined),
  );

  it('describes a problem the caller caused, with its code and field errors', () => {
    const { body } = filter.toProblem(
      ProblemException.badRequest('The body is not valid.', [{ field: 'name', message: 'is required' }]),
      '/api/v1/channels',
    );
    expect(body).toEqual({
      type: 'https://colink.dev/problems/bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'The body is not valid.',
      instance: '/api/v1/channels',
      errors: [{ field: 'name', message: 'is required' }],
    });
  });

  it('maps Nest HTTP exceptions to their status', () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /nope'), '/nope').body).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'Cannot GET /nope',
    });
    expect(filter.toProblem(new BadRequestException(), '/x').body.status).toBe(400);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token'), {
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
    });
    expect(filter.toProblem(parse, '/x').body).toMatchObject({
      status: 400,
      type: 'https://colink.dev/problems/malformed-json',
    });
    const large = Object.assign(new Error('too large'), {
      type: 'entity.too.large',
      status: 413,
      expose: true,
    });
    expect(filter.toProblem(large, '/x').body.status).toBe(413);
  });

  it('hides an unexpected error behind an error id, with no stack or message', () => {
    const { body } = filter.toProblem(
      new TypeError("Cannot read properties of undefined (reading 'secret')"),
      '/x',
    );
    expect(body.status).toBe(500);
    expect(body.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/secret|TypeError|at /);
  });

  it('passes retry headers along', () => {
    const limited = new ProblemException(429, 'rate-limited', 'Slow down.', undefined, {
      'Retry-After': '3',
    });
    expect(filter.toProblem(limited, '/x').headers).toEqual({ 'Retry-After': '3' });
  });
});

describe('ZodPipe', () => {
  const pipe = new ZodPipe(z.strictObject({ name: z.string().min(1), is_private: z.boolean() }), 'channel');

  it('returns the parsed value', () => {
    expect(pipe.transform({ name: 'general', is_private: false })).toEqual({
      name: 'general',
      is_private: false,
    });
  });

  it('refuses wrong types, missing and unknown fields with one error each', () => {
    try {
      pipe.transform({ is_private: 'yes', colour: 'red' });
      throw new Error('expected a problem');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      const problem = error as ProblemException;
      expect(problem.status).toBe(400);
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'name' }),
          expect.objectContaining({ field: 'is_private' }),
          { field: 'colour', message: 'is not a known field' },
        ]),
      );
    }
  });
});
