import { z } from 'zod';

export const uuid = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });

/**
 * The consumer's reading of a producer's strict schema: the same fields and rules, but objects at
 * every depth accept and drop fields they do not know, so an event from a newer producer that
 * carries an added optional field is applied by an older consumer instead of being dead-lettered.
 */
export function lenient<S extends z.ZodType>(schema: S): S {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [key, lenient(field)]),
    );
    return z.object(shape) as unknown as S;
  }
  if (schema instanceof z.ZodArray) return z.array(lenient(schema.element as z.ZodType)) as unknown as S;
  if (schema instanceof z.ZodNullable)
    return lenient(schema.unwrap() as z.ZodType).nullable() as unknown as S;
  if (schema instanceof z.ZodOptional)
    return lenient(schema.unwrap() as z.ZodType).optional() as unknown as S;
  return schema;
}
