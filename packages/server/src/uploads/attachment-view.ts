import type { Attachment } from '@parley/protocol';

/**
 * An attachment as a message event's body keeps it: the upload's description at the time it was
 * sent (uploads never change). URLs are not stored: they are made when the frame is built.
 */
export interface AttachmentBody {
  id: string;
  name: string;
  type: string;
  size: number;
  width?: number;
  height?: number;
  /** Whether a thumbnail exists (decoded images). */
  thumbnail?: true;
}

/** The facts of an upload a description is made from (an UploadRecord or the commit's UploadFacts). */
export interface UploadDescribed {
  id: string;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

export function attachmentBody(u: UploadDescribed): AttachmentBody {
  return {
    id: u.id, name: u.name, type: u.type, size: u.size,
    ...(u.width !== null && u.height !== null ? { width: u.width, height: u.height } : {}),
    ...(u.hasThumbnail ? { thumbnail: true as const } : {}),
  };
}

/** The wire description: what POST /api/uploads answers and what messages carry. */
export function attachmentView(a: AttachmentBody): Attachment {
  return {
    id: a.id, name: a.name, type: a.type, size: a.size,
    ...(a.width !== undefined && a.height !== undefined ? { width: a.width, height: a.height } : {}),
    url: `/api/uploads/${a.id}`,
    ...(a.thumbnail ? { thumbnailUrl: `/api/uploads/${a.id}/thumbnail` } : {}),
  };
}
