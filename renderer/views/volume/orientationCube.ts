// The 3D view's orientation marker, as in Slicer and ParaView: a cube in the lower right corner that turns with
// the camera, its faces labelled with the patient's sides (L/R, P/A, S/I in LPS) or a sample's axes.
// The cube is a textured polygon actor: the Volume profile alone has no OpenGL view node for it.
import '@kitware/vtk.js/Rendering/OpenGL/Profiles/Geometry';
import vtkAnnotatedCubeActor from '@kitware/vtk.js/Rendering/Core/AnnotatedCubeActor';
import vtkOrientationMarkerWidget from '@kitware/vtk.js/Interaction/Widgets/OrientationMarkerWidget';
import type vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import { axisLabel } from '../../geometry/sliceGeometry';

/** World +x, −x, +y, −y, +z, −z in LPS, as each cube face is named by vtk. */
const faces = [
  ['setXPlusFaceProperty', 'L'],
  ['setXMinusFaceProperty', 'R'],
  ['setYPlusFaceProperty', 'P'],
  ['setYMinusFaceProperty', 'A'],
  ['setZPlusFaceProperty', 'S'],
  ['setZMinusFaceProperty', 'I'],
] as const;

export class OrientationCube {
  private readonly cube = vtkAnnotatedCubeActor.newInstance();
  private readonly widget: vtkOrientationMarkerWidget;
  private frame?: 'patient' | 'sample';

  constructor(interactor: vtkRenderWindowInteractor) {
    this.cube.setDefaultStyle({ fontStyle: 'bold', fontFamily: 'sans-serif', fontColor: '#15181c', faceColor: '#c9d1d9', edgeThickness: 0.08, edgeColor: '#4aa3df', resolution: 200 });
    this.widget = vtkOrientationMarkerWidget.newInstance({ actor: this.cube, interactor });
    this.widget.setViewportCorner(vtkOrientationMarkerWidget.Corners.BOTTOM_RIGHT);
    this.widget.setViewportSize(0.14);
    this.widget.setMinPixelSize(56);
    this.widget.setMaxPixelSize(110);
    this.widget.setEnabled(true);
  }

  /** Labels the faces for the volume's frame (kept when it has not changed). */
  setFrame(frame: 'patient' | 'sample' = 'patient'): void {
    if (frame === this.frame) return;
    this.frame = frame;
    for (const [setter, letter] of faces) this.cube[setter]({ text: axisLabel(letter, frame), ...(frame === 'sample' && { fontSizeScale: (resolution: number) => resolution / 2.6 }) });
    this.widget.updateMarkerOrientation();
  }

  dispose(): void {
    this.widget.setEnabled(false);
    this.widget.delete();
    this.cube.delete();
  }
}
