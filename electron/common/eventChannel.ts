/** The IPC channel that carries every event stream from the main side to the page. */
export const EVENT_CHANNEL = 'voxbench:event';
