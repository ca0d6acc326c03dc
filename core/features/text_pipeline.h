// Text encoding pipeline: CLIP tokenization (77-token context, long texts
// truncated and counted) and batched text-encoder inference, with progress
// and cancellation. Optionally keeps the per-token ln_final output (the
// Q-Former's input).
#pragma once

#include "core/features/image_pipeline.h"

#include <ATen/core/Tensor.h>

#include <functional>

namespace plumage::data {
class ClipTokenizer;
}

namespace plumage::features {

struct TextEncodeOptions {
  int batch_size = 256;
  bool with_tokens = false;
  bool tokens_half = false;  // keep tokens as float16 (half the size)
  // When set, each batch goes here (rows [first, first+n), on the CPU; tokens
  // and lengths undefined without with_tokens) and EncodedTexts holds no
  // tensors: memory stays one batch, whatever the number of texts.
  std::function<void(int64_t first, const at::Tensor& features, const at::Tensor& tokens, const at::Tensor& lengths)>
      sink;
  ProgressFn progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct EncodedTexts {
  at::Tensor features;  // [M,E] float32, CPU
  at::Tensor tokens;    // [M,L,W] when with_tokens
  at::Tensor lengths;   // [M] int64 when with_tokens
  size_t truncated = 0;  // texts longer than the context (cut to fit)
  bool cancelled = false;
  double seconds = 0;
};

// Texts longer than the context (what encode_texts would count), without encoding.
size_t count_truncated(const data::ClipTokenizer& tokenizer, const std::vector<std::string>& texts, int64_t context);

EncodedTexts encode_texts(const clip::ClipModel& model, const data::ClipTokenizer& tokenizer,
                          const std::vector<std::string>& texts, const TextEncodeOptions& options = {});

}  // namespace plumage::features
