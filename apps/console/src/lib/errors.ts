import { ElMessage } from 'element-plus';

/** A refusal shown as the API words it (problem details: title, detail, the field it names). */
export function showError(error: unknown): void {
  const e = error as { title?: string; detail?: string; field?: string; message?: string };
  const text = [e.title ?? e.message, e.detail, e.field ? `(${e.field})` : ''].filter(Boolean).join(' — ');
  ElMessage({ type: 'error', message: text || String(error), showClose: true });
}

export function download(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
