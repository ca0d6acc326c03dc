// Whole extraction jobs, as the CLI and the GUI's workers run them: load the
// model, list the inputs, skip the work when the output file is up to date
// (same cache key), encode, write the feature file atomically.
#pragma once

#include "core/features/feature_file_info.h"
#include "core/features/progress.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plumage::features {

// Where and how the model runs.
struct DeviceChoice {
  std::string device = "cpu";      // "cpu", "cuda", "cuda:N"
  std::string precision = "auto";  // "auto" (fp16 on CUDA, fp32 on CPU), "fp32", "fp16", "bf16"
};

struct ImageExtractRequest {
  std::string model_path;
  std::string dataset_root;              // a dataset (CUB layout or manifest), or
  std::vector<std::string> image_files;  // plain image files: label -1, image ids 1..N, or
  // a COCO captions file (captions_*.json): its images with their COCO ids as
  // image ids, no classes ("pairs only": for converters, not adapters); an
  // image missing on disk is reported (ExtractReport::missing) and left out,
  // the others keep their ids.
  std::string coco_captions;
  std::string coco_image_dir;  // empty: looked for beside the captions file
  std::string out_path;
  DeviceChoice device;
  int batch_size = 64;
  int threads = 0;     // decode workers; 0: one per hardware thread
  bool force = false;  // recompute even when the output is up to date
  ProgressFn progress;
  const std::atomic<bool>* cancel = nullptr;
};

enum class TextSource { Reed, Descriptions, Coco, File, Prompts };
std::string to_string(TextSource s);  // "reed", "llm", "coco", "file", "prompts"

struct TextExtractRequest {
  std::string model_path;
  TextSource source = TextSource::File;
  // Reed: the text_c10 folder; Descriptions: the descriptions JSON; Coco: a
  // captions_*.json; File: UTF-8 text, one text per line (blank lines skipped);
  // Prompts: empty for the templates below, or a descriptors JSON {class: [descriptors]}
  // (features/class_prompts.h).
  std::string input;
  // Coco: keep only the captions of the images in this image feature file
  // (the pairs file encode-coco wrote); empty: every caption.
  std::string paired_images;
  std::string dataset_root;  // Reed, Prompts: required; Descriptions: optional (labels from its classes)
  std::vector<std::string> templates;  // Prompts: "{}" = the class name; empty: the zero-shot default
  // Prompts: the attribute baseline instead, one prompt per class from the
  // dataset's CUB attribute table (features/class_prompts.h).
  bool attribute_prompts = false;
  int attributes_per_prompt = 3;
  std::string vocab_path;    // empty: look beside the model (and one folder up)
  bool description_segments = false;  // one row per description field/sentence instead of per variant
  // Descriptions: "auto" (default), "plumage", "menon" or "cupl" (see core/data/description_import.h).
  std::string descriptions_format = "auto";
  std::string out_path;
  DeviceChoice device;
  int batch_size = 256;
  bool with_tokens = false;
  bool tokens_half = true;  // tokens stored as float16 (default: exact enough, half of float32's 47 GB for COCO)
  bool force = false;
  ProgressFn progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct ExtractReport {
  std::string out_path;
  bool up_to_date = false;  // the file existed with the same cache key: nothing done
  bool cancelled = false;   // nothing written
  int64_t rows = 0;
  std::vector<SkippedImage> skipped;
  std::vector<std::string> missing;   // COCO: listed image files not on disk (left out)
  std::vector<std::string> warnings;  // dataset warnings, truncated texts, ...
  double seconds = 0;
  double items_per_second = 0;
  std::string cache_key;
};

// A COCO captions file and its image folder -> an image feature file (ids =
// COCO image ids, pairs only) and a text feature file of the captions of the
// images it holds, paired by those ids. The two extractions run in order.
struct CocoExtractRequest {
  std::string model_path;
  std::string captions;   // captions_train2017.json / captions_val2017.json
  std::string image_dir;  // empty: looked for beside the captions file
  std::string out_images, out_texts;
  std::string vocab_path;
  DeviceChoice device;
  int image_batch = 64, text_batch = 256;
  int threads = 0;
  bool with_tokens = false;
  bool tokens_half = true;  // per-token outputs as fp16 (COCO's are large)
  bool force = false;
  // Called with 0 (images) or 1 (captions) and that step's progress.
  std::function<void(int step, const Progress&)> progress;
  const std::atomic<bool>* cancel = nullptr;
};
struct CocoExtractReport {
  ExtractReport images, texts;
};
CocoExtractReport extract_coco_features(const CocoExtractRequest& request);

// Throw std::runtime_error subclasses (DataError, ClipLoadError,
// FeatureFileError, ...) naming the file at fault.
ExtractReport extract_image_features(const ImageExtractRequest& request);
ExtractReport extract_text_features(const TextExtractRequest& request);

// The CLIP vocabulary for a model: `explicit_path` when given, else
// bpe_simple_vocab_16e6.txt.gz or vocab.json + merges.txt in the model's
// folder or the one above. Throws std::runtime_error when none is found.
std::string find_vocabulary(const std::string& model_path, const std::string& explicit_path);

}  // namespace plumage::features
