/**
 * Password hashing schemes, by FusionAuth's names (`salted-pbkdf2-hmac-sha256`, `bcrypt`, …), so that
 * hashes imported from FusionAuth verify here and ours verify there. A scheme turns a plain-text
 * password, a salt and a factor into the encoded hash FusionAuth stores; the registry is open:
 * new schemes are added to the list in `index.ts`, nothing else changes.
 *
 * Hashing is CPU-heavy, so every scheme must be asynchronous (libuv thread pool, native async
 * bindings, or iterations run in short slices between which the event loop runs) and never block
 * the event loop for long.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface PasswordScheme {
  /** FusionAuth's `encryptionScheme` value. */
  readonly name: string;
  /** The factor used when neither the request nor the tenant names one for this scheme. */
  readonly defaultFactor: number;
  /** The encoded hash of `password` with `salt` and `factor`, exactly as FusionAuth encodes it. */
  hash(password: string, salt: string, factor: number): Promise<string>;
  /** Whether `factor` is usable with this scheme (default: a positive integer). */
  isValidFactor?(factor: number): boolean;
  /** A fresh salt in this scheme's encoding (default: 32 random bytes, base64, as FusionAuth's encryptors). */
  generateSalt?(): string;
  /**
   * Whether `salt` is in this scheme's salt encoding (default: base64, FusionAuth's
   * `PasswordEncryptor.validateSalt`). bcrypt and phpass salts use their own alphabets.
   */
  isValidSalt?(salt: string): boolean;
}

/** What the users table keeps of a password: never the password itself. */
export interface StoredPassword {
  readonly hash: string;
  /** In the scheme's salt encoding (base64 for most; bcrypt and phpass use their own alphabets). */
  readonly salt: string;
  readonly scheme: string;
  readonly factor: number;
}

export interface PasswordSchemes {
  get(name: string): PasswordScheme | undefined;
  names(): string[];
  /** Whether `factor` may be used with the named (known) scheme. */
  isValidFactor(name: string, factor: number): boolean;
  /** Whether `salt` is in the named (known) scheme's salt encoding. */
  isValidSalt(name: string, salt: string): boolean;
  /** Hashes `password` with a fresh random salt; the scheme must be registered. */
  hash(password: string, scheme: string, factor: number): Promise<StoredPassword>;
  /**
   * True when `password` hashes to `stored.hash`; compared in constant time. False for unknown
   * schemes and for stored salts or factors the scheme cannot use (a malformed import never matches).
   */
  verify(password: string, stored: StoredPassword): Promise<boolean>;
}

/** FusionAuth's salts are base64 text; 32 random bytes, as its own encryptors generate. */
export const generateSalt = (): string => randomBytes(32).toString('base64');

/**
 * Strict base64 (RFC 4648 alphabet, optional padding, no stray characters), as Java's
 * `Base64.getDecoder()` accepts it. The empty string is a valid (empty) salt: seed 001, Import Users,
 * "Empty string is allowed".
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
export const isBase64 = (value: string): boolean => BASE64.test(value);

const positiveInteger = (factor: number): boolean => Number.isInteger(factor) && factor > 0;

export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the work the same either way.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export function createPasswordSchemes(schemes: readonly PasswordScheme[]): PasswordSchemes {
  const byName = new Map(schemes.map((scheme) => [scheme.name, scheme]));
  const require = (name: string): PasswordScheme => {
    const scheme = byName.get(name);
    if (scheme === undefined) throw new Error(`Unknown password scheme [${name}]`);
    return scheme;
  };
  const factorOk = (scheme: PasswordScheme, factor: number): boolean =>
    scheme.isValidFactor ? scheme.isValidFactor(factor) : positiveInteger(factor);
  const saltOk = (scheme: PasswordScheme, salt: string): boolean =>
    scheme.isValidSalt ? scheme.isValidSalt(salt) : isBase64(salt);
  return {
    get: (name) => byName.get(name),
    names: () => [...byName.keys()],
    isValidFactor(name, factor) {
      const scheme = byName.get(name);
      return scheme !== undefined && factorOk(scheme, factor);
    },
    isValidSalt(name, salt) {
      const scheme = byName.get(name);
      return scheme !== undefined && saltOk(scheme, salt);
    },
    async hash(password, name, factor) {
      const scheme = require(name);
      if (!factorOk(scheme, factor)) throw new RangeError(`Invalid factor [${factor}] for the password scheme [${name}]`);
      const salt = scheme.generateSalt ? scheme.generateSalt() : generateSalt();
      return { hash: await scheme.hash(password, salt, factor), salt, scheme: name, factor };
    },
    async verify(password, stored) {
      const scheme = byName.get(stored.scheme);
      if (scheme === undefined || !factorOk(scheme, stored.factor) || !saltOk(scheme, stored.salt)) return false;
      return constantTimeEquals(await scheme.hash(password, stored.salt, stored.factor), stored.hash);
    },
  };
}
