// A network interface's name as an option or parameter may give it, checked so that it needs no quoting anywhere.
import * as z from '../events/zod.js';

/** An interface name: 1 to 15 bytes (IFNAMSIZ 16 with its NUL), of characters that need no quoting anywhere. */
export const ifaceSchema = z.string().check(
  z.minLength(1, 'must name an interface'),
  z.maxLength(15, 'must be at most 15 characters (IFNAMSIZ)'),
  z.regex(/^[A-Za-z0-9_.@-]+$/, 'may hold only letters, digits and _ . @ -'),
  z.refine((name) => name !== '.' && name !== '..', 'must not be . or ..'),
);
