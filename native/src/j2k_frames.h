// JPEG 2000 frames (DICOM's encapsulated codestreams) decoded by the vendored OpenJPEG, one frame per thread: each
// thread takes the next frame of the list, decodes it from memory and writes its samples, as many bytes each as
// the header allocates, into the frame's own place of the output. A frame that does not decode, or decodes to
// another size than the header says, is reported with OpenJPEG's reason and the others go on; nothing throws out
// of a thread, and OpenJPEG reports through its event callbacks (it never exits or jumps out).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <vector>
#include "vendor/openjpeg/openjpeg.h"
#include "work_threads.h"

namespace j2k_frames {

// What every frame must decode to, from the DICOM header.
struct Shape {
  uint32_t rows, columns;
  uint32_t width;  // bytes per sample (Bits Allocated / 8): 1 or 2
  size_t frame_bytes() const { return size_t(rows) * columns * width; }
};

struct Frames {
  const uint8_t* bytes;
  std::vector<size_t> offsets;  // frame i is bytes[offsets[i], offsets[i + 1])
  size_t count() const { return offsets.size() - 1; }
};

// A codestream in memory, read by OpenJPEG through its stream callbacks.
struct Reader {
  const uint8_t* data;
  size_t size, at = 0;

  static OPJ_SIZE_T read(void* into, OPJ_SIZE_T n, void* self) {
    Reader& r = *static_cast<Reader*>(self);
    if (r.at >= r.size) return OPJ_SIZE_T(-1);  // the end: OpenJPEG's convention
    const size_t take = std::min<size_t>(n, r.size - r.at);
    std::memcpy(into, r.data + r.at, take);
    r.at += take;
    return take;
  }
  static OPJ_OFF_T skip(OPJ_OFF_T n, void* self) {
    Reader& r = *static_cast<Reader*>(self);
    if (n < 0 ? size_t(-n) > r.at : size_t(n) > r.size - r.at) return -1;
    r.at += n;
    return n;
  }
  static OPJ_BOOL seek(OPJ_OFF_T to, void* self) {
    Reader& r = *static_cast<Reader*>(self);
    if (to < 0 || size_t(to) > r.size) return OPJ_FALSE;
    r.at = size_t(to);
    return OPJ_TRUE;
  }
};

// The first error OpenJPEG reported for one frame (its messages end in a newline).
inline void keep_first_error(const char* message, void* into) {
  std::string& error = *static_cast<std::string*>(into);
  if (!error.empty()) return;
  error = message;
  while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
}

// A JP2 file starts with its signature box; DICOM frames are usually bare codestreams (SOC marker FF 4F).
inline OPJ_CODEC_FORMAT format_of(const uint8_t* data, size_t size) {
  static const uint8_t jp2[] = {0, 0, 0, 0x0c, 'j', 'P', ' ', ' '};
  return size >= sizeof jp2 && std::memcmp(data, jp2, sizeof jp2) == 0 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K;
}

// The decoded component's samples, truncated to `width` bytes little-endian as DICOM stores them (the header's
// Pixel Representation and Bits Stored then say how to read them, as for the wasm decoder).
inline void store(const OPJ_INT32* samples, size_t count, uint32_t width, uint8_t* out) {
  if (width == 1) {
    for (size_t i = 0; i < count; i++) out[i] = uint8_t(samples[i]);
  } else {
    for (size_t i = 0; i < count; i++) {
      const uint16_t v = uint16_t(samples[i]);
      out[2 * i] = uint8_t(v);
      out[2 * i + 1] = uint8_t(v >> 8);
    }
  }
}

// Decodes one frame into `out`; an empty string, or why it failed.
inline std::string decode_frame(const uint8_t* data, size_t size, const Shape& shape, uint8_t* out) {
  std::string error;
  Reader reader{data, size};
  opj_codec_t* codec = opj_create_decompress(format_of(data, size));
  opj_stream_t* stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
  opj_image_t* image = nullptr;
  if (!codec || !stream) {
    error = "there was no memory to decode it";
  } else {
    opj_set_error_handler(codec, keep_first_error, &error);
    opj_stream_set_read_function(stream, Reader::read);
    opj_stream_set_skip_function(stream, Reader::skip);
    opj_stream_set_seek_function(stream, Reader::seek);
    opj_stream_set_user_data(stream, &reader, nullptr);
    opj_stream_set_user_data_length(stream, size);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    const bool decoded = opj_setup_decoder(codec, &parameters) && opj_read_header(stream, codec, &image) && opj_decode(codec, stream, image) && opj_end_decompress(codec, stream);
    if (!decoded) {
      if (error.empty()) error = "OpenJPEG could not decode it";
    } else if (image->numcomps != 1 || !image->comps[0].data) {
      error = "it holds " + std::to_string(image->numcomps) + " components where a greyscale frame has 1";
    } else if (image->comps[0].w != shape.columns || image->comps[0].h != shape.rows) {
      error = "it decodes to " + std::to_string(image->comps[0].w) + "×" + std::to_string(image->comps[0].h) + ", the header says " + std::to_string(shape.columns) + "×" +
              std::to_string(shape.rows);
    } else if (image->comps[0].prec > shape.width * 8) {
      error = "it holds " + std::to_string(image->comps[0].prec) + "-bit samples, the header allocates " + std::to_string(shape.width * 8);
    } else {
      store(image->comps[0].data, size_t(shape.rows) * shape.columns, shape.width, out);
    }
  }
  if (image) opj_image_destroy(image);
  if (stream) opj_stream_destroy(stream);
  if (codec) opj_destroy_codec(codec);
  return error;
}

// Decodes every frame on up to `threads` threads into out (frame i at i × frame_bytes); why each failed, "" if not.
inline std::vector<std::string> decode_frames(const Frames& frames, const Shape& shape, uint8_t* out, unsigned threads) {
  std::vector<std::string> failed(frames.count());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < frames.count();) {
      try {
        failed[i] = decode_frame(frames.bytes + frames.offsets[i], frames.offsets[i + 1] - frames.offsets[i], shape, out + i * shape.frame_bytes());
      } catch (const std::bad_alloc&) {
        failed[i] = "there was no memory to decode it";
      }
    }
  };
  run_on_threads(std::min<size_t>(threads, frames.count()), work);
  return failed;
}

}  // namespace j2k_frames
