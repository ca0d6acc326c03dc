// Contrastive training of a CLIP from scratch on (image, caption) pairs: the
// demo's model, trained on the demo's own training images and captions.
//
// Symmetric InfoNCE with a learnable logit_scale (clamped at ln 100, as
// OpenAI's), AdamW (decay on matrices only), linear warmup then cosine decay,
// random-shift and brightness augmentation. ClipModel::encode_* run under
// inference mode on modules whose forward writes in place, so training uses
// its own out-of-place forward (clip_train_forward.cpp) over the same state
// dict; the result is a state dict in OpenAI naming that load_clip reads.
#pragma once

#include "core/engine/clip/clip_config.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plumage::clip {

struct ClipTrainOptions {
  int epochs = 40;        // one epoch: every image once, with one of its captions
  int batch_size = 64;
  double lr = 2e-3;
  double weight_decay = 0.1;
  double warmup_fraction = 0.1;  // of all steps
  double init_logit_scale = 2.6592;  // ln(1 / 0.07), OpenAI's start
  int shift = 4;          // random translation up to this many pixels (0: none)
  double brightness = 0.1;  // random per-image brightness jitter (0: none)
  uint64_t seed = 0;
  int threads = 0;        // torch intra-op threads while training; 0: leave as is
};

struct ClipTrainData {
  at::Tensor pixels;    // [N,3,R,R] float32, CLIP-normalized
  at::Tensor captions;  // [N,K,L] int64 token ids (SOT ... EOT, zero padding); one of K drawn per epoch
};

struct ClipTrainRecord {
  int epochs = 0;          // epochs run
  int64_t pairs = 0;       // images in the training set
  int64_t captions = 0;    // captions over all images
  double final_loss = 0;   // mean loss of the last epoch
  double first_loss = 0;   // mean loss of the first epoch
  double logit_scale = 0;  // exp(logit_scale) at the end
  double seconds = 0;
  std::vector<double> epoch_loss;
  std::string to_json() const;
};

struct ClipTrainResult {
  std::map<std::string, at::Tensor> state_dict;  // OpenAI naming, float32, CPU
  ClipTrainRecord record;
  bool cancelled = false;  // stopped by the cancel flag: state_dict is empty
};

// (epoch, epochs, mean loss of that epoch), after every epoch.
using ClipTrainProgress = std::function<void(int epoch, int epochs, double loss)>;

// Trains from `initial` (e.g. random_clip_weights) on `data`. Throws
// std::invalid_argument naming the bad input (shapes, ids outside the
// vocabulary, no pairs, bad options).
ClipTrainResult train_clip(const ClipConfig& config, const std::map<std::string, at::Tensor>& initial,
                           const ClipTrainData& data, const ClipTrainOptions& options,
                           const ClipTrainProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// Writes the trained weights as safetensors with the architecture in the
// metadata ("config", as load_clip reads), "plumage.kind" = `kind` and the
// training record ("plumage.training", JSON); st::save writes atomically,
// so a cut-short save never looks finished. `extra` adds
// metadata entries (e.g. the key of what the model was trained on).
void save_trained_clip(const std::string& path, const ClipConfig& config, const ClipTrainResult& result,
                       const std::string& kind = "demo-trained-clip",
                       const std::map<std::string, std::string>& extra = {});

namespace detail {
// The training forward (with autograd), exposed for the parity test:
// [N,E] image and text features from a state dict in OpenAI naming.
at::Tensor train_encode_image(const std::map<std::string, at::Tensor>& w, const ClipConfig& c, const at::Tensor& pixels);
at::Tensor train_encode_text(const std::map<std::string, at::Tensor>& w, const ClipConfig& c, const at::Tensor& ids);
// Symmetric InfoNCE of matched rows.
at::Tensor clip_loss(const at::Tensor& image_features, const at::Tensor& text_features, const at::Tensor& logit_scale);
}  // namespace detail

}  // namespace plumage::clip
