import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();
/** 32 random bytes, URL-safe: session cookies, one-time links, API tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url');
/** Tokens are stored only as their SHA-256, so a database leak does not leak usable tokens. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
