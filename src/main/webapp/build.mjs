// Bundles the demo page with esbuild into target/classes/webroot, where the node serves it:
// index.html at "/" and the content-hashed app-<hash>.js and app-<hash>.css under "/assets/".
// Hashed names let the node mark assets immutable while index.html is revalidated on every load.
// Run by scripts/build-webapp, which Maven calls in generate-resources.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(sourceDir, '..', '..', '..');
const outputDir = path.join(repoRoot, 'target', 'classes', 'webroot');
const assetsDir = path.join(outputDir, 'assets');

// Old hashed files would otherwise pile up in the jar after each change.
fs.rmSync(assetsDir, { recursive: true, force: true });

const result = await esbuild.build({
  entryPoints: { app: path.join(sourceDir, 'app.js') },
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  metafile: true,
  // sockjs-client reads Node's `global`, which browsers call globalThis.
  define: { global: 'globalThis' },
  logLevel: 'warning',
});

// Finds the output file of the entry point with the given extension, as a URL path.
function assetUrl(extension) {
  const outputs = Object.keys(result.metafile.outputs).filter((file) => file.endsWith(extension));
  if (outputs.length !== 1) {
    throw new Error(`expected one ${extension} output from esbuild, found ${outputs.length}: ${outputs.join(', ')}`);
  }
  return `/assets/${path.basename(outputs[0])}`;
}

const template = fs.readFileSync(path.join(sourceDir, 'index.html'), 'utf8');
const page = template
  .replace('{{APP_CSS}}', assetUrl('.css'))
  .replace('{{APP_JS}}', assetUrl('.js'));
fs.writeFileSync(path.join(outputDir, 'index.html'), page);
