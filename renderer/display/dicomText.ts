// DICOM values as a radiology viewer shows them: person names without carets, dates with dashes.

/** "DOE^JOHN^^^" → "DOE, JOHN" (family name first, as written). */
export function formatPersonName(name: string | undefined): string {
  if (!name) return '';
  const [family = '', given = '', middle = ''] = name.split('^');
  return [family, [given, middle].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** "20040119" → "2004-01-19"; anything else as it is. */
export function formatDicomDate(date: string | undefined): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : (date ?? '');
}
