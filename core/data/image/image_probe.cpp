#include "core/data/image/image_probe.h"

#include <cstdint>
#include <cstring>

namespace plumage::data {

namespace {

inline unsigned u8(const std::string& b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
inline unsigned be16(const std::string& b, std::size_t i) { return (u8(b, i) << 8) | u8(b, i + 1); }
inline uint32_t be32(const std::string& b, std::size_t i) {
  return (uint32_t(u8(b, i)) << 24) | (uint32_t(u8(b, i + 1)) << 16) | (uint32_t(u8(b, i + 2)) << 8) | u8(b, i + 3);
}

bool is_sof(unsigned m) {
  return (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

void probe_jpeg(const std::string& b, ImageProbe& p) {
  p.format = "jpeg";
  std::size_t pos = 2;
  const std::size_t n = b.size();
  bool saw_sos = false;
  while (true) {
    if (pos >= n) {
      p.error = saw_sos ? "truncated JPEG: image data ends before the end-of-image marker"
                        : "truncated JPEG: file ends inside the header";
      return;
    }
    if (u8(b, pos) != 0xFF) {
      p.error = "corrupt JPEG: expected a marker at byte " + std::to_string(pos);
      return;
    }
    while (pos < n && u8(b, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= n) continue;
    const unsigned marker = u8(b, pos++);
    if (marker == 0xD9) {  // EOI
      if (!saw_sos) p.error = "corrupt JPEG: no image data before the end-of-image marker";
      else if (p.width == 0) p.error = "corrupt JPEG: no frame header (SOF)";
      return;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // standalone markers
    if (pos + 2 > n) continue;                                             // reported as truncated above
    const unsigned len = be16(b, pos);
    if (len < 2 || pos + len > n) {
      pos = n;
      continue;
    }
    if (is_sof(marker) && len >= 8) {
      p.height = static_cast<int>(be16(b, pos + 3));
      p.width = static_cast<int>(be16(b, pos + 5));
      p.channels = static_cast<int>(u8(b, pos + 7));
    }
    pos += len;
    if (marker == 0xDA) {  // SOS: skip entropy-coded data up to the next real marker
      saw_sos = true;
      while (pos < n) {
        const void* ff = std::memchr(b.data() + pos, 0xFF, n - pos);
        if (!ff) {
          pos = n;
          break;
        }
        pos = static_cast<std::size_t>(static_cast<const char*>(ff) - b.data());
        if (pos + 1 >= n) {
          pos = n;
          break;
        }
        const unsigned next = u8(b, pos + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
          pos += next == 0xFF ? 1 : 2;
          continue;
        }
        break;  // a marker
      }
    }
  }
}

void probe_png(const std::string& b, ImageProbe& p) {
  p.format = "png";
  std::size_t pos = 8;
  const std::size_t n = b.size();
  bool first = true;
  while (true) {
    if (pos + 8 > n) {
      p.error = "truncated PNG: file ends before the IEND chunk";
      return;
    }
    const uint32_t len = be32(b, pos);
    const std::string type = b.substr(pos + 4, 4);
    if (first) {
      if (type != "IHDR" || len < 13 || pos + 8 + 13 > n) {
        p.error = "corrupt PNG: first chunk is not IHDR";
        return;
      }
      // The PNG specification caps both at 2^31 - 1; anything above would turn
      // negative as an int and slip past a declared-pixels limit.
      const uint32_t w = be32(b, pos + 8), h = be32(b, pos + 12);
      if (w > 0x7fffffffu || h > 0x7fffffffu) {
        p.error = "corrupt PNG: IHDR declares a width or height above 2^31 - 1";
        return;
      }
      p.width = static_cast<int>(w);
      p.height = static_cast<int>(h);
      const unsigned color = u8(b, pos + 17);
      p.channels = color == 0 ? 1 : color == 2 ? 3 : color == 3 ? 3 : color == 4 ? 2 : color == 6 ? 4 : 0;
      first = false;
    }
    if (uint64_t(pos) + 12 + len > n) {
      p.error = "truncated PNG: chunk " + type + " runs past the end of the file";
      return;
    }
    if (type == "IEND") return;
    pos += 12 + len;
  }
}

}  // namespace

ImageProbe probe_image_bytes(const std::string& b) {
  ImageProbe p;
  if (b.size() >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
    probe_jpeg(b, p);
  } else if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
    probe_png(b, p);
  } else {
    p.format = "other";
    if (b.empty()) p.error = "empty file";
  }
  if (p.error.empty() && p.format != "other" && (p.width <= 0 || p.height <= 0))
    p.error = "image header gives a zero size";
  return p;
}

}  // namespace plumage::data
