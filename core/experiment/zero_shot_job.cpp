#include "core/experiment/zero_shot_job.h"

#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/jobs.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/runner.h"
#include "core/experiment/runtime.h"
#include "core/features/class_prompts.h"
#include "core/features/text_pipeline.h"

#include <ATen/ATen.h>

namespace plumage::experiment {

namespace {

// Class-level text features encoded with the model (one row per prompt).
train::TextFeatureSet encode_class_texts(const ZeroShotJobParams& p, const train::ImageFeatureSet& images,
                                         const ZeroShotConfig& zc) {
  clip::LoadOptions lo;
  lo.device = c10::Device(resolve_device(p.device));
  const clip::ClipModel model = clip::load_clip(p.model_path, lo);
  const data::ClipTokenizer tok = data::ClipTokenizer::load(p.vocab_path);
  const std::vector<features::ClassText> prompts =
      p.descriptors_path.empty() ? features::template_prompts(images.class_names, zc.templates)
                                 : features::descriptor_prompts(images.class_names, p.descriptors_path);
  std::vector<std::string> texts;
  std::vector<int64_t> labels;
  for (const auto& c : prompts) {
    texts.push_back(c.text);
    labels.push_back(c.label);
  }
  features::TextEncodeOptions eo;
  eo.cancel = p.cancel;
  const features::EncodedTexts enc = features::encode_texts(model, tok, texts, eo);
  if (enc.cancelled) throw RunCancelled();
  train::TextFeatureSet out;
  out.path = p.model_path;
  out.features = enc.features;
  out.labels = at::tensor(labels, at::kLong);
  out.image_ids = at::full({out.features.size(0)}, -1, at::kLong);
  out.text_index = at::arange(out.features.size(0), at::kLong);
  return out;
}

ZeroShotResult zero_shot_job_impl(const ZeroShotJobParams& p) {
  if (p.class_texts_path.empty() == p.model_path.empty())
    throw std::invalid_argument("give either --model (with --vocab) or --class-texts");
  if (!p.model_path.empty() && p.vocab_path.empty())
    throw std::invalid_argument("--model needs --vocab (the CLIP BPE vocabulary)");
  ZeroShotConfig zc;
  zc.device = p.device;
  if (!p.templates.empty()) zc.templates = p.templates;
  const train::ImageFeatureSet images = train::load_image_features(p.image_path);
  const train::TextFeatureSet texts = p.class_texts_path.empty()
                                          ? encode_class_texts(p, images, zc)
                                          : train::load_text_features(p.class_texts_path, images.num_classes());
  try {
    return train::zero_shot(zc, images, texts, {}, p.cancel);
  } catch (const train::Cancelled&) {
    throw RunCancelled();
  }
}

}  // namespace

ZeroShotResult zero_shot_job(const ZeroShotJobParams& params) {
  try {
    return zero_shot_job_impl(params);
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace plumage::experiment
