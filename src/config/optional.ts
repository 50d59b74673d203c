import { z } from 'zod';

/** Empty strings count as unset, so a copied .env.example with blank values behaves like a missing variable. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/** A timeout in milliseconds, from 1 s to 5 minutes, `fallback` when unset. */
export const timeoutMs = (fallback: number) =>
  optional(
    z.coerce
      .number({ error: 'expected a number of milliseconds, such as 20000' })
      .int({ error: 'expected a whole number of milliseconds, such as 20000' })
      .min(1_000, { error: 'expected at least 1000 (milliseconds)' })
      .max(300_000, { error: 'expected at most 300000 (milliseconds)' })
      .default(fallback),
  );
