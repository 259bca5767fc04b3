// Content scripts cannot be ES modules in the manifest; this classic script loads the
// module graph from the extension's own files (listed as web-accessible for the
// supported sites only).
(async () => {
  const api = globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome;
  try {
    const { main } = await import(api.runtime.getURL('src/content/main.js'));
    await main();
  } catch (err) {
    console.error('otklik: the overlay could not start', err);
  }
})();
