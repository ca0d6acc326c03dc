#include "core/engine/train/json.h"

#include <stdexcept>
#include <type_traits>

namespace plumage::train {

using nlohmann::json;

namespace {

// Reads j[key] into out when present; a wrong type names the key.
template <typename T>
void opt(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  try {
    it->get_to(out);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("JSON key '") + key + "': " + e.what());
  }
}

// Enums are written by name and read through their parse function.
void parse_into(const std::string& s, OptimizerKind& e) { e = parse_optimizer_kind(s); }
void parse_into(const std::string& s, AdapterHead& e) { e = parse_adapter_head(s); }
void parse_into(const std::string& s, ConverterKind& e) { e = parse_converter_kind(s); }
void parse_into(const std::string& s, Pooling& e) { e = parse_pooling(s); }
void parse_into(const std::string& s, SamplingMode& e) { e = parse_sampling_mode(s); }
void parse_into(const std::string& s, TextSource& e) { e = parse_text_source(s); }
void parse_into(const std::string& s, CaptionUse& e) { e = parse_caption_use(s); }

template <typename E>
void opt_enum(const json& j, const char* key, E& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_string()) throw std::invalid_argument(std::string("JSON key '") + key + "' must be a string");
  try {
    parse_into(it->get<std::string>(), out);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("JSON key '") + key + "': " + e.what());
  }
}

// Visitors over a type's field list (fields() below): one list serves both
// directions, so a field cannot be written but not read, or the reverse.
struct Writer {
  json& j;
  template <typename T>
  void operator()(const char* key, const T& v) const {
    if constexpr (std::is_enum_v<T>) j[key] = to_string(v);
    else j[key] = v;
  }
};
struct Reader {
  const json& j;
  template <typename T>
  void operator()(const char* key, T& v) const {
    if constexpr (std::is_enum_v<T>) opt_enum(j, key, v);
    else opt(j, key, v);
  }
};

// fields(c, f) calls f(key, member) for every serialized member of c (const
// or not, so the same list writes and reads).
#define PLUMAGE_FIELDS(Type) \
  template <typename S, typename F> \
  std::enable_if_t<std::is_same_v<std::remove_const_t<S>, Type>> fields(S& c, F&& f)

