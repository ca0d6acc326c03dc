// plumage-cli encode-images / encode-texts / encode-coco: CLIP feature files
// from a dataset, image files, or text sources (Reed captions, LLM
// descriptions, COCO captions, a text file), and COCO's paired files.
#include "app/cli/command_registry.h"
#include "app/cli/progress_line.h"

#include "core/data/diagnostics.h"
#include "core/experiment/runtime.h"
#include "core/features/extract_jobs.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

// Progress on stderr: rewritten in place on a terminal, plain lines in a log.
features::ProgressFn progress_printer(const char* what) {
  auto line = std::make_shared<ProgressLine>(what);
  return [line](const features::Progress& p) {
    line->update(p.done, p.total, p.items_per_second,
                 p.skipped ? ", " + std::to_string(p.skipped) + " skipped" : std::string());
  };
}

void print_report(const features::ExtractReport& r, bool quiet) {
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  for (const auto& s : r.skipped) std::cerr << "skipped: " << s.path << ": " << s.reason << "\n";
  if (r.up_to_date) {
    std::cout << r.out_path << " is up to date (" << r.rows << " rows); nothing to do\n";
  } else if (!quiet) {
    std::cout << "wrote " << r.out_path << ": " << r.rows << " rows";
    if (!r.skipped.empty()) std::cout << ", " << r.skipped.size() << " skipped";
    std::cout << " in " << r.seconds << " s\n";
  }
}

struct ImageArgs {
  features::ImageExtractRequest req;
  int torch_threads = 0;
  bool quiet = false;
};

struct TextArgs {
  features::TextExtractRequest req;
  std::string reed, descriptions, coco, texts, descriptors;
  bool prompts = false;
  bool quiet = false;
};

void add_device_options(CLI::App* cmd, features::DeviceChoice& d) {
  cmd->add_option("--device", d.device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--precision", d.precision, "auto (fp16 on CUDA, fp32 on CPU), fp32, fp16 or bf16")
      ->check(CLI::IsMember({"auto", "fp32", "fp16", "bf16"}))
      ->capture_default_str();
}

template <typename F>
auto run_job(F&& job) {
  try {
    return job();
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());  // a bad input file, named in the message
  }
}

const CommandRegistrar kImages(41, [](CLI::App& app) {
  auto a = std::make_shared<ImageArgs>();
  CLI::App* cmd = app.add_subcommand("encode-images", "Encode images with CLIP into an image feature file");
  cmd->add_option("--model", a->req.model_path, "CLIP weights (OpenAI .pt, safetensors, Hugging Face folder)")
      ->required();
  auto* ds = cmd->add_option("--dataset", a->req.dataset_root, "Dataset root (CUB layout) or manifest");
  auto* im = cmd->add_option("--images", a->req.image_files, "Image files (no classes)");
  ds->excludes(im);
  cmd->add_option("--out", a->req.out_path, "Output .safetensors")->required();
  add_device_options(cmd, a->req.device);
  cmd->add_option("--batch", a->req.batch_size, "Images per model call")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--threads", a->torch_threads,
                  "Decode workers and LibTorch intra-op threads (default: one per hardware thread)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--force", a->req.force, "Recompute even when the output is up to date");
  cmd->add_flag("--quiet", a->quiet, "No progress output");
  cmd->callback([a] {
    if (a->req.dataset_root.empty() && a->req.image_files.empty())
      throw ExitError(2, "encode-images: give --dataset ROOT or --images FILE...");
    experiment::set_threads(a->torch_threads);
    a->req.threads = a->torch_threads;
    if (!a->quiet) a->req.progress = progress_printer("encode-images");
    print_report(run_job([&] { return features::extract_image_features(a->req); }), a->quiet);
  });
});

