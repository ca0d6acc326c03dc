#include "core/features/text_pipeline.h"

#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/clip/clip_model.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>

namespace plumage::features {

size_t count_truncated(const data::ClipTokenizer& tokenizer, const std::vector<std::string>& texts, int64_t context) {
  size_t n = 0;
  for (const std::string& text : texts) {
    bool cut = false;
    tokenizer.context_ids(text, static_cast<size_t>(context), data::Overflow::Truncate, &cut);
    n += cut ? 1 : 0;
  }
  return n;
}

EncodedTexts encode_texts(const clip::ClipModel& model, const data::ClipTokenizer& tokenizer,
                          const std::vector<std::string>& texts, const TextEncodeOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const int64_t context = model.config().context_length;
  const int64_t m = static_cast<int64_t>(texts.size());
  EncodedTexts out;
  const bool keep = !options.sink;
  if (keep) out.features = at::empty({m, model.config().embed_dim}, at::kFloat);
  if (keep && options.with_tokens) {
    out.tokens = at::empty({m, context, model.config().text_width}, options.tokens_half ? at::kHalf : at::kFloat);
    out.lengths = at::empty({m}, at::kLong);
  }
  c10::InferenceMode guard;
  const int64_t batch = std::max(1, options.batch_size);
  Progress progress;
  progress.total = texts.size();
  for (int64_t b = 0; b < m; b += batch) {
    if (options.cancel && options.cancel->load()) {
      out.cancelled = true;
      break;
    }
    const int64_t n = std::min(batch, m - b);
    at::Tensor ids = at::zeros({n, context}, at::kLong);
    int64_t* p = ids.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      const std::string& text = texts[static_cast<size_t>(b + i)];
      // Keeps context-1 ids, then EOT (as the reference); tokenizes no more
      // of a long text than the context can use.
      bool cut = false;
      const std::vector<int32_t> t =
          tokenizer.context_ids(text, static_cast<size_t>(context), data::Overflow::Truncate, &cut);
      if (cut) ++out.truncated;
      std::copy(t.begin(), t.end(), p + i * context);
    }
    at::Tensor features, tokens, lengths;
    if (options.with_tokens) {
      const clip::TextEncoding enc = model.encode_text_tokens(ids);
      features = enc.features.to(at::kCPU, at::kFloat);
      tokens = enc.tokens.to(at::kCPU, options.tokens_half ? at::kHalf : at::kFloat);
      lengths = enc.lengths.to(at::kCPU, at::kLong);
    } else {
      features = model.encode_text(ids).to(at::kCPU, at::kFloat);
    }
    if (!keep) {
      options.sink(b, features, tokens, lengths);
    } else {
      out.features.narrow(0, b, n).copy_(features);
      if (options.with_tokens) {
        out.tokens.narrow(0, b, n).copy_(tokens);
        out.lengths.narrow(0, b, n).copy_(lengths);
      }
    }
    progress.done = static_cast<size_t>(b + n);
    progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress.items_per_second = progress.elapsed_seconds > 0 ? progress.done / progress.elapsed_seconds : 0;
    if (options.progress) options.progress(progress);
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace plumage::features
