/**
 * Factor ranges. FusionAuth accepts any factor from 1 to Java's Integer.MAX_VALUE for every scheme but
 * bcrypt (4–30, a log2 cost); this server caps iteration counts lower so that one request cannot
 * occupy a hashing thread (or, for the digest schemes, the event loop's slices) for minutes.
 */

/** The largest iteration count accepted by the iterating schemes (PBKDF2, salted digests, phpass). */
export const MAX_ITERATIONS = 10_000_000;

/** Java's Integer.MAX_VALUE: FusionAuth's upper bound where the factor costs nothing (HMAC). */
export const MAX_JAVA_INT = 2_147_483_647;

export const isIterationCount = (factor: number): boolean => Number.isInteger(factor) && factor >= 1 && factor <= MAX_ITERATIONS;

export const isIntegerBetween = (factor: number, min: number, max: number): boolean =>
  Number.isInteger(factor) && factor >= min && factor <= max;