const CommandRegistrar kTexts(42, [](CLI::App& app) {
  auto a = std::make_shared<TextArgs>();
  CLI::App* cmd = app.add_subcommand("encode-texts", "Encode texts with CLIP into a text feature file");
  cmd->add_option("--model", a->req.model_path, "CLIP weights")->required();
  auto* reed = cmd->add_option("--reed", a->reed, "Reed et al. captions folder (text_c10); needs --dataset");
  auto* desc = cmd->add_option("--descriptions", a->descriptions, "Class descriptions: a Plumage descriptions file, or a Menon & Vondrick / CuPL list (needs --dataset)");
  auto* coco = cmd->add_option("--coco", a->coco, "COCO captions_*.json");
  auto* file = cmd->add_option("--texts", a->texts, "UTF-8 text file, one text per line");
  auto* prompts = cmd->add_flag("--prompts", a->prompts,
                                "Class prompts for zero-shot: each class in each --template (needs --dataset)");
  auto* templ = cmd->add_option("--template", a->req.templates,
                                "Prompt template, {} = class name (repeatable; default \"a photo of a {}, a type of bird.\")");
  auto* descriptors = cmd->add_option(
      "--descriptors", a->descriptors,
      "Class prompts \"<class>, which has <descriptor>\" from a JSON {class: [descriptors]} (needs --dataset)");
  auto* attr = cmd->add_flag("--attribute-prompts", a->req.attribute_prompts,
                             "Class prompts for the attribute baseline: the class name with its strongest CUB "
                             "attributes (attributes/class_attribute_labels_continuous.txt; needs --dataset)");
  cmd->add_option("--attributes", a->req.attributes_per_prompt, "--attribute-prompts: attribute groups per prompt")
      ->check(CLI::Range(0, 28))
      ->capture_default_str();
  templ->needs(prompts);
  attr->excludes(reed, desc, coco, file, prompts, descriptors, templ);
  reed->excludes(desc, coco, file, prompts, descriptors);
  desc->excludes(coco, file, prompts, descriptors);
  coco->excludes(file, prompts, descriptors);
  file->excludes(prompts, descriptors);
  prompts->excludes(descriptors);
  cmd->add_option("--dataset", a->req.dataset_root,
                  "Dataset root: image ids and labels for --reed, labels for --descriptions, classes for "
                  "--prompts and --descriptors");
  cmd->add_option("--vocab", a->req.vocab_path, "CLIP vocabulary (default: found beside the model)");
  cmd->add_option("--out", a->req.out_path, "Output .safetensors")->required();
  add_device_options(cmd, a->req.device);
  cmd->add_option("--batch", a->req.batch_size, "Texts per model call")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_flag("--tokens", a->req.with_tokens, "Also store per-token outputs (tokens [M,77,W], lengths [M])");
  cmd->add_option_function<std::string>(
         "--token-dtype", [a](const std::string& v) { a->req.tokens_half = v == "fp16"; },
         "Dtype of the stored per-token outputs: fp16 (default; half the size, widened exactly per batch when "
         "training) or fp32")
      ->check(CLI::IsMember({"fp16", "fp32"}));
  cmd->add_flag("--tokens-fp16", a->req.tokens_half, "Same as --token-dtype fp16 (the default)");
  cmd->add_flag("--per-field,--segments", a->req.description_segments,
                "Descriptions: one text per field/sentence (each within 77 tokens) instead of one per variant; "
                "recorded in the file as text_unit");
  cmd->add_option("--descriptions-format", a->req.descriptions_format,
                  "Layout of --descriptions: auto (default), plumage, menon (Menon & Vondrick descriptors) or cupl; "
                  "menon/cupl lists are matched to --dataset's classes by name")
      ->check(CLI::IsMember({"auto", "plumage", "menon", "cupl"}))
      ->capture_default_str();
  cmd->add_flag("--force", a->req.force, "Recompute even when the output is up to date");
  cmd->add_flag("--quiet", a->quiet, "No progress output");
  cmd->callback([a] {
    using features::TextSource;
    if (!a->reed.empty()) {
      a->req.source = TextSource::Reed;
      a->req.input = a->reed;
    } else if (!a->descriptions.empty()) {
      a->req.source = TextSource::Descriptions;
      a->req.input = a->descriptions;
    } else if (!a->coco.empty()) {
      a->req.source = TextSource::Coco;
      a->req.input = a->coco;
    } else if (!a->texts.empty()) {
      a->req.source = TextSource::File;
      a->req.input = a->texts;
    } else if (a->prompts || !a->descriptors.empty() || a->req.attribute_prompts) {
      a->req.source = TextSource::Prompts;
      a->req.input = a->descriptors;
    } else {
      throw ExitError(2,
                      "encode-texts: give one of --reed DIR, --descriptions FILE, --coco FILE, --texts FILE, "
                      "--prompts, --descriptors FILE");
    }
    if ((a->req.source == TextSource::Reed || a->req.source == TextSource::Prompts) && a->req.dataset_root.empty())
      throw ExitError(2, std::string("encode-texts: ") + (a->req.source == TextSource::Reed ? "--reed" : "class prompts") +
                             " need --dataset ROOT");
    if (!a->quiet) a->req.progress = progress_printer("encode-texts");
    print_report(run_job([&] { return features::extract_text_features(a->req); }), a->quiet);
  });
});

