import { Hono } from 'hono';
import { invalidRequest } from '../../errors/api-error.ts';
import { fileObjectWire } from '../../service/files/file-wire.ts';
import { fileNotFound } from '../../service/files/load-file-image.ts';
import { type FileUpload, uploadFile } from '../../service/files/upload-file.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { fileBytes, readFormData } from './images-multipart.ts';

/** OpenAI's list bounds: 1 to 10,000 files a page, 10,000 by default. */
const MAX_LIST_LIMIT = 10_000;
/** `expires_after[seconds]` as openai-node and curl's `-F` send nested fields. */
const NESTED_FIELD = /^([a-z_]+)\[([a-z_]+)\]$/;

/** The Files API for images: upload, list, retrieve, download, delete; every id scoped to the calling key. */
export function filesRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const owner = (context: { get(key: 'principal'): { keyId: string | null } }) => context.get('principal').keyId;

  app.post('/', async (context) => {
    const file = await uploadFile(await readFileForm(await readFormData(context)), services, owner(context));
    return context.json(fileObjectWire(file));
  });

  app.get('/', async (context) => {
    const limit = Number(context.req.query('limit') ?? MAX_LIST_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw invalidRequest(`limit must be an integer between 1 and ${MAX_LIST_LIMIT}.`, 'limit', 'invalid_value');
    }
    const order = context.req.query('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw invalidRequest(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
    const page = await services.files.list(owner(context), { limit, order, purpose: context.req.query('purpose'), after: context.req.query('after') });
    const data = page.data.map(fileObjectWire);
    return context.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.hasMore });
  });

  app.get('/:file_id', async (context) => {
    const id = context.req.param('file_id');
    const file = await services.files.get(id, owner(context));
    if (file === undefined) throw fileNotFound(id, 'file_id');
    return context.json(fileObjectWire(file));
  });

  app.get('/:file_id/content', async (context) => {
    const id = context.req.param('file_id');
    const found = await services.files.read(id, owner(context));
    if (found === undefined) throw fileNotFound(id, 'file_id');
    return new Response(new Uint8Array(found.content), {
      headers: { 'content-type': found.file.contentType, 'content-length': String(found.content.byteLength), 'x-content-type-options': 'nosniff' },
    });
  });

  app.delete('/:file_id', async (context) => {
    const id = context.req.param('file_id');
    if (!(await services.files.delete(id, owner(context)))) throw fileNotFound(id, 'file_id');
    return context.json({ id, object: 'file', deleted: true });
  });

  return app;
}

/** The upload form: `file`, text fields as strings, `expires_after[seconds]` nested and typed. */
async function readFileForm(form: FormData): Promise<FileUpload> {
  // No prototype: a field named `__proto__[x]` becomes an own (unknown) field, never Object.prototype.
  const fields = Object.create(null) as Record<string, unknown>;
  let file: FileUpload['file'];
  for (const [name, value] of form.entries()) {
    if (name === 'file') {
      file = { data: await fileBytes(value, 'file'), filename: typeof value === 'string' ? 'file' : value.name || 'file' };
      continue;
    }
    if (typeof value !== 'string') throw invalidRequest(`Invalid type for '${name}': expected a text field, but got a file upload instead.`, name, 'invalid_type');
    const nested = NESTED_FIELD.exec(name);
    if (nested === null) {
      fields[name] = value;
      continue;
    }
    const [, outer = '', inner = ''] = nested;
    const existing = fields[outer];
    const group = (typeof existing === 'object' && existing !== null ? existing : Object.create(null)) as Record<string, unknown>;
    fields[outer] = group;
    group[inner] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return { fields, file };
}
