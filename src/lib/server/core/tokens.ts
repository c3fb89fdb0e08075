import { createHash, randomBytes } from 'node:crypto';

/** A random token with 256 bits of entropy, URL-safe. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256 digest. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('base64url');
}
