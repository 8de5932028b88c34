import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * An element's size in CSS pixels, following its resizes; at least 1 × 1. The update is rendered before the
 * browser paints, so overlays and cameras never show a frame computed for the old size after a layout change.
 */
export function useElementSize(element: React.RefObject<HTMLElement | null>): [number, number] {
  const [size, setSize] = useState<[number, number]>([1, 1]);
  useEffect(() => {
    const observer = new ResizeObserver(() =>
      flushSync(() => setSize([element.current!.clientWidth || 1, element.current!.clientHeight || 1])),
    );
    observer.observe(element.current!);
    return () => observer.disconnect();
  }, [element]);
  return size;
}
