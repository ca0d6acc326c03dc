#include "core/data/image/image_decode.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/data/image/image_probe.h"
#include "core/data/image/jpeg_decode.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace plumage::data {

void check_declared_pixels(std::uint64_t width, std::uint64_t height, const DecodeOptions& options,
                           const std::string& name) {
  if (width * height <= options.max_pixels) return;
  throw DataError(name, 0,
                  "image declares " + std::to_string(width) + " x " + std::to_string(height) + " = " +
                      std::to_string(width * height) + " pixels, more than the limit of " +
                      std::to_string(options.max_pixels) + " (a decompression bomb?)");
}

RgbImage decode_image_file(const std::string& path, const DecodeOptions& options) {
  return decode_image_bytes(read_file_bytes(path), path, options);
}

RgbImage decode_image_bytes(const std::string& bytes, const std::string& name, const DecodeOptions& options) {
  const ImageProbe probe = probe_image_bytes(bytes);
  if (!probe.error.empty()) throw DataError(name, 0, probe.error);
  check_declared_pixels(probe.width, probe.height, options, name);
  if (probe.format == "jpeg") return decode_jpeg(bytes, name, options);
  cv::Mat bgr;
  try {
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    bgr = cv::imdecode(buf, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception& e) {
    throw DataError(name, 0, std::string("cannot decode image: ") + e.what());
  }
  if (bgr.empty()) throw DataError(name, 0, "cannot decode image (unsupported format or corrupt data)");
  if (bgr.type() != CV_8UC3) throw DataError(name, 0, "decoder returned an unexpected pixel type");
  RgbImage img;
  img.width = bgr.cols;
  img.height = bgr.rows;
  img.source_channels = probe.channels;
  img.pixels.resize(static_cast<std::size_t>(img.width) * img.height * 3);
  cv::Mat rgb(img.height, img.width, CV_8UC3, img.pixels.data());
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return img;
}

}  // namespace plumage::data
