// What scripts/build-js.mjs bundles js-glue with, shared with bench/lib/sizes.mjs (whose
// per-module breakdown must describe the same bytes): the browser targets and the CSS plugin.
import { transform } from 'esbuild';
import { readFileSync } from 'node:fs';

export const TARGET = ['chrome100', 'firefox100', 'safari15'];

// CSS imported by a bundle is minified by esbuild's CSS transform, then embedded as a string.
export const minifiedCss = {
  name: 'minified-css',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true, target: TARGET, sourcefile: args.path });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};
