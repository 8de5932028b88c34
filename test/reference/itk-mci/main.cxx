// Reference for our slice interpolation: ITK's MorphologicalContourInterpolator (default options, as 3D Slicer's
// "Fill between slices") on one binary mask along one axis, with the painted slices = slices holding any voxel.
// usage: itk-mci NX NY NZ AXIS in.raw out.raw   (raw uint8, x fastest); prints {"seconds": compute time}.
#include "itkImage.h"
#include "itkImportImageFilter.h"
#include "itkMorphologicalContourInterpolator.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <vector>

// unsigned short, not uint8: the filter stores 10 × distance and slice component ids in the pixel type, which
// wrap past 255 in a uint8 image (distances over 25.5 pixels, more than 255 islands in a slice).
using Pixel = unsigned short;
using Image = itk::Image<Pixel, 3>;

int main(int argc, char ** argv)
{
  if (argc != 7)
  {
    std::cerr << "usage: itk-mci NX NY NZ AXIS in.raw out.raw\n";
    return 2;
  }
  const long dims[3] = { std::atol(argv[1]), std::atol(argv[2]), std::atol(argv[3]) };
  const int axis = std::atoi(argv[4]);
  const size_t count = size_t(dims[0]) * dims[1] * dims[2];
  std::vector<unsigned char> bytes(count);
  std::ifstream in(argv[5], std::ios::binary);
  if (!in.read(reinterpret_cast<char *>(bytes.data()), count))
  {
    std::cerr << argv[5] << ": expected " << count << " bytes\n";
    return 1;
  }

  Image::Pointer image = Image::New();
  Image::RegionType region;
  std::set<long> painted;
  for (int a = 0; a < 3; a++) region.SetSize(a, dims[a]);
  image->SetRegions(region);
  image->Allocate();
  Pixel * buffer = image->GetBufferPointer();
  for (size_t i = 0; i < count; i++)
  {
    buffer[i] = bytes[i] ? 1 : 0;
    if (bytes[i])
    {
      const long xyz[3] = { long(i % dims[0]), long(i / dims[0] % dims[1]), long(i / dims[0] / dims[1]) };
      painted.insert(xyz[axis]);
    }
  }

  using Filter = itk::MorphologicalContourInterpolator<Image>;
  Filter::Pointer filter = Filter::New();
  filter->SetInput(image);
  filter->SetAxis(axis);
  filter->SetLabel(1);
  filter->SetUseCustomSlicePositions(true);
  filter->SetLabeledSliceIndices(axis, 1, painted);
  const auto start = std::chrono::steady_clock::now();
  filter->Update();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const Pixel * result = filter->GetOutput()->GetBufferPointer();
  for (size_t i = 0; i < count; i++) bytes[i] = result[i] ? 1 : 0;
  std::ofstream out(argv[6], std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), count);
  out.close();
  std::printf("{\"seconds\": %.6f}\n", seconds);
  std::fflush(stdout);
  // Skips static destructors: joining ITK's thread pool there sometimes aborts (std::system_error, EPERM).
  std::_Exit(out ? 0 : 1);
}
