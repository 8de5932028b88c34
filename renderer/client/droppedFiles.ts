// The files of a drop in the page, dropped folders walked to their files (browser mode uploads files, not folders).

/** A directory's entries come in batches; readEntries answers [] once all are read. */
async function entriesOf(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return entries;
    entries.push(...batch);
  }
}

async function filesUnder(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  if (!entry.isDirectory) return [];
  const nested = await Promise.all((await entriesOf(entry as FileSystemDirectoryEntry)).map(filesUnder));
  return nested.flat();
}

/** The dropped files, those inside dropped folders included. Reads the items at once: they are gone after the drop event. */
export function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry());
  if (entries.some((entry) => !entry)) return Promise.resolve(Array.from(transfer.files));
  return Promise.all(entries.map((entry) => filesUnder(entry!))).then((files) => files.flat());
}
