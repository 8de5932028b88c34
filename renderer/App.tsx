import { useEffect, useRef, useState } from 'react';
import { CandidatePicker } from './panels/CandidatePicker';
import { FilesPanel } from './panels/FilesPanel';
import { HelpOverlay } from './panels/HelpOverlay';
import { MeasurementsPanel } from './panels/MeasurementsPanel';
import { SyncPanel } from './panels/SyncPanel';
import { SegmentsPanel } from './panels/SegmentsPanel';
import { InferencePanel } from './panels/InferencePanel';
import { PacsPanel } from './panels/PacsPanel';
import { JobsPanel } from './panels/JobsPanel';
import { PanelSection } from './panels/PanelSection';
import { ViewerPanel } from './panels/ViewerPanel';
import { ViewActions } from './panels/ViewActions';
import { VolumeInfoBar } from './panels/VolumeInfoBar';
import { useLayout } from './state/layout';
import { useAnnotations } from './state/annotations';
import { useView } from './state/view';
import { useVolumes } from './state/volumes';
import { useOneLeftTool } from './tools/slice/leftButton';
import { saveScreenshot } from './actions/screenshot';
import { autoWindow, fullRange } from './actions/windowActions';
import { useShortcut, useShortcutKeys } from './keys/useShortcut';
import { layouts, viewAreas, viewIds, type ViewId } from './geometry/layouts';
import { liveView } from './state/liveViews';
import { sliceFrame, stepAlong } from './geometry/sliceGeometry';
import { ThreeDCell } from './views/surface/surfaceCell';
import { SliceView } from './views/slice/SliceView';
import { ErrorList } from './panels/ErrorList';
import { client } from './client/client';
import { droppedFiles } from './client/droppedFiles';
import { mark } from './state/timeline';

/** Moves the crosshair through the slice view under the mouse (Slicer's habit for the arrow keys). */
function stepHoveredView(slices: number): void {
  const { hovered } = useLayout.getState();
  const shown = useVolumes.getState().shown;
  if (!shown || !hovered || hovered === 'volume') return;
  const { cursor, setCursor } = useView.getState();
  setCursor(stepAlong(shown.full, sliceFrame(shown.full, hovered), cursor, slices));
}

/** A view's cell in the layout: tracks the mouse for the keys, and maximises on double-click. */
function ViewFrame({ id, area, children }: { id: ViewId; area?: string; children: React.ReactNode }) {
  const { setHovered, toggleMaximised } = useLayout();
  return (
    <div
      className="view-frame"
      style={{ gridArea: area }}
      hidden={!area}
      onPointerEnter={() => setHovered(id)}
      onPointerLeave={() => setHovered(undefined)}
      onDoubleClick={() => toggleMaximised(id)}
    >
      {children}
    </div>
  );
}

export function App() {
  const { shown, openFiles, fail } = useVolumes();
  const { layout, main, setLayout } = useLayout();
  const [dragging, setDragging] = useState(false);
  const [helping, setHelping] = useState(false);
  const views = useRef<HTMLElement>(null);

  useEffect(() => mark('views mounted'), []);

  const screenshot = (which: ViewId | 'layout') => void saveScreenshot(views.current!, which, shown?.info.name).catch(fail);

  useShortcutKeys();
  useOneLeftTool();
  useShortcut('previousSlice', () => stepHoveredView(-1));
  useShortcut('nextSlice', () => stepHoveredView(1));
  useShortcut('back10Slices', () => stepHoveredView(-10));
  useShortcut('forward10Slices', () => stepHoveredView(10));
  useShortcut('resetView', () => {
    const { hovered } = useLayout.getState();
    for (const id of hovered ? [hovered] : viewIds) liveView(id)?.reset();
  });
  useShortcut('screenshotView', () => shown && screenshot(useLayout.getState().hovered ?? useLayout.getState().active));
  useShortcut('screenshotLayout', () => shown && screenshot('layout'));
  useShortcut('autoWindow', autoWindow);
  useShortcut('fullRangeWindow', fullRange);
  useShortcut('layoutOne', () => setLayout('one'));
  useShortcut('layoutFourUp', () => setLayout('four-up'));
  useShortcut('layoutOnePlusThree', () => setLayout('one-plus-three'));
  useShortcut('toggleAnnotations', () => useAnnotations.getState().toggle());
  useShortcut('help', () => setHelping((open) => !open));
  useShortcut('closeHelp', () => setHelping(false), helping);

  const areas = viewAreas(layout, main);
  return (
    <div
      className={`app ${dragging ? 'dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        // The desktop app opens a dropped folder by its own path; browser mode uploads the files in it.
        const dropped = client().transport === 'electron' ? Promise.resolve(Array.from(event.dataTransfer.files)) : droppedFiles(event.dataTransfer);
        void dropped.then(openFiles, fail);
      }}
    >
      <VolumeInfoBar>
        <ViewActions onScreenshot={screenshot} onHelp={() => setHelping(true)} />
      </VolumeInfoBar>
      <ErrorList />
      <CandidatePicker />
      <FilesPanel />
      <ViewerPanel />
      <MeasurementsPanel />
      {/* The right column scrolls as one stack; its foot is kept clear for the fixed Sync button. */}
      <div className="right-column" data-testid="right-column">
        <div className="right-stack">
          <PanelSection title="Segment Editor">
            <SegmentsPanel />
          </PanelSection>
          <PanelSection title="AI segmentation">
            <InferencePanel />
          </PanelSection>
          <PanelSection title="PACS">
            <PacsPanel />
          </PanelSection>
          <PanelSection title="Batch jobs">
            <JobsPanel />
          </PanelSection>
        </div>
      </div>
      <main ref={views} className="views" data-layout={layout} style={{ gridTemplate: layouts[layout].template }}>
        <ViewFrame id="axial" area={areas.axial}>
          <SliceView orientation="axial" volume={shown} />
        </ViewFrame>
        <ViewFrame id="volume" area={areas.volume}>
          <ThreeDCell volume={shown} />
        </ViewFrame>
        <ViewFrame id="coronal" area={areas.coronal}>
          <SliceView orientation="coronal" volume={shown} />
        </ViewFrame>
        <ViewFrame id="sagittal" area={areas.sagittal}>
          <SliceView orientation="sagittal" volume={shown} />
        </ViewFrame>
      </main>
      <SyncPanel />
      {helping && <HelpOverlay onClose={() => setHelping(false)} />}
    </div>
  );
}
