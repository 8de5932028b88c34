// A slice view's WebGL pipeline is made once the page's first slices are on screen (drawn on 2D canvases:
// canvasSlice.ts), or at once for an oblique plane, which only WebGL draws: in software GL a context costs ~300 ms of
// the page's thread, and the host's slice reads share the machine's cores with it.
import { useEffect, useState, type RefObject } from 'react';
import { slicesShown } from '../../state/volumes';
import { SlicePipeline } from './slicePipeline';

/** The view's pipeline once made, and whether it has drawn a slice (the 2D canvas hides then). */
export function useSlicePipeline(container: RefObject<HTMLDivElement | null>, name: string, { volumeId, oblique }: { volumeId?: string; oblique: boolean }): { pipeline?: SlicePipeline; drawn: boolean } {
  const [wanted, setWanted] = useState(false);
  const [pipeline, setPipeline] = useState<SlicePipeline>();
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    if (wanted || !(volumeId || oblique)) return;
    if (oblique) return setWanted(true);
    let current = true;
    void slicesShown().then(() => current && setWanted(true));
    return () => void (current = false);
  }, [wanted, volumeId, oblique]);

  useEffect(() => {
    if (!wanted) return;
    let created: SlicePipeline | undefined;
    // A task of its own per view: the three contexts made in one task would hold the page three times as long.
    const timer = setTimeout(() => setPipeline((created = new SlicePipeline(container.current!, name, () => setDrawn(true)))));
    return () => {
      clearTimeout(timer);
      created?.dispose();
    };
  }, [wanted, container, name]);

  return { pipeline, drawn };
}
