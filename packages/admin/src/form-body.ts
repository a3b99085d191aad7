import { BadInput } from './bad-input.js';

/** Larger form posts are refused: the console's forms are a few short fields. */
export const MAX_FORM_BYTES = 16 * 1024;

/** Thrown for a body over {@link MAX_FORM_BYTES}; answered with 413. */
export class FormTooLarge extends Error {
  override readonly name = 'FormTooLarge';
}

/**
 * Reads an `application/x-www-form-urlencoded` body, stopping as soon as it passes the limit
 * (a declared `Content-Length` is not trusted to be honest).
 */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new BadInput('the form must be sent as application/x-www-form-urlencoded.');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_FORM_BYTES) throw new FormTooLarge();
  if (request.body === null) return new URLSearchParams();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      throw new FormTooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new URLSearchParams(new TextDecoder().decode(bytes));
}

/** A form field: trimmed text, or `null` when absent or empty; over `maxLength` is a {@link BadInput}. */
export function formField(form: URLSearchParams, name: string, maxLength: number): string | null {
  const value = form.get(name)?.trim() ?? '';
  if (value.length > maxLength) throw new BadInput(`${name} is longer than ${maxLength} characters.`);
  return value === '' ? null : value;
}
