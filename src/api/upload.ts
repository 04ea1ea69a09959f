/**
 * Photo and document uploads. h5 (and weapp pointed at an HTTPS server): multipart `POST /api/upload`, answered
 * `{ ok, data: { id } }`. weapp on CloudBase: `Taro.cloud.uploadFile` to a path the app chooses (no openid in it),
 * answered with a fileID, which the app then notes to the function (`noteUploads`): the function records it (its
 * size read from storage), holds the per-person upload quota (refused: the file is deleted and the upload fails
 * with the function's sentence) and can later remove it when no report uses it. The server checks that the caller
 * uploaded a file before a report may use it.
 */
import Taro from '@tarojs/taro';
import type { ApiResult } from '../../core/api/contract';
import { zh } from '../i18n/zh-CN';
import { ApiError } from './errors';
import { API_BASE, authHeader, call, callCloudRuntime, ensureCloud, usesCloud } from './transport';

export type UploadProgress = (percent: number) => void;

/** What an uploaded file is known by: the server's id (h5) or the cloud fileID (weapp). */
export interface Uploaded {
  id: string;
  /** A signed URL to show it (server uploads); cloud files are shown from the local path. */
  url?: string;
}

function randomName(ext: string): string {
  const d = new Date();
  const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  return `${day}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.${ext}`;
}

function parseUploadResult(raw: unknown): Uploaded {
  let body: ApiResult<{ id: string; url?: string }> | null = null;
  try {
    body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ApiResult<{ id: string; url?: string }>;
  } catch {
    throw new ApiError('BAD_RESPONSE', zh.error.uploadFailed);
  }
  if (!body || typeof body !== 'object') throw new ApiError('BAD_RESPONSE', zh.error.uploadFailed);
  if (!body.ok) throw new ApiError(body.error.code, body.error.message || zh.error.uploadFailed);
  return { id: body.data.id, url: body.data.url };
}

/** Browser: a File from an `<input type=file>`, sent with XMLHttpRequest so progress can be shown. */
function uploadBlobH5(file: Blob, fileName: string, onProgress?: UploadProgress): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/api/upload`);
    const headers = authHeader();
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      try {
        resolve(parseUploadResult(xhr.responseText));
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', zh.error.network));
    const form = new FormData();
    form.append('file', file, fileName);
    xhr.send(form);
  });
}

/** Mini program to an HTTPS server: `path` is the route (`/api/upload`, `/api/uploadDocument?…`). */
function uploadPathHttps(path: string, filePath: string, onProgress?: UploadProgress): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const task = Taro.uploadFile({
      url: `${API_BASE}${path}`,
      filePath,
      name: 'file',
      header: authHeader(),
      success: (res) => {
        try {
          resolve(parseUploadResult(res.data));
        } catch (err) {
          reject(err);
        }
      },
      fail: () => reject(new ApiError('NETWORK', zh.error.network)),
    });
    task.onProgressUpdate((p) => onProgress?.(p.progress));
  });
}

/** Mini program to CloudBase storage. */
let prefix: Promise<string> | null = null;

/** The caller's upload folder, asked once per launch. */
function uploadFolder(): Promise<string> {
  if (!prefix) {
    prefix = callCloudRuntime<{ prefix: string }>('uploadPrefix').then((r) => r.prefix);
    prefix.catch(() => {
      prefix = null;
    });
  }
  return prefix;
}

async function uploadPathCloud(
  filePath: string,
  folder: string,
  ext: string,
  onProgress?: UploadProgress,
): Promise<Uploaded> {
  ensureCloud();
  const base = await uploadFolder();
  const fileID = await new Promise<string>((resolve, reject) => {
    const task = Taro.cloud.uploadFile({
      cloudPath: `${base}${folder}/${randomName(ext)}`,
      filePath,
      success: (res) => resolve(res.fileID),
      fail: () => reject(new ApiError('NETWORK', zh.error.network)),
    });
    task.onProgressUpdate((p) => onProgress?.(p.progress));
  });
  // the function learns of it only so; a refusal (quota, size) comes with its sentence and the file is gone
  await call('noteUploads', { fileIds: [fileID] });
  return { id: fileID };
}

/** A photo: on h5 a File (Blob), on weapp a local temp path. */
export type LocalPhoto = { kind: 'blob'; blob: Blob; name: string } | { kind: 'path'; path: string };

export function uploadPhoto(photo: LocalPhoto, onProgress?: UploadProgress): Promise<Uploaded> {
  if (photo.kind === 'blob') return uploadBlobH5(photo.blob, photo.name, onProgress);
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(photo.path)?.[1]?.toLowerCase() ?? 'jpg';
  return usesCloud
    ? uploadPathCloud(photo.path, 'photos', ext, onProgress)
    : uploadPathHttps('/api/upload', photo.path, onProgress);
}

/**
 * A table to import, picked on weapp from a chat (`chooseMessageFile`): its fileID (cloud storage, or the
 * server's `POST /api/uploadDocument`), to pass to importPlan.
 */
export function uploadImportFile(path: string, fileName: string): Promise<Uploaded> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'bin';
  if (usesCloud) return uploadPathCloud(path, 'imports', ext);
  return uploadPathHttps(`/api/uploadDocument?fileName=${encodeURIComponent(fileName)}`, path);
}