PLUMAGE_FIELDS(RatioPlanConfig) {
  f("image_ratio", c.image_ratio);
  f("per_class_ratios", c.per_class_ratios);
  f("sampling", c.sampling);
  f("text_source", c.text_source);
  f("caption_use", c.caption_use);
  f("val_fraction", c.val_fraction);
  f("seed", c.seed);
}
PLUMAGE_FIELDS(AdapterConfig) {
  f("l2_normalize", c.l2_normalize);
  f("head", c.head);
  f("bottleneck_reduction", c.bottleneck_reduction);
  f("residual_ratio", c.residual_ratio);
  f("init_from_zero_shot", c.init_from_zero_shot);
  f("init_scale", c.init_scale);
  f("label_smoothing", c.label_smoothing);
  f("optimizer", c.optimizer);
  f("epochs", c.epochs);
  f("batch_size", c.batch_size);
  f("lr", c.lr);
  f("weight_decay", c.weight_decay);
  f("momentum", c.momentum);
  f("early_stopping_patience", c.early_stopping_patience);
  f("select_best_on_val", c.select_best_on_val);
  f("eval_test_every_epoch", c.eval_test_every_epoch);
  f("seed", c.seed);
  f("device", c.device);
}
PLUMAGE_FIELDS(QFormerConfig) {
  f("num_queries", c.num_queries);
  f("num_layers", c.num_layers);
  f("hidden", c.hidden);
  f("heads", c.heads);
  f("ffn", c.ffn);
  f("dropout", c.dropout);
  f("cross_attention_every", c.cross_attention_every);
  f("pre_norm", c.pre_norm);
  f("pooling", c.pooling);
  f("w_cosine", c.w_cosine);
  f("w_mse", c.w_mse);
  f("w_infonce", c.w_infonce);
  f("init_temperature", c.init_temperature);
  f("epochs", c.epochs);
  f("batch_size", c.batch_size);
  f("lr", c.lr);
  f("min_lr", c.min_lr);
  f("weight_decay", c.weight_decay);
  f("warmup_steps", c.warmup_steps);
  f("grad_clip", c.grad_clip);
  f("amp", c.amp);
}
PLUMAGE_FIELDS(ConverterConfig) {
  f("kind", c.kind);
  f("normalize", c.normalize);
  f("noise_sigma", c.noise_sigma);
  f("ridge_lambda", c.ridge_lambda);
  f("qformer", c.qformer);
  f("val_fraction", c.val_fraction);
  f("include_test_images", c.include_test_images);
  f("seed", c.seed);
  f("device", c.device);
  f("resume_from", c.resume_from);
}
PLUMAGE_FIELDS(ZeroShotConfig) {
  f("templates", c.templates);
  f("device", c.device);
}
PLUMAGE_FIELDS(LinearProbeConfig) {
  f("weight_decays", c.weight_decays);
  f("adapter", c.adapter);
  f("val_fraction", c.val_fraction);
  f("seed", c.seed);
}
PLUMAGE_FIELDS(MetricPoint) {
  f("epoch", c.epoch);
  f("key", c.key);
  f("value", c.value);
}
PLUMAGE_FIELDS(EvalResult) {
  f("count", c.count);
  f("top1", c.top1);
  f("top5", c.top5);
  f("mean_per_class", c.mean_per_class);
  f("per_class", c.per_class);
  f("class_count", c.class_count);
  f("confusion", c.confusion);
}
PLUMAGE_FIELDS(AdapterResult) {
  f("test", c.test);
  f("val", c.val);
  f("best_epoch", c.best_epoch);
  f("epochs_run", c.epochs_run);
  f("train_image_samples", c.train_image_samples);
  f("train_text_samples", c.train_text_samples);
  f("seconds", c.seconds);
  f("history", c.history);
}
PLUMAGE_FIELDS(ConversionDiagnostics) {
  f("pairs", c.pairs);
  f("images", c.images);
  f("cosine", c.cosine);
  f("mse", c.mse);
  f("r_at_1", c.r_at_1);
  f("r_at_5", c.r_at_5);
  f("modality_gap", c.modality_gap);
}
PLUMAGE_FIELDS(ConverterTrainingData) {
  f("split", c.split);
  f("train_pairs", c.train_pairs);
  f("val_pairs", c.val_pairs);
  f("test_image_pairs", c.test_image_pairs);
  f("test_pairs_left_out", c.test_pairs_left_out);
  f("image_file", c.image_file);
  f("text_file", c.text_file);
  f("image_hash", c.image_hash);
  f("text_hash", c.text_hash);
  f("model", c.model);
  f("weights_hash", c.weights_hash);
}
PLUMAGE_FIELDS(ConverterResult) {
  f("config", c.config);
  f("training_data", c.training_data);
  f("train", c.train);
  f("val", c.val);
  f("epochs_run", c.epochs_run);
  f("steps", c.steps);
  f("seconds", c.seconds);
  f("history", c.history);
}
PLUMAGE_FIELDS(ZeroShotResult) {
  f("test", c.test);
  f("texts_used", c.texts_used);
}
PLUMAGE_FIELDS(LinearProbeResult) {
  f("weight_decays", c.weight_decays);
  f("val_top1", c.val_top1);
  f("chosen_weight_decay", c.chosen_weight_decay);
  f("chosen", c.chosen);
}
PLUMAGE_FIELDS(RatioPlan) {
  f("config", c.config);
  f("num_classes", c.num_classes);
  f("image_rows", c.image_rows);
  f("text_rows", c.text_rows);
  f("val_rows", c.val_rows);
  f("test_rows", c.test_rows);
  f("text_offsets", c.text_offsets);
  f("text_candidates", c.text_candidates);
  f("class_train", c.class_train);
  f("class_images", c.class_images);
  f("class_texts", c.class_texts);
  f("class_val", c.class_val);
}
#undef PLUMAGE_FIELDS

template <typename T>
void write(json& j, const T& c) {
  j = json::object();
  fields(c, Writer{j});
}

// `what` names the type in the error for a non-object (configs and plans);
// results accept anything and keep their defaults.
template <typename T>
void read(const json& j, T& c, const char* what = nullptr) {
  if (what && !j.is_object()) throw std::invalid_argument(std::string(what) + " must be a JSON object");
  fields(c, Reader{j});
}

}  // namespace

void to_json(json& j, const RatioPlanConfig& c) { write(j, c); }
void from_json(const json& j, RatioPlanConfig& c) { read(j, c, "ratio plan config"); }
void to_json(json& j, const AdapterConfig& c) { write(j, c); }
void from_json(const json& j, AdapterConfig& c) { read(j, c, "adapter config"); }
void to_json(json& j, const QFormerConfig& c) { write(j, c); }
void from_json(const json& j, QFormerConfig& c) { read(j, c, "Q-Former config"); }
void to_json(json& j, const ConverterConfig& c) { write(j, c); }
void from_json(const json& j, ConverterConfig& c) { read(j, c, "converter config"); }
void to_json(json& j, const ZeroShotConfig& c) { write(j, c); }
void from_json(const json& j, ZeroShotConfig& c) { read(j, c, "zero-shot config"); }
void to_json(json& j, const LinearProbeConfig& c) { write(j, c); }
void from_json(const json& j, LinearProbeConfig& c) { read(j, c, "linear probe config"); }

