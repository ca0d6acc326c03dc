#include "core/engine/train/adapter_common.h"

#include "core/engine/train/rng.h"

#include <ATen/ATen.h>

#include <stdexcept>
#include <string>

namespace plumage::train {

namespace {
constexpr uint64_t kShuffleStreamBase = 5000;
}

at::Tensor rows_tensor(const std::vector<int64_t>& rows) {
  return at::tensor(c10::ArrayRef<int64_t>(rows), at::kLong);
}

at::Tensor maybe_normalize(const at::Tensor& x, bool l2) {
  return l2 ? x / x.norm(2, {1}, true).clamp_min(1e-12) : x;
}

bool check_adapter_inputs(const char* who, const AdapterConfig& config, const RatioPlan& plan,
                          const ImageFeatureSet& images, const at::Tensor& text_features) {
  const std::string w = who;
  const int64_t C = images.num_classes(), E = images.dim();
  if (plan.num_classes != C)
    throw std::invalid_argument(w + ": the plan has " + std::to_string(plan.num_classes) + " classes, the image features " +
                                std::to_string(C));
  for (const auto* rows : {&plan.image_rows, &plan.text_rows, &plan.val_rows, &plan.test_rows})
    for (int64_t r : *rows)
      if (r < 0 || r >= images.size())
        throw std::invalid_argument(w + ": plan row " + std::to_string(r) + " is outside the image features (" +
                                    std::to_string(images.size()) + " rows)");
  const bool use_text = plan.config.text_source != TextSource::None && !plan.text_rows.empty();
  if (use_text) {
    if (!text_features.defined())
      throw std::invalid_argument(w + ": the plan uses text samples but no converted text features were given");
    if (text_features.dim() != 2 || text_features.size(1) != E)
      throw std::invalid_argument(w + ": converted text features must be [M," + std::to_string(E) + "]");
    for (int64_t t : plan.text_candidates)
      if (t < 0 || t >= text_features.size(0))
        throw std::invalid_argument(w + ": plan text row " + std::to_string(t) + " is outside the text features");
  }
  if (config.epochs < 1) throw std::invalid_argument(w + ": epochs must be at least 1");
  if (config.batch_size < 1) throw std::invalid_argument(w + ": batch_size must be positive");
  return use_text;
}

std::vector<int64_t> epoch_order(uint64_t seed, int epoch, int64_t n) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  Rng(seed, kShuffleStreamBase + static_cast<uint64_t>(epoch)).shuffle(order);
  return order;
}

int64_t count_top1(const at::Tensor& logits, const at::Tensor& y) {
  // A max reduction is several times cheaper than argmax on the CPU. Hitting
  // the maximum equals argmax == y unless a row has tied maxima, which is
  // checked: then argmax decides.
  // Both counts come back in one copy (one device synchronization on a GPU).
  const at::Tensor best = logits.amax(1, true);
  const at::Tensor counts =
      at::stack({logits.eq(best).sum(), logits.gather(1, y.view({-1, 1})).eq(best).sum()}).to(at::kCPU);
  const int64_t maxima = counts[0].item<int64_t>(), hits = counts[1].item<int64_t>();
  if (maxima != logits.size(0)) return logits.argmax(1).eq(y).sum().item<int64_t>();
  return hits;
}

void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace plumage::train
