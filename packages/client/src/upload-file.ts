import { ParleyError, isErrorCode, type Upload, type UploadReply } from '@parley/protocol';

export interface UploadFileOptions {
  /** Called with bytes sent so far and the total, as the body goes out (XHR) or at start and end (fetch). */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting cancels the upload; the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * Uploads one file (POST /api/uploads) and resolves with its description; failures reject with
 * the server's ParleyError (too_large, unsupported_type, quota_exceeded, rate_limited, ...).
 * Browsers go through XMLHttpRequest, the one API that reports upload progress; elsewhere fetch.
 */
export async function uploadFile(baseUrl: string, token: string, file: Blob, name: string, options: UploadFileOptions = {}): Promise<Upload> {
  const form = new FormData();
  form.append('file', file, name);
  const url = `${baseUrl.replace(/\/$/, '')}/api/uploads`;
  const answer = typeof XMLHttpRequest === 'function' ? await viaXhr(url, token, form, file.size, options) : await viaFetch(url, token, form, file.size, options);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new ParleyError('internal', `The server answered ${answer.status} without a readable body.`);
  }
  if (answer.status === 201) return (body as UploadReply).upload;
  const error = (body as { error?: { code?: unknown; message?: string } }).error;
  throw new ParleyError(isErrorCode(error?.code) ? error.code : 'internal', error?.message ?? `Upload failed (${answer.status}).`);
}

function viaXhr(url: string, token: string, form: FormData, total: number, options: UploadFileOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : total);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    // A refused upload (too_large) may close the connection before the body is sent.
    xhr.onerror = () => (xhr.status ? resolve({ status: xhr.status, text: xhr.responseText }) : reject(new ParleyError('unavailable', 'The upload did not reach the server.')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (options.signal?.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

async function viaFetch(url: string, token: string, form: FormData, total: number, options: UploadFileOptions): Promise<Answer> {
  options.onProgress?.(0, total);
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, ...(options.signal ? { signal: options.signal } : {}) });
  const text = await response.text();
  if (response.status === 201) options.onProgress?.(total, total);
  return { status: response.status, text };
}
