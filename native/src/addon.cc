// Node-API bindings of the segmentation kernels (see electron/segment/kernels/native.ts for the JS side).
// The arguments were checked in index.ts (array lengths match dims); this file only unpacks them.
#include <algorithm>
#include <cstring>
#include <new>
#include <vector>
#include <napi.h>
#include "components.h"
#include "distance.h"
#include "flood.h"
#include "hdf5_lz4.h"
#include "marching_cubes.h"
#include "seeded_grow.h"
#include "smoothing.h"

namespace {

// The view's bytes; napi_get_typedarray_info also serves views on a SharedArrayBuffer (ArrayBuffer() would throw).
template <typename T>
const T* data_of(const Napi::TypedArray& array) {
  void* data = nullptr;
  NAPI_THROW_IF_FAILED(array.Env(), napi_get_typedarray_info(array.Env(), array, nullptr, nullptr, &data, nullptr, nullptr), nullptr);
  return static_cast<const T*>(data);
}

const uint8_t* mask_of(const Napi::Value& value) { return data_of<uint8_t>(value.As<Napi::TypedArray>()); }

Dims dims_at(const Napi::CallbackInfo& info, size_t first) {
  return {info[first].As<Napi::Number>().Int64Value(), info[first + 1].As<Napi::Number>().Int64Value(),
          info[first + 2].As<Napi::Number>().Int64Value()};
}

void spacing_at(const Napi::CallbackInfo& info, size_t first, double spacing[3]) {
  for (int k = 0; k < 3; k++) spacing[k] = info[first + k].As<Napi::Number>().DoubleValue();
}

// Calls f with the scalar array's data as a pointer of its element type.
template <typename F>
auto with_scalars(const Napi::TypedArray& array, F f) {
  switch (array.TypedArrayType()) {
    case napi_uint8_array: return f(data_of<uint8_t>(array));
    case napi_int8_array: return f(data_of<int8_t>(array));
    case napi_uint16_array: return f(data_of<uint16_t>(array));
    case napi_int16_array: return f(data_of<int16_t>(array));
    case napi_uint32_array: return f(data_of<uint32_t>(array));
    case napi_int32_array: return f(data_of<int32_t>(array));
    case napi_float32_array: return f(data_of<float>(array));
    case napi_float64_array: return f(data_of<double>(array));
    default: throw Napi::TypeError::New(array.Env(), "volume must be an integer or float typed array");
  }
}

Napi::Value LabelComponents(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  Napi::Uint32Array labels = Napi::Uint32Array::New(info.Env(), d.voxels());
  ComponentCount result = label_components(mask_of(info[0]), d, info[4].As<Napi::Number>().Int32Value(), labels.Data());
  Napi::Float64Array sizes = Napi::Float64Array::New(info.Env(), result.sizes.size());
  std::memcpy(sizes.Data(), result.sizes.data(), result.sizes.size() * sizeof(double));
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("labels", labels);
  out.Set("count", result.count);
  out.Set("sizes", sizes);
  return out;
}

Napi::Value DistanceTransform(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  double spacing[3];
  spacing_at(info, 4, spacing);
  Napi::Float32Array out = Napi::Float32Array::New(info.Env(), d.voxels());
  float* distances = out.Data();
  squared_distance(mask_of(info[0]), d, spacing, 1, std::numeric_limits<float>::infinity(), distances);
  for (int64_t i = 0; i < d.voxels(); i++) distances[i] = std::sqrt(distances[i]);
  return out;
}

// Dilation keeps voxels within mm of the mask; erosion keeps those farther than mm from the outside.
Napi::Value Morphology(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  double spacing[3];
  spacing_at(info, 4, spacing);
  double mm = info[7].As<Napi::Number>().DoubleValue();
  bool erode = info[8].As<Napi::Boolean>().Value();
  const float limit = static_cast<float>(mm * mm * (1 + 1e-5));  // BALL_TOLERANCE in distance.ts
  std::vector<float> squared(d.voxels());
  squared_distance(mask_of(info[0]), d, spacing, erode ? 0 : 1, limit, squared.data());
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), d.voxels());
  uint8_t* o = out.Data();
  for (int64_t i = 0; i < d.voxels(); i++) o[i] = erode ? squared[i] > limit : squared[i] <= limit;
  return out;
}

