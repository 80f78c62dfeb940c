/** Host permissions the Zotero option asks for, and nothing else (also read by wxt.config.ts). */
export const ZOTERO_ORIGINS = ['http://127.0.0.1:23119/*', 'http://localhost:23119/*'];
