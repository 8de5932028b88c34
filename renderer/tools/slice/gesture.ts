// A pointer gesture in a view as a small state machine, idle → dragging → idle, as tldraw's tools are: the
// button (from the shortcut registry) picks the tool when the pointer goes down, the tool owns the drag until
// that pointer comes up. Pure: no DOM, tested with plain objects.
import { dragToolFor, type DragToolId } from '../../keys/shortcuts';

export interface Point {
  x: number;
  y: number;
}

export interface PointerInput extends Point {
  pointerId: number;
  button: number;
  shiftKey: boolean;
}

/** One drag of a tool; the tool keeps what it needs from where the drag started. */
export interface Drag {
  move(at: Point): void;
  end?(): void;
}

export interface DragTool<Context> {
  /** The registry entry that starts it, or the measuring tool that stands in for the left button's. */
  id: DragToolId | string;
  begin(context: Context, at: Point): Drag;
}

type State = { name: 'idle' } | { name: 'dragging'; tool: DragToolId; pointerId: number; drag: Drag };

export class Gesture<Context> {
  private state: State = { name: 'idle' };

  constructor(private readonly tools: Record<DragToolId, DragTool<Context>>) {}

  /** The tool dragging now, if any. */
  get dragging(): DragToolId | undefined {
    return this.state.name === 'dragging' ? this.state.tool : undefined;
  }

  /** Starts the tool bound to the button; true when a drag started (the caller captures the pointer). */
  down(input: PointerInput, context: Context): boolean {
    if (this.state.name !== 'idle') return false;
    const tool = dragToolFor(input);
    if (!tool) return false;
    this.state = { name: 'dragging', tool, pointerId: input.pointerId, drag: this.tools[tool].begin(context, input) };
    return true;
  }

  /** Moves the drag; false when idle (the move is then a hover). */
  move(input: PointerInput): boolean {
    if (this.state.name !== 'dragging' || input.pointerId !== this.state.pointerId) return false;
    this.state.drag.move(input);
    return true;
  }

  up(input: Pick<PointerInput, 'pointerId'>): void {
    if (this.state.name !== 'dragging' || input.pointerId !== this.state.pointerId) return;
    const { drag } = this.state;
    this.state = { name: 'idle' };
    drag.end?.();
  }
}