void to_json(json& j, const MetricPoint& m) { write(j, m); }
void from_json(const json& j, MetricPoint& m) { read(j, m); }
void to_json(json& j, const EvalResult& r) { write(j, r); }
void from_json(const json& j, EvalResult& r) { read(j, r); }
void to_json(json& j, const AdapterResult& r) { write(j, r); }
void from_json(const json& j, AdapterResult& r) { read(j, r); }
void to_json(json& j, const ConversionDiagnostics& d) { write(j, d); }
void from_json(const json& j, ConversionDiagnostics& d) { read(j, d); }
void to_json(json& j, const ConverterTrainingData& d) { write(j, d); }
void from_json(const json& j, ConverterTrainingData& d) { read(j, d); }
void to_json(json& j, const ConverterResult& r) { write(j, r); }
void from_json(const json& j, ConverterResult& r) { read(j, r); }
void to_json(json& j, const ZeroShotResult& r) { write(j, r); }
void from_json(const json& j, ZeroShotResult& r) { read(j, r); }
void to_json(json& j, const LinearProbeResult& r) { write(j, r); }
void from_json(const json& j, LinearProbeResult& r) { read(j, r); }

void to_json(json& j, const RatioPlan& p) { write(j, p); }
void from_json(const json& j, RatioPlan& p) {
  read(j, p, "ratio plan");
  if (!p.text_rows.empty() && p.config.text_source != TextSource::None &&
      p.text_offsets.size() != p.text_rows.size() + 1)
    throw std::invalid_argument("ratio plan JSON: text_offsets must have one more entry than text_rows");
}

json plan_to_json(const RatioPlan& p, const std::vector<int64_t>& image_ids) {
  json j = p;
  auto ids = [&](const std::vector<int64_t>& rows) {
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (int64_t r : rows) out.push_back(image_ids.at(static_cast<size_t>(r)));
    return out;
  };
  j["image_ids"] = ids(p.image_rows);
  j["text_image_ids"] = ids(p.text_rows);
  j["val_image_ids"] = ids(p.val_rows);
  return j;
}

json plan_counts_json(const RatioPlan& p) {
  int64_t imgs = 0, txts = 0, val = 0, train = 0;
  for (size_t c = 0; c < p.class_images.size(); ++c) {
    imgs += p.class_images[c];
    txts += p.class_texts[c];
    val += p.class_val[c];
    train += p.class_train[c];
  }
  return json{{"images", imgs},
              {"texts", txts},
              {"text_candidates", static_cast<int64_t>(p.text_candidates.size())},
              {"val", val},
              {"train", train},
              {"test", static_cast<int64_t>(p.test_rows.size())},
              {"class_images", p.class_images},
              {"class_texts", p.class_texts},
              {"class_val", p.class_val}};
}

std::vector<double> per_class_ratios_from_json(const json& j, const std::vector<std::string>& class_names,
                                               double default_ratio) {
  const size_t C = class_names.size();
  std::vector<double> out(C, default_ratio);
  if (j.is_array()) {
    if (j.size() != C)
      throw std::invalid_argument("per-class ratios: array has " + std::to_string(j.size()) + " entries for " +
                                  std::to_string(C) + " classes");
    for (size_t c = 0; c < C; ++c) {
      if (!j[c].is_number()) throw std::invalid_argument("per-class ratios: entry " + std::to_string(c) + " is not a number");
      out[c] = j[c].get<double>();
    }
    return out;
  }
  if (!j.is_object()) throw std::invalid_argument("per-class ratios must be a JSON object or array");
  for (const auto& [key, value] : j.items()) {
    if (!value.is_number()) throw std::invalid_argument("per-class ratios: value of '" + key + "' is not a number");
    size_t c = C;
    for (size_t i = 0; i < C; ++i)
      if (class_names[i] == key) c = i;
    if (c == C) {
      // Not a class name: accept a 0-based index.
      char* end = nullptr;
      const long idx = std::strtol(key.c_str(), &end, 10);
      if (!key.empty() && end && *end == '\0' && idx >= 0 && static_cast<size_t>(idx) < C) c = static_cast<size_t>(idx);
    }
    if (c == C) throw std::invalid_argument("per-class ratios: '" + key + "' is neither a class name nor a class index");
    out[c] = value.get<double>();
  }
  return out;
}

}  // namespace plumage::train
