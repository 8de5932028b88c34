// Saves what a URL serves as a file: the browser downloads it (the desktop app asks where to save it).
export function download(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
}
