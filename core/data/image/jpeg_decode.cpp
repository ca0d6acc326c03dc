#include "core/data/image/jpeg_decode.h"

#include "core/data/diagnostics.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
#include <jerror.h>

namespace plumage::data {

namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool premature_end;
  bool corrupt;                                   // a warning meaning missing or corrupt pixel data
  char warning[JMSG_LENGTH_MAX];                  // the first such warning
  std::uint64_t declared_width, declared_height;  // set when the header declares too many pixels
};

void on_error(j_common_ptr ci) {
  auto* e = reinterpret_cast<ErrorManager*>(ci->err);
  (*ci->err->format_message)(ci, e->message);
  std::longjmp(e->jump, 1);
}

void on_message(j_common_ptr ci, int level) {
  // Warnings (level -1) that mean pixel data is missing or corrupt make the
  // image corrupt: libjpeg goes on and fills the rest with grey (a scan cut
  // short and followed by an EOI marker decoded "successfully" as a
  // half-grey image). Harmless warnings are tolerated, as PIL does: an
  // unknown JFIF revision or Adobe transform, a bad ICC profile (not used
  // here), junk bytes between segments (JWRN_EXTRANEOUS_DATA: the data
  // before them was complete), too many scanlines requested.
  if (level >= 0) return;  // trace messages
  auto* e = reinterpret_cast<ErrorManager*>(ci->err);
  switch (ci->err->msg_code) {
    case JWRN_JPEG_EOF:
      e->premature_end = true;
      break;
    case JWRN_HIT_MARKER:         // premature end of data segment
    case JWRN_HUFF_BAD_CODE:      // bad Huffman code
    case JWRN_ARITH_BAD_CODE:     // bad arithmetic code
    case JWRN_MUST_RESYNC:        // found a marker instead of RSTn: data lost
    case JWRN_BOGUS_PROGRESSION:  // progressive scans missing or out of order
      if (!e->corrupt) {
        e->corrupt = true;
        (*ci->err->format_message)(ci, e->warning);
      }
      break;
    default:
      break;
  }
}

// PIL's MULDIV255.
inline int muldiv255(int a, int b) {
  const int t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

// Everything that lives across setjmp is set up here, outside the function
// that calls it, so longjmp never skips a destructor.
bool decode_into(const std::string& bytes, const DecodeOptions& options, RgbImage& img,
                 std::vector<unsigned char>& cmyk, ErrorManager& err, jpeg_decompress_struct& ci) {
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&ci);
    return false;
  }
  jpeg_create_decompress(&ci);
  jpeg_mem_src(&ci, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&ci, TRUE);
  if (static_cast<std::uint64_t>(ci.image_width) * ci.image_height > options.max_pixels) {
    err.declared_width = ci.image_width;
    err.declared_height = ci.image_height;
    jpeg_destroy_decompress(&ci);
    return false;
  }
  img.source_channels = ci.num_components;
  const bool four = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
  ci.out_color_space = four ? JCS_CMYK : JCS_RGB;  // libjpeg-turbo expands grayscale to RGB itself
  jpeg_start_decompress(&ci);
  img.width = static_cast<int>(ci.output_width);
  img.height = static_cast<int>(ci.output_height);
  const std::size_t stride = static_cast<std::size_t>(ci.output_width) * ci.output_components;
  std::vector<unsigned char>& target = four ? cmyk : img.pixels;
  target.resize(stride * ci.output_height);
  while (ci.output_scanline < ci.output_height) {
    unsigned char* row = target.data() + static_cast<std::size_t>(ci.output_scanline) * stride;
    if (jpeg_read_scanlines(&ci, &row, 1) != 1) break;
  }
  const bool inverted = ci.saw_Adobe_marker;
  jpeg_finish_decompress(&ci);
  jpeg_destroy_decompress(&ci);
  if (four) {
    // PIL: CMYK JPEGs with an Adobe marker store inverted values; then
    // R = (255 - K) - C * (255 - K) / 255, likewise G from M and B from Y.
    const std::size_t n = static_cast<std::size_t>(img.width) * img.height;
    img.pixels.resize(n * 3);
    for (std::size_t i = 0; i < n; ++i) {
      int v[4];
      for (int c = 0; c < 4; ++c) v[c] = inverted ? 255 - cmyk[4 * i + c] : cmyk[4 * i + c];
      const int nk = 255 - v[3];
      for (int c = 0; c < 3; ++c) {
        const int x = nk - muldiv255(v[c], nk);
        img.pixels[3 * i + c] = static_cast<uint8_t>(x < 0 ? 0 : x > 255 ? 255 : x);
      }
    }
  }
  return true;
}

}  // namespace

RgbImage decode_jpeg(const std::string& bytes, const std::string& name, const DecodeOptions& options) {
  RgbImage img;
  std::vector<unsigned char> cmyk;
  ErrorManager err;
  std::memset(&err, 0, sizeof err);
  jpeg_decompress_struct ci;
  std::memset(&ci, 0, sizeof ci);
  ci.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  if (!decode_into(bytes, options, img, cmyk, err, ci)) {
    if (err.declared_width != 0)
      check_declared_pixels(err.declared_width, err.declared_height, options, name);
    throw DataError(name, 0, std::string("corrupt JPEG: ") + err.message);
  }
  if (err.premature_end) throw DataError(name, 0, "truncated JPEG: premature end of image data");
  if (err.corrupt)
    throw DataError(name, 0,
                    std::string("corrupt JPEG: ") + err.warning + " (part of the image would be grey)");
  return img;
}

}  // namespace plumage::data