// One command for COCO pairs: the image file (ids = COCO image ids, pairs
// only) and the captions of the images it holds, paired by those ids.
struct CocoArgs {
  features::CocoExtractRequest req;
  bool tokens_fp32 = false;
  bool quiet = false;
};

const CommandRegistrar kCoco(43, [](CLI::App& app) {
  auto a = std::make_shared<CocoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "encode-coco",
      "Encode a COCO captions file and its images into an image and a text feature file paired by COCO image id");
  cmd->add_option("--model", a->req.model_path, "CLIP weights")->required();
  cmd->add_option("--captions", a->req.captions, "COCO captions_train2017.json or captions_val2017.json")->required();
  cmd->add_option("--images", a->req.image_dir,
                  "Image folder (default: train2017/ or val2017/ beside or above the captions file)");
  cmd->add_option("--out-images", a->req.out_images, "Image features .safetensors (pairs only: no classes)")
      ->required();
  cmd->add_option("--out-texts", a->req.out_texts, "Caption features .safetensors")->required();
  cmd->add_option("--vocab", a->req.vocab_path, "CLIP vocabulary (default: found beside the model)");
  add_device_options(cmd, a->req.device);
  cmd->add_option("--batch", a->req.image_batch, "Images per model call")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--text-batch", a->req.text_batch, "Captions per model call")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--threads", a->req.threads, "Decode workers and LibTorch intra-op threads")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--tokens", a->req.with_tokens,
                "Also store per-token caption outputs (what the Q-Former trains on)");
  // The same option as encode-texts.
  cmd->add_option_function<std::string>(
         "--token-dtype", [a](const std::string& v) { a->tokens_fp32 = v == "fp32"; },
         "Dtype of the stored per-token outputs: fp16 (default) or fp32 (twice the size)")
      ->check(CLI::IsMember({"fp16", "fp32"}));
  cmd->add_flag("--force", a->req.force, "Recompute even when the outputs are up to date");
  cmd->add_flag("--quiet", a->quiet, "No progress output");
  cmd->callback([a] {
    experiment::set_threads(a->req.threads);
    a->req.tokens_half = !a->tokens_fp32;
    if (!a->quiet) {
      auto images = progress_printer("encode-coco images"), texts = progress_printer("encode-coco captions");
      a->req.progress = [images, texts](int step, const features::Progress& p) { (step == 0 ? images : texts)(p); };
    }
    const features::CocoExtractReport r = run_job([&] { return features::extract_coco_features(a->req); });
    // Missing images are left out, never renumbered: say how many and which.
    const auto& missing = r.images.missing;
    if (!missing.empty()) {
      std::cerr << "missing: " << missing.size() << " image" << (missing.size() == 1 ? "" : "s")
                << " listed in " << a->req.captions << " not on disk (left out with their captions):";
      for (size_t i = 0; i < missing.size() && i < 5; ++i) std::cerr << " " << missing[i];
      std::cerr << (missing.size() > 5 ? " ..." : "") << "\n";
    }
    print_report(r.images, a->quiet);
    if (!r.images.cancelled) print_report(r.texts, a->quiet);
    if (r.images.cancelled || r.texts.cancelled) throw ExitError(130, "cancelled");
  });
});

}  // namespace
}  // namespace plumage::cli
