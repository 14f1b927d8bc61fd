// The plan table is read-only with a GET filter form: no client-side code, so no hydration data is sent
// (it would double the size of a page with hundreds of measures).
export const csr = false;
