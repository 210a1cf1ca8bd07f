import { z } from 'zod';

export const uuid = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });
