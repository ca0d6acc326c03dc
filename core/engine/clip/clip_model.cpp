// ClipModel: encoding entry points, device/dtype moves and checks on input.
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_towers.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <stdexcept>

namespace plumage::clip {

const ClipConfig& ClipModel::config() const { return net_->config; }
const WeightsSource& ClipModel::source() const { return *source_; }
c10::Device ClipModel::device() const { return net_->logit_scale.device(); }
c10::ScalarType ClipModel::dtype() const { return net_->visual->class_embedding.scalar_type(); }
double ClipModel::logit_scale() const { return net_->logit_scale.item<double>(); }

void ClipModel::to(c10::Device device, c10::ScalarType dtype) {
  if (!at::isFloatingType(dtype))
    throw std::invalid_argument("ClipModel::to: dtype " + detail::dtype_name(dtype) + " is not floating point");
  if (device.is_cpu() && dtype != at::kFloat)
    throw std::invalid_argument("ClipModel::to: " + detail::dtype_name(dtype) +
                                " needs a CUDA device; the CPU runs float32");
  net_->to(device, dtype);
}

at::Tensor ClipModel::encode_image(const at::Tensor& pixels) const {
  const int64_t r = config().image_resolution;
  if (pixels.dim() != 4 || pixels.size(1) != 3 || pixels.size(2) != r || pixels.size(3) != r)
    throw std::invalid_argument("encode_image: pixels must be [N,3," + std::to_string(r) + "," +
                                std::to_string(r) + "], got " + detail::shape_string(pixels.sizes()));
  if (!at::isFloatingType(pixels.scalar_type()))
    throw std::invalid_argument("encode_image: pixels must be floating point, got " +
                                detail::dtype_name(pixels.scalar_type()));
  c10::InferenceMode guard;
  if (pixels.size(0) == 0) return at::empty({0, config().embed_dim}, at::device(device()).dtype(at::kFloat));
  return net_->visual->forward(pixels.to(device(), dtype())).to(at::kFloat);
}

namespace {

// Checked int64 ids on `device` and the EOT (argmax) position of each row.
std::pair<at::Tensor, at::Tensor> prepare_ids(const at::Tensor& ids, const ClipConfig& c, c10::Device device) {
  if (ids.dim() != 2 || ids.size(1) < 1 || ids.size(1) > c.context_length)
    throw std::invalid_argument("encode_text: token ids must be [N,L] with 1 <= L <= " +
                                std::to_string(c.context_length) + ", got " + detail::shape_string(ids.sizes()));
  if (at::isFloatingType(ids.scalar_type()) || ids.scalar_type() == at::kBool)
    throw std::invalid_argument("encode_text: token ids must be integers, got " + detail::dtype_name(ids.scalar_type()));
  at::Tensor x = ids.to(device, at::kLong);
  if (x.numel() > 0) {
    const int64_t lo = x.min().item<int64_t>(), hi = x.max().item<int64_t>();
    if (lo < 0 || hi >= c.vocab_size)
      throw std::invalid_argument("encode_text: token id " + std::to_string(lo < 0 ? lo : hi) +
                                  " is outside the vocabulary [0, " + std::to_string(c.vocab_size) + ")");
  }
  return {x, x.argmax(-1)};
}

}  // namespace

at::Tensor ClipModel::encode_text(const at::Tensor& ids) const {
  c10::InferenceMode guard;
  auto [x, eot] = prepare_ids(ids, config(), device());
  if (x.size(0) == 0) return at::empty({0, config().embed_dim}, at::device(device()).dtype(at::kFloat));
  // Causal attention: positions after the last EOT cannot change any pooled
  // feature, so they are not computed.
  const int64_t used = eot.max().item<int64_t>() + 1;
  at::Tensor tokens = net_->text_tokens(x.narrow(1, 0, used));
  return net_->text_pool(tokens, eot).to(at::kFloat);
}

TextEncoding ClipModel::encode_text_tokens(const at::Tensor& ids) const {
  c10::InferenceMode guard;
  auto [x, eot] = prepare_ids(ids, config(), device());
  TextEncoding out;
  if (x.size(0) == 0) {
    auto f = at::device(device()).dtype(at::kFloat);
    out.features = at::empty({0, config().embed_dim}, f);
    out.tokens = at::empty({0, ids.size(1), config().text_width}, f);
    out.lengths = at::empty({0}, at::device(device()).dtype(at::kLong));
    return out;
  }
  at::Tensor tokens = net_->text_tokens(x);
  out.features = net_->text_pool(tokens, eot).to(at::kFloat);
  out.tokens = tokens.to(at::kFloat);
  out.lengths = eot + 1;
  return out;
}

at::Tensor ClipModel::logits(const at::Tensor& image_features, const at::Tensor& text_features) const {
  c10::InferenceMode guard;
  at::Tensor a = image_features.to(at::kFloat), b = text_features.to(at::kFloat).to(a.device());
  a = a / a.norm(2, -1, true);
  b = b / b.norm(2, -1, true);
  return at::matmul(a, b.t()).mul_(std::exp(logit_scale()));
}

std::vector<std::pair<std::string, at::Tensor>> ClipModel::named_parameters() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : net_->named_parameters(/*recurse=*/true)) out.emplace_back(item.key(), item.value());
  return out;
}

}  // namespace plumage::clip