Napi::Value GrowRegion(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  Napi::Float64Array seed_array = info[4].As<Napi::Float64Array>();
  std::vector<int64_t> seeds(seed_array.Data(), seed_array.Data() + seed_array.ElementLength());
  double lo = info[5].As<Napi::Number>().DoubleValue(), hi = info[6].As<Napi::Number>().DoubleValue();
  int connectivity = info[7].As<Napi::Number>().Int32Value();
  const uint8_t* allowed = info[8].IsNull() ? nullptr : mask_of(info[8]);
  Napi::Uint8Array region = Napi::Uint8Array::New(info.Env(), d.voxels());
  with_scalars(info[0].As<Napi::TypedArray>(), [&](auto image) { grow_region(image, d, seeds, lo, hi, connectivity, allowed, region.Data()); });
  return region;
}

Napi::Value GrowFromSeeds(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  Napi::TypedArray seeds = info[4].As<Napi::TypedArray>();
  bool ranged = !info[5].IsNull();
  double lo = ranged ? info[5].As<Napi::Number>().DoubleValue() : 0, hi = ranged ? info[6].As<Napi::Number>().DoubleValue() : 0;
  auto grow = [&](auto label_type) -> Napi::Value {
    using L = decltype(label_type);
    Napi::TypedArrayOf<L> labels = Napi::TypedArrayOf<L>::New(info.Env(), d.voxels());
    with_scalars(info[0].As<Napi::TypedArray>(), [&](auto image) { grow_from_seeds(image, d, data_of<L>(seeds), ranged, lo, hi, labels.Data()); });
    return labels;
  };
  if (seeds.TypedArrayType() == napi_uint8_array) return grow(uint8_t{});
  if (seeds.TypedArrayType() == napi_uint16_array) return grow(uint16_t{});
  throw Napi::TypeError::New(info.Env(), "seeds must be a Uint8Array or Uint16Array");
}

// In place: filterAxis(volume Float32Array, nx, ny, nz, axis, weights Float64Array).
Napi::Value FilterAxis(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  Napi::TypedArray weights = info[5].As<Napi::TypedArray>();
  const double* w = data_of<double>(weights);
  float* volume = const_cast<float*>(data_of<float>(info[0].As<Napi::TypedArray>()));
  filter_volume_axis(volume, d, info[4].As<Napi::Number>().Int32Value(), std::vector<double>(w, w + weights.ElementLength()));
  return info.Env().Undefined();
}

Napi::Value FillHoles(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  Napi::Uint8Array filled = Napi::Uint8Array::New(info.Env(), d.voxels());
  fill_holes(mask_of(info[0]), d, info[4].As<Napi::Number>().Int32Value(), filled.Data());
  return filled;
}

Napi::Value MarchingCubes(const Napi::CallbackInfo& info) {
  Dims d = dims_at(info, 1);
  double spacing[3];
  spacing_at(info, 4, spacing);
  double level = info[7].As<Napi::Number>().DoubleValue();
  MeshBuffers mesh = with_scalars(info[0].As<Napi::TypedArray>(), [&](auto volume) { return marching_cubes(volume, d, spacing, level); });
  Napi::Float32Array positions = Napi::Float32Array::New(info.Env(), mesh.positions.size());
  std::memcpy(positions.Data(), mesh.positions.data(), mesh.positions.size() * sizeof(float));
  Napi::Uint32Array indices = Napi::Uint32Array::New(info.Env(), mesh.indices.size());
  std::memcpy(indices.Data(), mesh.indices.data(), mesh.indices.size() * sizeof(uint32_t));
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("positions", positions);
  out.Set("indices", indices);
  return out;
}

