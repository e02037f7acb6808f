// The page's three files, read once at start: no build step, nothing fetched from elsewhere.
// Only these names are served, so no path from the URL ever reaches the file system.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'koa';
import { NotFoundError } from '../lib/errors';

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export interface PageFiles {
  serve(ctx: Context, name: string): void;
}

export function loadPageFiles(dir = join(__dirname, 'page')): PageFiles {
  const files = new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(join(dir, name)) }]));
  return {
    serve(ctx, name) {
      const file = files.get(name);
      if (!file) throw new NotFoundError(`no sandbox file ${name}`);
      ctx.type = file.type;
      ctx.body = file.body;
    },
  };
}
