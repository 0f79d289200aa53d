import { MAX_FILES_PER_DROP } from './intake-plan';

/** Folder levels followed inside a dropped folder: deeper trees are not evidence anyone drops on purpose. */
export const MAX_FOLDER_DEPTH = 16;

/**
 * Files of a drop, including the contents of dropped folders (through the entries API, since DataTransfer.files
 * lists a folder as one empty item). Bounded by `MAX_FILES_PER_DROP` and `MAX_FOLDER_DEPTH`.
 */
export async function filesFromDataTransfer(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (!entries.some((entry) => entry.isDirectory)) return [...transfer.files].slice(0, MAX_FILES_PER_DROP + 1);
  const files: File[] = [];
  for (const entry of entries) await collect(entry, files, 0);
  return files;
}

async function collect(entry: FileSystemEntry, into: File[], depth: number): Promise<void> {
  if (into.length > MAX_FILES_PER_DROP) return;
  if (entry.isFile) {
    into.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory || depth >= MAX_FOLDER_DEPTH) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the listing in pages; an empty page ends it.
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!page.length || into.length > MAX_FILES_PER_DROP) return;
    for (const child of page) await collect(child, into, depth + 1);
  }
}
