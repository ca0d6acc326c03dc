#include "reference_pixels.h"

#include "core/engine/safetensors.h"

#include <nlohmann/json.hpp>

namespace plumage::test {

ReferencePixels read_reference_pixels(const std::string& path) {
  plumage::st::File f(path);
  ReferencePixels r;
  for (const auto& s : nlohmann::json::parse(f.meta("images"))) r.images.push_back(s.get<std::string>());
  at::Tensor t = f.tensor("real_pixels").contiguous();
  r.count = static_cast<int>(t.size(0));
  r.resolution = static_cast<int>(t.size(2));
  const float* p = t.data_ptr<float>();
  r.pixels.assign(p, p + t.numel());
  return r;
}

}  // namespace plumage::test
