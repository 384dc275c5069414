import { randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import { ParleyError, uploadIdSchema } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import type { ChatContext } from '../../chat/chat-context.js';
import type { UploadRecord } from '../../storage/storage.js';
import type { BlobStore } from '../../uploads/blob-store.js';
import type { StagedFile, UploadStaging } from '../../uploads/upload-staging.js';
import { attachmentBody, attachmentView } from '../../uploads/attachment-view.js';
import { decodedImageTypes, processImage } from '../../uploads/process-image.js';
import type { UploadLimits } from '../../uploads/upload-limits.js';
import { userOf, type Authed } from '../authenticate.js';
import { setMediaCookie } from '../media-cookie.js';

// Room for the multipart boundary and part headers around the file in Content-Length.
const envelopeBytes = 16 * 1024;

/** Types a browser may show inline; anything else (SVG and HTML included) downloads. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/x-wav', 'audio/webm', 'audio/mp4', 'audio/aac', 'audio/flac', 'audio/x-flac']);

/** The description of an upload that travels in replies and messages. */
export function uploadView(u: UploadRecord) {
  return attachmentView(attachmentBody({ ...u, hasThumbnail: u.thumbnailSha256 !== null }));
}

/** POST /api/uploads (streamed, size-checked while it streams) and GET of the file and its thumbnail. */
export async function uploadRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed, staging: UploadStaging, blobs: BlobStore, limits: UploadLimits, publicUrl: URL | null): Promise<void> {
  await app.register(multipart, { limits: { fileSize: limits.fileBytesMax, files: 1, parts: 4, fields: 2, fieldSize: 1024, headerPairs: 50 } });

  app.post('/api/uploads', authed('upload'), async (request, reply) => {
    const user = userOf(request);
    const declared = Number(request.headers['content-length'] ?? NaN);
    // Refused from the header, before one byte of the body is read; the connection closes so the
    // client stops sending.
    if (declared > limits.fileBytesMax + envelopeBytes) refuseEarly(reply, new ParleyError('too_large', `Files may be at most ${limits.fileBytesMax} bytes.`));
    const used = await ctx.storage.uploads.bytesOf(user.id);
    if (used + (Number.isFinite(declared) ? Math.max(0, declared - envelopeBytes) : 0) > limits.quotaBytes) {
      refuseEarly(reply, new ParleyError('quota_exceeded', `Your files may take at most ${limits.quotaBytes} bytes; delete some first.`));
    }
    if (!request.isMultipart()) throw new ParleyError('unsupported_type', 'Send multipart/form-data with one "file" part.');
    let staged: StagedFile;
    let filename: string;
    try {
      const part = await request.file();
      if (!part || part.fieldname !== 'file') throw new ParleyError('invalid_input', 'The form needs one "file" part.', [{ field: 'file', message: 'is required' }]);
      filename = part.filename;
      staged = await staging.stage(part.file);
    } catch (error) {
      if (error instanceof ParleyError) throw error;
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') refuseEarly(reply, new ParleyError('too_large', `Files may be at most ${limits.fileBytesMax} bytes.`));
      // The client went away mid-upload (a cancel): nothing was stored, and it is no server error.
      if (request.raw.destroyed) throw new ParleyError('invalid_input', 'The upload was cut off before its end.');
      // The parser's word for a broken body (a missing boundary, a cut body, a bad part header).
      throw new ParleyError('invalid_input', `The body is not a valid multipart form: ${error instanceof Error ? error.message : 'unreadable'}.`);
    }
    const extra: string[] = [staged.path];
    try {
      if (used + staged.size > limits.quotaBytes) throw new ParleyError('quota_exceeded', `Your files may take at most ${limits.quotaBytes} bytes; delete some first.`);
      // The type comes from the bytes; the client's Content-Type and the name's extension are ignored.
      const type = (await fileTypeFromFile(staged.path))?.mime ?? 'application/octet-stream';
      let file = staged;
      let thumbnail: StagedFile | null = null;
      let size: { width: number; height: number } | null = null;
      if (decodedImageTypes.has(type)) {
        const output = staging.tempPath();
        const thumb = staging.tempPath();
        extra.push(output, thumb);
        size = await processImage(staged.path, output, thumb, limits.imagePixelsMax);
        file = await staging.describe(output);
        thumbnail = await staging.describe(thumb);
      }
      await blobs.put(file);
      if (thumbnail) await blobs.put(thumbnail);
      const record: UploadRecord = {
        id: randomBytes(16).toString('base64url'), ownerId: user.id, roomId: null, seq: null, name: cleanName(filename), type, size: file.size,
        width: size?.width ?? null, height: size?.height ?? null, sha256: file.sha256, thumbnailSha256: thumbnail?.sha256 ?? null, createdAt: new Date().toISOString(),
      };
      await ctx.storage.uploads.createUpload(record);
      return reply.status(201).send({ upload: uploadView(record) });
    } finally {
      for (const path of extra) await staging.discard(path);
    }
  });

  const serve = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, thumbnail: boolean) => {
    const user = userOf(request);
    // Not an id at all (PostgreSQL would refuse a NUL in it): no such file, as for any other.
    const upload = uploadIdSchema.safeParse(request.params.id).success ? await ctx.storage.uploads.findUpload(request.params.id) : null;
    // Unsent: its uploader only. Sent: the room's members now (a leaver loses it; a deleted
    // message or room took the row with it).
    const visible = upload !== null && (upload.roomId === null ? upload.ownerId === user.id : (await ctx.storage.rooms.membership(upload.roomId, user.id)) !== null);
    if (!upload || !visible || (thumbnail && !upload.thumbnailSha256)) throw new ParleyError('upload_not_found', 'No such file.');
    const sha = thumbnail ? upload.thumbnailSha256! : upload.sha256;
    const type = thumbnail ? 'image/webp' : upload.type;
    const size = thumbnail ? await blobs.sizeOf(sha) : upload.size;
    // Even a file that slipped past sniffing cannot run script: sandboxed, never re-sniffed.
    reply.header('Content-Security-Policy', 'sandbox');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'private, max-age=86400');
    reply.header('Accept-Ranges', 'bytes');
    const inline = inlineTypes.has(type);
    reply.header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(upload.name)}`);
    reply.type(type);
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      reply.header('Content-Range', `bytes */${size}`);
      return reply.status(416).send();
    }
    if (range) {
      reply.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`).header('Content-Length', range.end - range.start + 1);
      return reply.status(206).send(await blobs.read(sha, range));
    }
    reply.header('Content-Length', size);
    return reply.send(await blobs.read(sha));
  };
  // Browsers load files in <img>/<video> with the media cookie; every other route wants the header.
  app.get<{ Params: { id: string } }>('/api/uploads/:id', authed('api', { mediaCookie: true }), (request, reply) => serve(request, reply, false));
  app.get<{ Params: { id: string } }>('/api/uploads/:id/thumbnail', authed('api', { mediaCookie: true }), (request, reply) => serve(request, reply, true));
  app.post('/api/uploads/cookie', authed(), async (request, reply) => {
    setMediaCookie(request, reply, request.token!, publicUrl);
    return reply.status(204).send();
  });
}

function refuseEarly(reply: FastifyReply, error: ParleyError): never {
  reply.header('Connection', 'close');
  throw error;
}

/** A file name as shown and downloaded: no path, no control characters, at most 255 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' ? 'file' : clean;
}

/** One `bytes=a-b` range (the form browsers send for seeking); several ranges are served whole. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
