/**
 * `salted-md5` and `salted-sha256` (FusionAuth docs, "Password Hashes" → Salted MD5 / Salted SHA-256):
 *
 *   result = passwordUtf8 ‖ base64Decode(salt)      (password first, no separator)
 *   repeat factor times: result = digest(result)
 *   hash = base64(result)
 *
 * The factor is the number of digest rounds (at least one; FusionAuth's default 20 000). FusionAuth's
 * issue #257 confirms the encoding: an unsalted MD5 imports as `salted-md5`, factor 1, salt "", with the
 * hash base64 (not hex) encoded.
 */
import { isIterationCount } from './factors.js';
import { digest, iterate, type DigestAlgorithm } from './iterate.js';
import type { PasswordScheme } from './scheme.js';

/** The salted-digest hash of `password`; exported for its known-answer tests with other digests. */
export async function saltedDigest(algorithm: DigestAlgorithm, password: string, salt: string, rounds: number): Promise<string> {
  const seed = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from(salt, 'base64')]);
  const result = await iterate(seed, rounds, (previous) => digest(algorithm, previous));
  return result.toString('base64');
}

function saltedDigestScheme(name: string, algorithm: DigestAlgorithm): PasswordScheme {
  return {
    name,
    defaultFactor: 20_000,
    hash: (password, salt, factor) => saltedDigest(algorithm, password, salt, factor),
    isValidFactor: isIterationCount,
  };
}

export const saltedMd5 = saltedDigestScheme('salted-md5', 'md5');
export const saltedSha256 = saltedDigestScheme('salted-sha256', 'sha256');
