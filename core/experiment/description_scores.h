// A score for every description text: how well each (class, variant, field)
// text of a descriptions file matches its class's images under the CLIP model
// that made the image features, so weak and hallucinated descriptions stand
// out. The one call behind `plumage-cli descriptions score` and the
// Descriptions page's Score action. Torch-free header.
//
// Definition (computed on TRAINING images only, is_train = 1):
// - Every text t (a variant's whole text, field "(all)", = joined_text(); and
//   each of its segments: a field "Beak: ...", or "sentence N" for free
//   sentences) is encoded with the CLIP text tower and L2-normalised.
// - Image features: the class's training images, each L2-normalised.
// - centroid_cosine = cos(t, mean of the class's normalised train features).
// - Own-class rank: each training image of class c is classified among all
//   classes that have a text, class c represented by t alone and every other
//   class k by its class-level text embedding: the mean of the normalised
//   whole-text embeddings of k's usable variants (approved ones if any, else
//   all not rejected), renormalised. Score = cosine. rank = 1 + the number of
//   other classes scoring at least as high as c (within 1e-9: a tie goes
//   against the text, so a copy of another class's text never ranks first).
//   top1 / top5 = fraction of c's train images with rank <= 1 / <= 5.
// - confused_with: the classes ranked first instead of c, most frequent
//   first (at most `top_confused`), with how many images each took.
// Every variant is scored, rejected ones too (a reviewer wants to know why).
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plumage::data {
class DescriptionStore;
}

namespace plumage::experiment {

struct DescriptionScoreParams {
  std::string descriptions_path;  // any descriptions file (Plumage, Menon & Vondrick, CuPL), or
  const data::DescriptionStore* descriptions = nullptr;  // one in memory (the GUI's document)
  std::string descriptions_format = "auto";              // auto | plumage | menon | cupl
  // Classes to match a phrase list against; empty: the image file's class names.
  std::string dataset_root;
  std::string image_path;  // image feature file (core/features), made by `model_path`
  std::string model_path;  // the CLIP model (its text tower encodes the descriptions)
  std::string vocab_path;  // empty: found beside the model
  std::string device = "auto";
  int top_confused = 3;
  std::function<void(int64_t done, int64_t total)> progress;  // texts encoded
  const std::atomic<bool>* cancel = nullptr;
};

struct Confusion {
  std::string class_name;
  int64_t images = 0;
};

struct DescriptionScore {
  std::string class_name;
  std::string variant_id;
  std::string field;   // "(all)" for the whole text, a field name, or "sentence N"
  std::string status;  // the variant's review mark: none | approved | rejected
  std::string text;    // exactly what was encoded
  int64_t images = 0;  // training images of the class
  double centroid_cosine = 0;
  double top1 = 0, top5 = 0;  // fractions in [0, 1]
  std::vector<Confusion> confused_with;
};

struct DescriptionScores {
  std::vector<DescriptionScore> rows;  // class, variant, then "(all)" and the fields in order
  std::string model;                   // "ViT-B/32 (weights 0123456789ab)"
  std::string weights_hash;
  std::string descriptions_file;  // "" when scored from memory
  std::string image_file, image_hash;
  std::string split = "train";    // always: training images only
  std::map<std::string, int64_t> train_images;  // per class
  std::vector<std::string> notes;  // classes left out and why
};

inline const char* kWholeText = "(all)";

// Bad input throws InputError (job_errors.h) naming the file and the key or
// option: a malformed file, a class the image features lack, a model that is
// not the one that made the image features (both weights hashes named).
// Cancelled: RunCancelled.
DescriptionScores score_descriptions(const DescriptionScoreParams& params);

// Worst first: ascending top-1, then top-5, then centroid cosine; ties by
// class, variant, field.
void sort_worst_first(std::vector<DescriptionScore>& rows);

// A header line, then one line per row: class, variant, field, status,
// train_images, centroid_cosine, top1, top5, confused_with ("name (n); ..."),
// text, and on every row split ("train": training images only), the model's
// weights hash and the image feature file's SHA-256. The JSON holds the same
// plus the model, the files, train images per class and the notes.
std::string scores_csv(const DescriptionScores& scores);
nlohmann::ordered_json scores_json(const DescriptionScores& scores);

}  // namespace plumage::experiment
