// Plain forms, no client-side code needed: no hydration, nothing to download.
export const csr = false;
