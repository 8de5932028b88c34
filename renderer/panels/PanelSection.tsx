// A collapsible section of the right column, as in 3D Slicer's module panel: open at start, its title folds it.
// Folded, its panel stays mounted (its keys keep working); only its content is hidden.
export function PanelSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <details className="panel-section" open>
      <summary>{title}</summary>
      {children}
    </details>
  );
}
