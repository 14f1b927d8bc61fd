// Administration pages are plain forms and tables: served without client-side code.
export const csr = false;
