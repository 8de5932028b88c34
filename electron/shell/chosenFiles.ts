// What the user chose in the page: files dropped on it or picked in its <input type="file">. The preload reads
// them from the DOM events themselves, so page script cannot forge a choice: events it dispatches are not
// trusted, and a File it builds has no path on disk.

/** The one ipcRenderer.send channel (never invoke: the page's bridge can reach only invoke handlers). */
export const FILES_CHOSEN_CHANNEL = 'voxbench:files-chosen';

/** The DOM events that carry a user's choice of files. */
export const choosingEvents = ['drop', 'change'] as const;

interface ChoosingEvent {
  type: string;
  isTrusted: boolean;
  dataTransfer?: { files: ArrayLike<File> } | null;
  target?: unknown;
}

function inputFiles(target: unknown): ArrayLike<File> {
  const input = target as { type?: unknown; files?: ArrayLike<File> | null } | null;
  return input?.type === 'file' && input.files ? input.files : [];
}

/** The folder several paths all lie directly in, if they do: a series chosen file by file opens as that folder. */
function sharedParent(paths: string[]): string[] {
  const parents = new Set(paths.map((path) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')))));
  const [parent] = parents;
  return paths.length > 1 && parents.size === 1 && parent ? [parent] : [];
}

/** Paths on disk of the files a trusted drop or file-input change carries (and their one folder); [] for anything else. */
export function chosenPaths(event: ChoosingEvent, pathForFile: (file: File) => string): string[] {
  if (!event.isTrusted) return [];
  const files = event.type === 'drop' ? (event.dataTransfer?.files ?? []) : event.type === 'change' ? inputFiles(event.target) : [];
  const paths = Array.from(files, pathForFile).filter((path) => path !== '');
  return [...paths, ...sharedParent(paths)];
}
