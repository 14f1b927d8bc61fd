// The public portal is server-rendered only: no client-side code, it works on any phone and without JavaScript.
export const csr = false;
