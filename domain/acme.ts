/** Let's Encrypt's ACME v2 directories. Staging has generous rate limits and an untrusted root. */
export const LETSENCRYPT_SERVERS = {
    staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
    production: "https://acme-v02.api.letsencrypt.org/directory",
} as const;
export type LetsEncryptEnvironment = keyof typeof LETSENCRYPT_SERVERS;
export const LETSENCRYPT_ENVIRONMENTS = Object.keys(LETSENCRYPT_SERVERS) as LetsEncryptEnvironment[];