// (filter id, stored chunk, element size, chunk box, region, region box) -> false where the stream is damaged.
// Boxes are Float64Arrays [min x, y, z, max x, y, z]; the chunk's box is whole (edge chunks are stored whole).
Napi::Value PlaceHdf5Chunk(const Napi::CallbackInfo& info) {
  const uint32_t filter = info[0].As<Napi::Number>().Uint32Value();
  Napi::TypedArray in = info[1].As<Napi::TypedArray>(), region = info[4].As<Napi::TypedArray>();
  const size_t elem_size = info[2].As<Napi::Number>().Uint32Value();
  const double* chunk_box = data_of<double>(info[3].As<Napi::TypedArray>());
  const double* region_box = data_of<double>(info[5].As<Napi::TypedArray>());
  int64_t c0[3], cn[3], r0[3], rn[3], lo[3], hi[3];
  for (int a = 0; a < 3; a++) {
    c0[a] = int64_t(chunk_box[a]), cn[a] = int64_t(chunk_box[a + 3]) - c0[a];
    r0[a] = int64_t(region_box[a]), rn[a] = int64_t(region_box[a + 3]) - r0[a];
    lo[a] = std::max(c0[a], r0[a]), hi[a] = std::min(c0[a] + cn[a], r0[a] + rn[a]);
    if (hi[a] <= lo[a]) return Napi::Boolean::New(info.Env(), true);
  }
  if (size_t(rn[0] * rn[1] * rn[2]) * elem_size != region.ByteLength()) throw Napi::RangeError::New(info.Env(), "placeHdf5Chunk: the region's box does not match its length");
  thread_local std::vector<uint8_t> chunk;
  try {
    chunk.resize(size_t(cn[0] * cn[1] * cn[2]) * elem_size);
  } catch (const std::bad_alloc&) {
    throw Napi::RangeError::New(info.Env(), "placeHdf5Chunk: no memory for one decoded chunk");
  }
  const uint8_t* input = data_of<uint8_t>(in);
  bool ok = false;
  if (filter == 32008) ok = hdf5_lz4::bitshuffle_lz4(input, in.ByteLength(), chunk.data(), chunk.size(), elem_size);
  else if (filter == 32004) ok = hdf5_lz4::lz4(input, in.ByteLength(), chunk.data(), chunk.size());
  else throw Napi::TypeError::New(info.Env(), "placeHdf5Chunk: filter must be 32008 (bitshuffle-LZ4) or 32004 (LZ4)");
  if (!ok) return Napi::Boolean::New(info.Env(), false);
  uint8_t* output = const_cast<uint8_t*>(data_of<uint8_t>(region));
  const size_t row = size_t(hi[0] - lo[0]) * elem_size;
  for (int64_t z = lo[2]; z < hi[2]; z++) {
    for (int64_t y = lo[1]; y < hi[1]; y++) {
      const size_t from = size_t(((z - c0[2]) * cn[1] + y - c0[1]) * cn[0] + lo[0] - c0[0]) * elem_size;
      const size_t to = size_t(((z - r0[2]) * rn[1] + y - r0[1]) * rn[0] + lo[0] - r0[0]) * elem_size;
      std::memcpy(output + to, chunk.data() + from, row);
    }
  }
  return Napi::Boolean::New(info.Env(), true);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("labelComponents", Napi::Function::New(env, LabelComponents));
  exports.Set("distanceTransform", Napi::Function::New(env, DistanceTransform));
  exports.Set("morphology", Napi::Function::New(env, Morphology));
  exports.Set("growRegion", Napi::Function::New(env, GrowRegion));
  exports.Set("growFromSeeds", Napi::Function::New(env, GrowFromSeeds));
  exports.Set("filterAxis", Napi::Function::New(env, FilterAxis));
  exports.Set("fillHoles", Napi::Function::New(env, FillHoles));
  exports.Set("marchingCubes", Napi::Function::New(env, MarchingCubes));
  exports.Set("placeHdf5Chunk", Napi::Function::New(env, PlaceHdf5Chunk));
  return exports;
}

}  // namespace

NODE_API_MODULE(voxbench_kernels, Init)
