// The segment table's eye and lock as small SVGs (emoji fonts are missing on many Linux desktops).
const common = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function EyeIcon({ open }: { open: boolean }) {
  return (
    <svg {...common} aria-hidden>
      <path d="M1.5 8 C4 3.5 12 3.5 14.5 8 C12 12.5 4 12.5 1.5 8 Z" />
      {open ? <circle cx={8} cy={8} r={2} fill="currentColor" /> : <path d="M2.5 13.5 L13.5 2.5" />}
    </svg>
  );
}

export function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg {...common} aria-hidden>
      <rect x={3} y={7} width={10} height={7} rx={1} fill={locked ? 'currentColor' : 'none'} />
      <path d={locked ? 'M5 7 V5 a3 3 0 0 1 6 0 V7' : 'M5 7 V5 a3 3 0 0 1 6 0'} />
    </svg>
  );
}
