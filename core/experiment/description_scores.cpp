// score_descriptions: encode every description text once, then compare it
// with the class's training images (definition: description_scores.h).
#include "core/experiment/description_scores.h"

#include "core/data/description_import.h"
#include "core/data/descriptions.h"
#include "core/data/manifest.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/train/feature_file_format.h"
#include "core/engine/train/feature_sets.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/run_key.h"
#include "core/experiment/runner.h"
#include "core/experiment/runtime.h"
#include "core/features/extract_jobs.h"
#include "core/features/text_pipeline.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>

namespace plumage::experiment {
namespace {

// One text to score, and where its embedding is among the unique texts.
struct Item {
  DescriptionScore row;
  int64_t label = -1;
  int64_t text = -1;
};

data::DescriptionStore read_descriptions(const DescriptionScoreParams& p, const std::vector<std::string>& image_classes) {
  if (p.descriptions) return *p.descriptions;
  if (p.descriptions_path.empty()) throw std::invalid_argument("no descriptions file given (--descriptions)");
  const auto kind = data::descriptions_kind_from_string(p.descriptions_format);
  if (!kind)
    throw std::invalid_argument("--format must be auto, plumage, menon or cupl, not \"" + p.descriptions_format + "\"");
  std::vector<std::string> classes = image_classes;
  if (!p.dataset_root.empty()) {
    data::ReadOptions ro;
    ro.check_files_exist = false;  // the class list is all that is needed
    ro.mode = data::ReadMode::Lenient;
    classes = data::open_dataset(p.dataset_root, ro).class_names();
  }
  return data::open_descriptions(p.descriptions_path, *kind, classes).store;
}

// Scores this close count as a tie, and a tie goes against the text scored.
constexpr double kTie = 1e-9;

// Normalised rows; a zero row stays zero.
at::Tensor normalized(const at::Tensor& x) { return x / x.norm(2, -1, true).clamp_min(1e-12); }

DescriptionScores score_impl(const DescriptionScoreParams& p) {
  if (p.image_path.empty()) throw std::invalid_argument("no image feature file given (--image-features)");
  if (p.model_path.empty()) throw std::invalid_argument("no CLIP model given (--model)");
  if (p.top_confused < 0) throw std::invalid_argument("top_confused must be >= 0");
  DescriptionScores out;
  out.descriptions_file = p.descriptions ? std::string() : p.descriptions_path;
  out.image_file = std::filesystem::absolute(p.image_path).string();

  const train::ImageFeatureSet images = train::load_image_features(p.image_path);
  const data::DescriptionStore store = read_descriptions(p, images.class_names);

  // One model: the text tower must be the one whose image tower made the features.
  clip::LoadOptions lo;
  lo.device = c10::Device(resolve_device(p.device));
  const clip::ClipModel model = clip::load_clip(p.model_path, lo);
  const train::ClipModelId image_model = train::clip_model_of(images.metadata);
  const train::ClipModelId text_model{image_model.name, model.source().weights_hash};
  const std::string mismatch = train::clip_model_mismatch(p.model_path, text_model, p.image_path, image_model);
  if (!mismatch.empty()) throw InputError(mismatch);
  if (image_model.weights_hash.empty())
    out.notes.push_back(p.image_path + " records no CLIP weights hash (made elsewhere?): not checked against " +
                        p.model_path);
  out.weights_hash = text_model.weights_hash;
  out.model = train::describe(text_model);
  FileHashCache hashes;
  out.image_hash = hashes.hash(p.image_path);

  // Texts: each distinct string encoded once.
  std::map<std::string, int64_t> label_of;
  for (size_t c = 0; c < images.class_names.size(); ++c) label_of[images.class_names[c]] = static_cast<int64_t>(c);
  std::vector<std::string> texts;
  std::map<std::string, int64_t> text_index;
  auto index_of = [&](const std::string& t) {
    const auto [it, added] = text_index.emplace(t, static_cast<int64_t>(texts.size()));
    if (added) texts.push_back(t);
    return it->second;
  };
  const std::string origin = p.descriptions ? std::string("the descriptions") : p.descriptions_path;
  std::vector<Item> items;
  std::vector<std::vector<int64_t>> class_texts(images.class_names.size());  // usable whole texts
  for (const data::ClassDescriptions& c : store.classes) {
    const auto l = label_of.find(c.class_name);
    if (l == label_of.end())
      throw InputError(origin + ": class \"" + c.class_name + "\" is not a class of " + p.image_path);
    for (const data::DescriptionVariant* v : c.usable_variants()) {
      const std::string whole = v->joined_text();
      if (!whole.empty()) class_texts[static_cast<size_t>(l->second)].push_back(index_of(whole));
    }
    for (const data::DescriptionVariant& v : c.variants) {
      std::vector<std::pair<std::string, std::string>> parts{{kWholeText, v.joined_text()}};
      for (auto& s : v.named_segments()) parts.push_back(std::move(s));
      if (parts.front().second.empty()) continue;  // nothing to encode in this variant
      for (const auto& [field, text] : parts) {
        Item it;
        it.row.class_name = c.class_name;
        it.row.variant_id = v.id;
        it.row.field = field;
        it.row.status = data::to_string(v.status);
        it.row.text = text;
        it.label = l->second;
        it.text = index_of(text);
        items.push_back(std::move(it));
      }
    }
  }
  if (texts.empty()) throw InputError(origin + ": no description text to score");

  const std::string vocab = features::find_vocabulary(p.model_path, p.vocab_path);
  const data::ClipTokenizer tok = data::ClipTokenizer::load(vocab);
  features::TextEncodeOptions eo;
  eo.cancel = p.cancel;
  if (p.progress)
    eo.progress = [&](const features::Progress& pr) {
      p.progress(static_cast<int64_t>(pr.done), static_cast<int64_t>(pr.total));
    };
  const features::EncodedTexts enc = features::encode_texts(model, tok, texts, eo);
  if (enc.cancelled) throw RunCancelled();
  const at::Tensor T = normalized(enc.features.to(at::kDouble));  // [M,E]

  // Class-level embeddings; classes without a usable text cannot be predicted.
  const int64_t C = images.num_classes();
  at::Tensor K = at::zeros({C, T.size(1)}, at::kDouble);
  std::vector<bool> has_text(static_cast<size_t>(C), false);
  for (int64_t k = 0; k < C; ++k) {
    const auto& idx = class_texts[static_cast<size_t>(k)];
    if (idx.empty()) continue;
    has_text[static_cast<size_t>(k)] = true;
    K[k] = normalized(T.index_select(0, at::tensor(idx, at::kLong)).mean(0));
  }
  for (int64_t k = 0; k < C; ++k)
    if (!has_text[static_cast<size_t>(k)])
      out.notes.push_back("class " + images.class_names[static_cast<size_t>(k)] +
                          " has no usable description: it is not a candidate in the own-class ranks");

  // Training images of each class, normalised.
  const at::Tensor X = normalized(images.features.to(at::kDouble));
  const at::Tensor train = images.is_train.to(at::kBool);
  std::vector<at::Tensor> class_images(static_cast<size_t>(C));
  std::vector<at::Tensor> class_scores(static_cast<size_t>(C));  // [n_c, C]: images x class embeddings
  const at::Tensor no_text = at::tensor(std::vector<uint8_t>(has_text.begin(), has_text.end()), at::kByte)
                                 .to(at::kBool)
                                 .logical_not();
  for (int64_t k = 0; k < C; ++k) {
    const at::Tensor rows = at::nonzero(train & images.labels.eq(k)).flatten();
    out.train_images[images.class_names[static_cast<size_t>(k)]] = rows.numel();
    class_images[static_cast<size_t>(k)] = X.index_select(0, rows);
    class_scores[static_cast<size_t>(k)] =
        class_images[static_cast<size_t>(k)].matmul(K.t()).masked_fill(no_text, -std::numeric_limits<double>::infinity());
  }

  for (Item& it : items) {
    if (p.cancel && p.cancel->load()) throw RunCancelled();
    DescriptionScore& r = it.row;
    const at::Tensor& Xc = class_images[static_cast<size_t>(it.label)];
    r.images = Xc.size(0);
    if (r.images > 0) {
      const at::Tensor t = T[it.text];
      r.centroid_cosine = normalized(Xc.mean(0)).dot(t).item<double>();
      // Other classes only; one within kTie of c is ahead of it (a copy of its text wins).
      at::Tensor s = class_scores[static_cast<size_t>(it.label)].clone();
      s.select(1, it.label).fill_(-std::numeric_limits<double>::infinity());
      const at::Tensor own = Xc.matmul(t);  // [n_c]
      const at::Tensor higher = s.ge(own.unsqueeze(1) - kTie).sum(1);  // classes ahead of c, per image
      r.top1 = higher.eq(0).to(at::kDouble).mean().item<double>();
      r.top5 = higher.lt(5).to(at::kDouble).mean().item<double>();
      // The strongest other class where c was not first.
      const at::Tensor missed = at::nonzero(higher.gt(0)).flatten();
      if (missed.numel() > 0 && p.top_confused > 0) {
        const at::Tensor winners = s.index_select(0, missed).argmax(1);
        const at::Tensor counts = at::bincount(winners, {}, C);
        std::vector<std::pair<int64_t, int64_t>> ranked;  // (-count, class)
        for (int64_t k = 0; k < C; ++k)
          if (const int64_t n = counts[k].item<int64_t>(); n > 0) ranked.emplace_back(-n, k);
        std::sort(ranked.begin(), ranked.end());
        for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(p.top_confused); ++i)
          r.confused_with.push_back({images.class_names[static_cast<size_t>(ranked[i].second)], -ranked[i].first});
      }
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace

DescriptionScores score_descriptions(const DescriptionScoreParams& params) {
  try {
    return score_impl(params);
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace plumage::experiment
