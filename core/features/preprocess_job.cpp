#include "core/features/preprocess_job.h"

#include "core/data/image/clip_preprocess.h"
#include "core/engine/safetensors.h"

#include <ATen/ops/empty.h>
#include <nlohmann/json.hpp>

#include <map>

namespace plumage::features {

void preprocess_images_to_file(const std::vector<std::string>& images, int resolution,
                               const std::string& out_path) {
  const int r = resolution;
  const auto n = static_cast<int64_t>(images.size());
  at::Tensor pixels = at::empty({n, 3, r, r}, at::kFloat);
  float* base = pixels.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i)
    data::clip_preprocess_file(images[static_cast<size_t>(i)], r, base + i * 3 * r * r);
  const std::map<std::string, std::string> meta = {
      {"images", nlohmann::json(images).dump()},
      {"preprocessing", data::clip_preprocess_description(r)},
      {"resolution", std::to_string(r)},
  };
  st::save(out_path, {{"pixels", pixels}}, meta);
}

}  // namespace plumage::features
