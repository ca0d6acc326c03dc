#include "core/engine/analysis/conversion_analysis.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace plumage::analysis {

TextImagePairs pair_texts_with_images(const train::ImageFeatureSet& images, const train::TextFeatureSet& texts) {
  std::unordered_map<int64_t, int64_t> row_of_id;
  const at::Tensor ids = images.image_ids.to(at::kLong).contiguous();
  for (int64_t r = 0; r < ids.size(0); ++r) row_of_id[ids.data_ptr<int64_t>()[r]] = r;
  const at::Tensor tids = texts.image_ids.to(at::kLong).contiguous();
  std::vector<int64_t> text_rows, image_rows;
  for (int64_t t = 0; t < tids.size(0); ++t) {
    const int64_t id = tids.data_ptr<int64_t>()[t];
    if (id < 0) continue;  // class-level texts have no paired image
    const auto it = row_of_id.find(id);
    if (it == row_of_id.end())
      throw std::invalid_argument(texts.path + ": text row " + std::to_string(t) + " refers to image id " +
                                  std::to_string(id) + ", which is not in " + images.path);
    text_rows.push_back(t);
    image_rows.push_back(it->second);
  }
  const auto n = static_cast<int64_t>(text_rows.size());
  TextImagePairs p;
  p.text_rows = at::from_blob(text_rows.data(), {n}, at::kLong).clone();
  p.image_rows = at::from_blob(image_rows.data(), {n}, at::kLong).clone();
  return p;
}

at::Tensor row_cosines(const at::Tensor& a_in, const at::Tensor& b_in) {
  if (a_in.dim() != 2 || b_in.dim() != 2 || a_in.sizes() != b_in.sizes())
    throw std::invalid_argument("row_cosines: both inputs must be [n,E] of the same shape");
  at::NoGradGuard no_grad;
  const at::Tensor a = a_in.to(at::kCPU, at::kFloat), b = b_in.to(at::kCPU, at::kFloat);
  const at::Tensor denom = a.norm(2, {1}) * b.norm(2, {1});
  const at::Tensor dot = (a * b).sum(1);
  return at::where(denom.gt(0), dot / denom.clamp_min(1e-30), at::zeros_like(dot));
}

ConversionAnalysis analyze_conversion(const train::Converter& converter, const train::ImageFeatureSet& images,
                                      const train::TextFeatureSet& texts) {
  ConversionAnalysis out;
  out.pairs = pair_texts_with_images(images, texts);
  if (out.pairs.text_rows.size(0) == 0)
    throw std::invalid_argument(texts.path + ": no text row is paired with an image of " + images.path +
                                " (all image ids are -1 or missing)");
  at::NoGradGuard no_grad;
  out.converted = converter.convert(texts, out.pairs.text_rows).to(at::kCPU, at::kFloat);
  at::Tensor img = images.features.to(at::kCPU, at::kFloat);
  if (converter.config().normalize) img = img / img.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
  out.cosines = row_cosines(out.converted, img.index_select(0, out.pairs.image_rows));
  out.diagnostics =
      train::conversion_diagnostics(out.converted, out.pairs.image_rows, img, converter.config().normalize);
  return out;
}

}  // namespace plumage::analysis
