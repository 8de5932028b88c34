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
#include "hdf5_chunks.h"
#ifdef VOXBENCH_OPENJPEG
#include "j2k_frames.h"
#endif
#include "marching_cubes.h"
#include "pyramid.h"
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

// null, or { chunk, reason } for the first chunk that failed.
Napi::Value failure_value(Napi::Env env, const hdf5_chunks::Failure& failed) {
  if (failed.chunk < 0) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("chunk", double(failed.chunk));
  out.Set("reason", failed.reason);
  return out;
}

// Reads one region of a chunked HDF5 dataset on a libuv thread, which decodes on `threads` threads of its own
// (hdf5_chunks.h), so the JS thread stays free. Resolves null, or { chunk, reason } for the first chunk that failed.
class ReadHdf5Chunks : public Napi::AsyncWorker {
 public:
  ReadHdf5Chunks(Napi::Env env, hdf5_chunks::Dataset dataset, std::vector<hdf5_chunks::StoredChunk> list, std::vector<hdf5_chunks::Region> regions, unsigned threads,
                 const std::vector<Napi::Object>& buffers)
      : Napi::AsyncWorker(env, "readHdf5Chunks"), done(Napi::Promise::Deferred::New(env)), dataset(std::move(dataset)), list(std::move(list)), regions(std::move(regions)),
        threads(threads) {
    for (const Napi::Object& buffer : buffers) keep.push_back(Napi::Persistent(buffer));
  }
  Napi::Promise promise() { return done.Promise(); }
  void Execute() override { failed = hdf5_chunks::read_region(dataset, list, regions, threads); }
  void OnOK() override { done.Resolve(failure_value(Env(), failed)); }
  void OnError(const Napi::Error& error) override { done.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred done;
  hdf5_chunks::Dataset dataset;
  std::vector<hdf5_chunks::StoredChunk> list;
  std::vector<hdf5_chunks::Region> regions;
  unsigned threads;
  std::vector<Napi::ObjectReference> keep;  // the regions' buffers live until the threads are done with them
  hdf5_chunks::Failure failed;
};

// Inflates one zlib stream (a Zarr chunk) into `out` with libdeflate on a libuv thread, so the JS thread stays free.
// Resolves the bytes written, -1 for a damaged stream, -2 for one that inflates past `out`.
class InflateZlib : public Napi::AsyncWorker {
 public:
  InflateZlib(Napi::Env env, Napi::TypedArray in, Napi::TypedArray out)
      : Napi::AsyncWorker(env, "inflateZlib"), done(Napi::Promise::Deferred::New(env)), in(data_of<uint8_t>(in)), in_size(in.ByteLength()),
        out(const_cast<uint8_t*>(data_of<uint8_t>(out))), out_size(out.ByteLength()), keep_in(Napi::Persistent(in)), keep_out(Napi::Persistent(out)) {}
  Napi::Promise promise() { return done.Promise(); }
  void Execute() override {
    thread_local hdf5_filters::Workspace work;  // one inflater per libuv thread
    size_t actual = 0;
    const auto result = work.inflater ? libdeflate_zlib_decompress(work.inflater.get(), in, in_size, out, out_size, &actual) : LIBDEFLATE_BAD_DATA;
    written = result == LIBDEFLATE_SUCCESS ? double(actual) : result == LIBDEFLATE_INSUFFICIENT_SPACE ? -2 : -1;
  }
  void OnOK() override { done.Resolve(Napi::Number::New(Env(), written)); }
  void OnError(const Napi::Error& error) override { done.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred done;
  const uint8_t* in;
  size_t in_size;
  uint8_t* out;
  size_t out_size;
  Napi::Reference<Napi::TypedArray> keep_in, keep_out;  // both buffers live until the thread is done with them
  double written = -1;
};

// (zlib stream, output) -> Promise<bytes written | -1 damaged | -2 past the output>.
Napi::Value InflateZlibCall(const Napi::CallbackInfo& info) {
  auto* worker = new InflateZlib(info.Env(), info[0].As<Napi::TypedArray>(), info[1].As<Napi::TypedArray>());
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// (fd, filters, element size, chunk shape [x, y, z], chunks [address, size, filter mask, x, y, z]..., region,
// region box [min x, y, z, max x, y, z], threads[, second region, its box]) -> Promise<null | { chunk, reason }>.
// A second region (disjoint from the first) takes what the same chunks hold outside the first: decoded once for both.
// `now`: this thread decodes too and returns when done (null | { chunk, reason }), sparing a small read the hand-overs
// to and from a libuv thread, which cost more than its decoding while other processes hold the cores.
Napi::Value read_hdf5_chunks(const Napi::CallbackInfo& info, bool now) {
  Napi::Env env = info.Env();
  Napi::Uint32Array filters = info[1].As<Napi::Uint32Array>();
  Napi::Float64Array shape = info[3].As<Napi::Float64Array>(), chunks = info[4].As<Napi::Float64Array>();
  hdf5_chunks::Dataset dataset{info[0].As<Napi::Number>().Int32Value(), {}, info[2].As<Napi::Number>().Uint32Value(), {}};
  for (size_t i = 0; i < filters.ElementLength(); i++) {
    if (!hdf5_filters::known(filters[i])) throw Napi::TypeError::New(env, "readHdf5Chunks: filters must be 1 (deflate), 2 (shuffle), 32004 (LZ4) or 32008 (bitshuffle-LZ4)");
    dataset.filters.push_back(filters[i]);
  }
  if (shape.ElementLength() != 3 || chunks.ElementLength() % 6) throw Napi::TypeError::New(env, "readHdf5Chunks: shape or chunk list of the wrong length");
  for (int a = 0; a < 3; a++) {
    dataset.chunk[a] = int64_t(shape[a]);
    if (dataset.chunk[a] < 1) throw Napi::RangeError::New(env, "readHdf5Chunks: an empty chunk shape");
  }
  // HDF5 chunks hold under 4 GiB.
  if (dataset.elem_size == 0 || dataset.chunk_bytes() >= (uint64_t(1) << 32)) throw Napi::RangeError::New(env, "readHdf5Chunks: no chunk holds that many bytes");
  std::vector<hdf5_chunks::Region> regions;
  std::vector<Napi::Object> buffers;
  for (size_t at : {size_t(5), size_t(8)}) {
    if (at == 8 && info.Length() < 10) break;
    Napi::TypedArray target = info[at].As<Napi::TypedArray>();
    Napi::Float64Array box = info[at + 1].As<Napi::Float64Array>();
    if (box.ElementLength() != 6) throw Napi::TypeError::New(env, "readHdf5Chunks: a region box of the wrong length");
    hdf5_chunks::Region region{const_cast<uint8_t*>(data_of<uint8_t>(target)), {}, {}};
    for (int a = 0; a < 3; a++) {
      region.min[a] = int64_t(box[a]);
      region.extent[a] = int64_t(box[a + 3]) - region.min[a];
      if (region.extent[a] < 0) throw Napi::RangeError::New(env, "readHdf5Chunks: a negative box");
    }
    if (size_t(region.extent[0] * region.extent[1] * region.extent[2]) * dataset.elem_size != target.ByteLength()) throw Napi::RangeError::New(env, "readHdf5Chunks: a region's box does not match its length");
    regions.push_back(region);
    buffers.push_back(target);
  }
  std::vector<hdf5_chunks::StoredChunk> list(chunks.ElementLength() / 6);
  for (size_t i = 0; i < list.size(); i++) {
    const double* c = chunks.Data() + 6 * i;
    list[i] = {uint64_t(c[0]), uint64_t(c[1]), uint32_t(c[2]), {int64_t(c[3]), int64_t(c[4]), int64_t(c[5])}};
  }
  const unsigned threads = std::max(1u, info[7].As<Napi::Number>().Uint32Value());
  if (now) return failure_value(env, hdf5_chunks::read_region(dataset, list, regions, threads));
  auto* worker = new ReadHdf5Chunks(env, std::move(dataset), std::move(list), std::move(regions), threads, buffers);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// (upper, lower | null, width, height, out): one slice of the next pyramid level (pyramid.h), all of one element type.
Napi::Value HalveSlices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::TypedArray upper = info[0].As<Napi::TypedArray>(), out = info[4].As<Napi::TypedArray>();
  const bool paired = !info[1].IsNull();
  Napi::TypedArray lower = paired ? info[1].As<Napi::TypedArray>() : upper;
  const int64_t width = info[2].As<Napi::Number>().Int64Value(), height = info[3].As<Napi::Number>().Int64Value();
  const size_t in = size_t(width * height), halved = size_t(((width + 1) / 2) * ((height + 1) / 2));
  if (width < 1 || height < 1 || lower.TypedArrayType() != upper.TypedArrayType() || out.TypedArrayType() != upper.TypedArrayType() ||
      upper.ElementLength() < in || lower.ElementLength() < in || out.ElementLength() < halved)
    throw Napi::RangeError::New(env, "halveSlices: the slices and the output differ in type, or hold fewer voxels than their sides");
  with_scalars(upper, [&](auto from) {
    using T = std::remove_const_t<std::remove_pointer_t<decltype(from)>>;
    pyramid::halve_slices(from, paired ? data_of<T>(lower) : nullptr, width, height, const_cast<T*>(data_of<T>(out)));
  });
  return env.Undefined();
}

// (fd, offsets: Float64Array, length): asks the kernel to start reading `length` bytes at each offset, and returns.
Napi::Value WillNeed(const Napi::CallbackInfo& info) {
  const int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::Float64Array offsets = info[1].As<Napi::Float64Array>();
  const double length = info[2].As<Napi::Number>().DoubleValue();
  for (size_t i = 0; i < offsets.ElementLength(); i++) hdf5_chunks::will_need(fd, uint64_t(offsets[i]), uint64_t(length));
  return info.Env().Undefined();
}

// (values, range: Float64Array [min, max]): folds the finite values into range.
Napi::Value ExtendRange(const Napi::CallbackInfo& info) {
  Napi::TypedArray values = info[0].As<Napi::TypedArray>();
  Napi::Float64Array range = info[1].As<Napi::Float64Array>();
  if (range.ElementLength() != 2) throw Napi::RangeError::New(info.Env(), "extendRange: the range holds two numbers");
  with_scalars(values, [&](auto from) { pyramid::extend_range(from, int64_t(values.ElementLength()), range.Data()); });
  return info.Env().Undefined();
}

#ifdef VOXBENCH_OPENJPEG
// Decodes JPEG 2000 frames on a libuv thread, which decodes on `threads` threads of its own (j2k_frames.h).
// Resolves with [{ frame, reason }] for the frames that failed (empty: all decoded).
class DecodeJ2kFrames : public Napi::AsyncWorker {
 public:
  DecodeJ2kFrames(Napi::Env env, j2k_frames::Frames frames, j2k_frames::Shape shape, uint8_t* out, unsigned threads, Napi::Object stream, Napi::Object target)
      : Napi::AsyncWorker(env, "decodeJ2kFrames"), done(Napi::Promise::Deferred::New(env)), frames(std::move(frames)), shape(shape), out(out), threads(threads),
        keep_stream(Napi::Persistent(stream)), keep_target(Napi::Persistent(target)) {}
  Napi::Promise promise() { return done.Promise(); }
  void Execute() override { failed = j2k_frames::decode_frames(frames, shape, out, threads); }
  void OnOK() override {
    Napi::Array list = Napi::Array::New(Env());
    for (size_t i = 0; i < failed.size(); i++) {
      if (failed[i].empty()) continue;
      Napi::Object failure = Napi::Object::New(Env());
      failure.Set("frame", double(i));
      failure.Set("reason", failed[i]);
      list.Set(list.Length(), failure);
    }
    done.Resolve(list);
  }
  void OnError(const Napi::Error& error) override { done.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred done;
  j2k_frames::Frames frames;
  j2k_frames::Shape shape;
  uint8_t* out;
  unsigned threads;
  Napi::ObjectReference keep_stream, keep_target;  // both buffers live until the threads are done with them
  std::vector<std::string> failed;
};

// (codestreams, offsets [frame count + 1], target, rows, columns, bytes per sample, threads) -> Promise<[{ frame, reason }]>.
Napi::Value DecodeJ2kFramesCall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::TypedArray stream = info[0].As<Napi::TypedArray>(), target = info[2].As<Napi::TypedArray>();
  Napi::Float64Array offsets = info[1].As<Napi::Float64Array>();
  j2k_frames::Shape shape{info[3].As<Napi::Number>().Uint32Value(), info[4].As<Napi::Number>().Uint32Value(), info[5].As<Napi::Number>().Uint32Value()};
  if (shape.width != 1 && shape.width != 2) throw Napi::RangeError::New(env, "decodeJ2kFrames: samples must take 1 or 2 bytes");
  if (offsets.ElementLength() < 1) throw Napi::RangeError::New(env, "decodeJ2kFrames: offsets must hold the frame count + 1 numbers");
  j2k_frames::Frames frames{data_of<uint8_t>(stream), std::vector<size_t>(offsets.ElementLength())};
  for (size_t i = 0; i < frames.offsets.size(); i++) {
    frames.offsets[i] = size_t(offsets[i]);
    if (offsets[i] < 0 || frames.offsets[i] > stream.ByteLength() || (i > 0 && frames.offsets[i] < frames.offsets[i - 1]))
      throw Napi::RangeError::New(env, "decodeJ2kFrames: offsets must rise within the codestreams");
  }
  if (frames.count() * shape.frame_bytes() != target.ByteLength()) throw Napi::RangeError::New(env, "decodeJ2kFrames: the target does not hold the frames");
  const unsigned threads = std::max(1u, info[6].As<Napi::Number>().Uint32Value());
  auto* worker = new DecodeJ2kFrames(env, std::move(frames), shape, const_cast<uint8_t*>(data_of<uint8_t>(target)), threads, stream, target);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}
#endif

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("labelComponents", Napi::Function::New(env, LabelComponents));
  exports.Set("distanceTransform", Napi::Function::New(env, DistanceTransform));
  exports.Set("morphology", Napi::Function::New(env, Morphology));
  exports.Set("growRegion", Napi::Function::New(env, GrowRegion));
  exports.Set("growFromSeeds", Napi::Function::New(env, GrowFromSeeds));
  exports.Set("filterAxis", Napi::Function::New(env, FilterAxis));
  exports.Set("fillHoles", Napi::Function::New(env, FillHoles));
  exports.Set("marchingCubes", Napi::Function::New(env, MarchingCubes));
  exports.Set("readHdf5Chunks", Napi::Function::New(env, [](const Napi::CallbackInfo& info) { return read_hdf5_chunks(info, false); }));
  exports.Set("readHdf5ChunksNow", Napi::Function::New(env, [](const Napi::CallbackInfo& info) { return read_hdf5_chunks(info, true); }));
  exports.Set("halveSlices", Napi::Function::New(env, HalveSlices));
  exports.Set("extendRange", Napi::Function::New(env, ExtendRange));
  exports.Set("inflateZlib", Napi::Function::New(env, InflateZlibCall));
  exports.Set("willNeed", Napi::Function::New(env, WillNeed));
#ifdef VOXBENCH_OPENJPEG
  exports.Set("decodeJ2kFrames", Napi::Function::New(env, DecodeJ2kFramesCall));
#endif
  return exports;
}

}  // namespace

NODE_API_MODULE(voxbench_kernels, Init)
