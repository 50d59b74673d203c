import { z } from 'zod';

/** Empty strings count as unset, so a copied .env.example with blank values behaves like a missing variable. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
