/**
 * Public keys as the JWT public-key API publishes them (docs: apis/jwt/retrieve-public-keys): the PEM
 * the Key Master holds for each RSA, EC or Ed25519 key, keyed by `kid`. HMAC keys and Secrets have no
 * public half and never appear. Added for the JWT API (issue 3), next to `material.ts`.
 */
import type { KeyInfo, KeyStore } from './store.js';

export interface PublicKeyDirectory {
  /** `kid` → PEM of every asymmetric key that has a public key. */
  all(): Promise<Record<string, string>>;
  /** The PEM of the key with this id, if it is asymmetric. */
  byId(id: string): Promise<string | undefined>;
  /** The PEM of the key with this `kid`, if it is asymmetric. */
  byKid(kid: string): Promise<string | undefined>;
}

const publicPem = (key: KeyInfo | undefined): string | undefined =>
  key !== undefined && (key.type === 'RSA' || key.type === 'EC' || key.type === 'OKP') ? key.publicKey : undefined;

export function createPublicKeyDirectory(keys: KeyStore): PublicKeyDirectory {
  return {
    async all() {
      const out: Record<string, string> = {};
      for (const key of await keys.list()) {
        const pem = publicPem(key);
        if (pem !== undefined) out[key.kid] = pem;
      }
      return out;
    },
    byId: async (id) => publicPem((await keys.find(id))?.key),
    byKid: async (kid) => publicPem((await keys.findByKid(kid))?.key),
  };
}
