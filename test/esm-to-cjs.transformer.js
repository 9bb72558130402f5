// Jest transform for the ES-module-only packages Nest 12 brings (see jest.config.js). It turns their ESM into
// CommonJS so Jest's runtime on Node 20 can load them; `import.meta.url` becomes the file's own URL.
const ts = require('typescript');
const { createHash } = require('node:crypto');

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha1').update('esm-to-cjs-v4').update(path).update(source).digest('hex');
  },
  process(source, path) {
    // A module-level `createRequire(import.meta.url)` becomes Jest's own `require`, so every package stays in
    // Jest's one module registry.
    const patched = source
      .replace(/createRequire\(import\.meta\.url\)/g, 'require')
      .replace(/^\s*const require = require;\s*$/m, '')
      .replace(/\bimport\.meta\.resolve\(/g, 'require.resolve(')
      .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
      .replace(/\bimport\.meta\.filename\b/g, '__filename')
      .replace(/\bimport\.meta\.url\b/g, 'require("node:url").pathToFileURL(__filename).href');
    const out = ts.transpileModule(patched, {
      fileName: path,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2023,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    return { code: out.outputText };
  },
};
