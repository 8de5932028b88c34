// Every mouse action and key, listed from the shortcut registry that also drives them.
import { gestureOf, shortcutGroups, shortcuts } from '../keys/shortcuts';

export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal help" role="dialog" aria-label="Mouse and keyboard" onClick={(event) => event.stopPropagation()}>
        <h2>Mouse and keyboard</h2>
        <div className="help-groups">
          {shortcutGroups.map((where) => (
            <section key={where}>
              <h3>{where}</h3>
              <dl>
                {shortcuts
                  .filter((entry) => entry.where === where)
                  .map((entry) => (
                    <div key={entry.id} data-shortcut={entry.id}>
                      <dt>{gestureOf(entry)}</dt>
                      <dd>{entry.does}</dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
        </div>
        <button onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
