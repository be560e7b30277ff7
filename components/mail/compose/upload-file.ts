import { ApiError } from '../mail-api';

export type UploadedFile = { id: string; filename: string; contentType: string; size: number };

/** Uploads one file for the message being written, reporting progress (fetch cannot report upload progress). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/mail/uploads');
    request.responseType = 'json';
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      const body = request.response as (UploadedFile & { error?: { message?: string; code?: string } }) | null;
      if (request.status >= 200 && request.status < 300 && body) resolve(body);
      else
        reject(
          new ApiError(
            body?.error?.message ?? `The upload failed (${request.status}).`,
            request.status,
            body?.error?.code ?? 'unknown',
          ),
        );
    };
    request.onerror = () =>
      reject(new ApiError('The upload was interrupted. Check your connection and try again.', 0, 'network'));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
