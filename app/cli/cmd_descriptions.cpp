// plumage-cli descriptions import | list | show | lint: descriptions files from
// the terminal (and `score`). `import` turns a published phrase list (Menon & Vondrick,
// CuPL) into a Plumage descriptions file with the GUI's name matching and
// report; `list`/`show` read any descriptions file; `lint` flags what a
// reviewer should look at (core/data/description_lint.h); `score` how well
// each text matches its class's training images under CLIP
// (core/experiment/description_scores.h).
#include "app/cli/command_registry.h"

#include "core/data/class_names.h"
#include "core/data/description_import.h"
#include "core/data/description_lint.h"
#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"
#include "core/data/manifest.h"
#include "core/data/file_util.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/experiment/description_scores.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace plumage::cli {
namespace {

using ojson = nlohmann::ordered_json;

std::vector<std::string> dataset_classes(const std::string& root) {
  if (root.empty()) return {};
  data::ReadOptions ro;
  ro.check_files_exist = false;  // the class list is all that is needed
  ro.mode = data::ReadMode::Lenient;
  return data::open_dataset(root, ro).class_names();
}

data::DescriptionsFileKind kind_of(const std::string& s) {
  const auto k = data::descriptions_kind_from_string(s);
  if (!k) throw ExitError(2, "--format must be auto, plumage, menon or cupl, not \"" + s + "\"");
  return *k;
}

// Opens any descriptions file; a phrase list needs the dataset's classes.
data::OpenedDescriptions open_any(const std::string& file, const std::string& format, const std::string& dataset) {
  try {
    return data::open_descriptions(file, kind_of(format), dataset_classes(dataset));
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
}

// --------------------------------------------------------------------------- import

struct ImportArgs {
  std::string from, dataset, out, format = "auto";
  bool json = false;
};

void print_import_report(const data::ImportReport& r, const std::string& from, std::size_t classes, bool json) {
  if (json) {
    ojson j{{"file", from},
            {"matched", r.matched},
            {"dataset_classes", classes},
            {"unmatched_names", r.unmatched_names},
            {"classes_without_entry", r.classes_without_entry},
            {"problems", ojson::array()}};
    for (const auto& p : r.problems) j["problems"].push_back(p.to_string());
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "matched " << r.matched << " of " << classes << " dataset classes from " << from << "\n";
  if (!r.unmatched_names.empty()) {
    std::cout << r.unmatched_names.size() << " name(s) in the file match no class of the dataset:";
    for (std::size_t i = 0; i < r.unmatched_names.size() && i < 12; ++i) std::cout << (i ? ", " : " ") << r.unmatched_names[i];
    std::cout << (r.unmatched_names.size() > 12 ? ", ...\n" : "\n");
  }
  for (const auto& c : r.classes_without_entry) std::cout << "no description for class " << c << "\n";
  for (const auto& p : r.problems) std::cout << "skipped: " << p.to_string() << "\n";
}

void run_import(const ImportArgs& a) {
  const std::vector<std::string> classes = dataset_classes(a.dataset);
  data::DescriptionsFileKind kind = kind_of(a.format);
  if (kind == data::DescriptionsFileKind::Plumage)
    throw ExitError(2, "descriptions import: --format plumage is already a descriptions file; nothing to import");
  data::OpenedDescriptions opened;
  data::DescriptionStore out;
  try {
    opened = data::open_descriptions(a.from, kind, classes);
    if (!opened.import)
      throw ExitError(2, a.from + " is already a Plumage descriptions file; nothing to import");
    // Importing into an existing file adds (or replaces) the imported variants only.
    if (std::filesystem::exists(a.out)) out = data::DescriptionStore::load(a.out);
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
  print_import_report(*opened.import, a.from, classes.size(), a.json);
  if (opened.import->matched == 0)
    throw ExitError(2, "descriptions import: no name in " + a.from + " matches a class of " + a.dataset);
  for (const auto& c : opened.store.classes) {
    auto& dst = out.find_or_add(c.class_name, c.display_name);
    for (const auto& v : c.variants) {
      dst.variants.erase(std::remove_if(dst.variants.begin(), dst.variants.end(),
                                        [&](const data::DescriptionVariant& x) { return x.id == v.id; }),
                         dst.variants.end());
      dst.variants.push_back(v);
    }
  }
  if (out.title.empty())
    out.title = std::string(opened.kind == data::DescriptionsFileKind::CuPL ? "CuPL" : "Menon & Vondrick") +
                " descriptors imported from " + std::filesystem::path(a.from).filename().string();
  try {
    out.save(a.out);
  } catch (const data::DataError& e) {
    throw ExitError(1, e.what());
  }
  if (!a.json) std::cerr << "descriptions import: wrote " << a.out << "\n";
}

// --------------------------------------------------------------------------- list / show

struct ReadArgs {
  std::string file, dataset, format = "auto", class_name, vocab;
  bool json = false;
};

struct VariantCounts {
  std::size_t approved = 0, rejected = 0, open = 0;
};

VariantCounts count_status(const data::ClassDescriptions& c) {
  VariantCounts n;
  for (const auto& v : c.variants)
    ++(v.status == data::ReviewStatus::Approved ? n.approved : v.status == data::ReviewStatus::Rejected ? n.rejected : n.open);
  return n;
}

void run_list(const ReadArgs& a) {
  const data::OpenedDescriptions d = open_any(a.file, a.format, a.dataset);
  if (a.json) {
    ojson j{{"file", a.file}, {"format", data::to_string(d.kind)}, {"title", d.store.title}, {"fields", d.store.fields},
            {"classes", ojson::array()}, {"failures", d.store.failures.size()}};
    for (const auto& c : d.store.classes) {
      const VariantCounts n = count_status(c);
      j["classes"].push_back({{"class", c.class_name}, {"display_name", c.display_name}, {"variants", c.variants.size()},
                              {"usable", c.usable_variants().size()}, {"approved", n.approved},
                              {"rejected", n.rejected}, {"unreviewed", n.open}});
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << a.file << " (" << data::to_string(d.kind) << ")" << (d.store.title.empty() ? "" : ": " + d.store.title) << "\n";
  if (!d.store.fields.empty()) {
    std::cout << "fields:";
    for (std::size_t i = 0; i < d.store.fields.size(); ++i) std::cout << (i ? ", " : " ") << d.store.fields[i];
    std::cout << "\n";
  }
  std::cout << "class\tvariants\tusable\tapproved\trejected\tunreviewed\n";
  for (const auto& c : d.store.classes) {
    const VariantCounts n = count_status(c);
    std::cout << c.class_name << "\t" << c.variants.size() << "\t" << c.usable_variants().size() << "\t" << n.approved
              << "\t" << n.rejected << "\t" << n.open << "\n";
  }
  std::cout << d.store.classes.size() << " classes, " << d.store.variant_count() << " variants";
  if (!d.store.failures.empty()) std::cout << ", " << d.store.failures.size() << " failed generations kept";
  std::cout << "\n";
}

void run_show(const ReadArgs& a) {
  const data::OpenedDescriptions d = open_any(a.file, a.format, a.dataset);
  std::vector<std::string> names;
  for (const auto& c : d.store.classes) names.push_back(c.class_name);
  const auto idx = data::ClassNameMatcher(names).match(a.class_name);
  if (!idx) throw ExitError(2, a.file + ": no class \"" + a.class_name + "\" (give a key, a display name or a number)");
  const data::ClassDescriptions& c = d.store.classes[*idx];
  std::optional<data::ClipTokenizer> tok;
  if (!a.vocab.empty()) {
    try {
      tok = data::ClipTokenizer::load(a.vocab);
    } catch (const std::exception& e) {
      throw ExitError(2, e.what());
    }
  }
  auto tokens = [&](const std::string& t) { return tok ? static_cast<long long>(tok->count(t).tokens) : -1LL; };
  if (a.json) {
    ojson j{{"class", c.class_name}, {"display_name", c.display_name}, {"variants", ojson::array()}};
    for (const auto& v : c.variants) {
      ojson jv{{"id", v.id}, {"status", data::to_string(v.status)}, {"source", v.provenance.source},
               {"model", v.provenance.model}, {"fields", ojson::array()}, {"sentences", v.sentences}};
      for (const auto& [k, t] : v.fields) {
        ojson f{{"field", k}, {"text", t}};
        if (tok) f["tokens"] = tokens(k + ": " + t);
        jv["fields"].push_back(f);
      }
      if (tok) jv["tokens"] = tokens(v.joined_text());
      j["variants"].push_back(jv);
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << c.class_name << (c.display_name.empty() ? "" : " (" + c.display_name + ")") << "\n";
  for (const auto& v : c.variants) {
    std::cout << "\n[" << v.id << "] " << data::to_string(v.status) << ", " << v.provenance.source
              << (v.provenance.model.empty() ? "" : ", " + v.provenance.model);
    if (tok) std::cout << ", " << tokens(v.joined_text()) << " tokens as one text";
    std::cout << "\n";
    for (const auto& [k, t] : v.fields) {
      std::cout << "  " << k << ": " << t;
      if (tok) std::cout << "  (" << tokens(k + ": " + t) << " tokens)";
      std::cout << "\n";
    }
    for (const auto& s : v.sentences) std::cout << "  - " << s << "\n";
  }
}

// --------------------------------------------------------------------------- lint

struct LintArgs {
  std::string file, dataset, format = "auto", vocab, rules;
  bool json = false, strict = false;
};

void run_lint(const LintArgs& a) {
  const data::OpenedDescriptions d = open_any(a.file, a.format, a.dataset);
  std::optional<data::ClipTokenizer> tok;
  std::optional<data::LintRules> rules;
  try {
    if (!a.vocab.empty()) tok = data::ClipTokenizer::load(a.vocab);
    if (!a.rules.empty()) rules = data::LintRules::load(a.rules);
  } catch (const std::exception& e) {
    throw ExitError(2, e.what());
  }
  data::LintOptions opt;
  if (tok) opt.tokenizer = &*tok;
  const std::vector<data::LintFlag> flags =
      data::lint_descriptions(d.store, rules ? *rules : data::LintRules::builtin(), opt);
  if (a.json) {
    ojson j{{"file", a.file}, {"token_check", tok.has_value()}, {"flags", ojson::array()}};
    for (const auto& f : flags)
      j["flags"].push_back({{"class", f.class_name}, {"variant", f.variant_id}, {"field", f.field},
                            {"kind", data::to_string(f.kind)}, {"detail", f.detail}});
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "class\tvariant\tfield\tflag\tdetail\n";
    for (const auto& f : flags)
      std::cout << f.class_name << "\t" << f.variant_id << "\t" << f.field << "\t" << data::to_string(f.kind) << "\t"
                << f.detail << "\n";
    std::cerr << "descriptions lint: " << flags.size() << " flag(s) in " << d.store.classes.size() << " classes"
              << (tok ? "" : " (no --vocab: token lengths not checked)") << "\n";
  }
  if (a.strict && !flags.empty()) throw ExitError(1, "");
}

// --------------------------------------------------------------------------- score

struct ScoreArgs {
  experiment::DescriptionScoreParams job;
  std::string out, sort = "worst";
  bool json = false, quiet = false;
};

void run_score(ScoreArgs& a) {
  if (a.sort != "worst" && a.sort != "class") throw ExitError(2, "--sort must be worst or class, not \"" + a.sort + "\"");
  const bool to_json = a.json || (a.out.size() > 5 && a.out.compare(a.out.size() - 5, 5, ".json") == 0);
  if (!a.quiet)
    a.job.progress = [](int64_t done, int64_t total) {
      std::cerr << "\rdescriptions score: encoded " << done << " of " << total << " texts" << std::flush;
    };
  experiment::DescriptionScores s = experiment::score_descriptions(a.job);
  if (!a.quiet) std::cerr << "\n";
  if (a.sort == "worst") experiment::sort_worst_first(s.rows);
  const std::string text = to_json ? experiment::scores_json(s).dump(2) + "\n" : experiment::scores_csv(s);
  if (a.out.empty()) {
    std::cout << text;
  } else {
    try {
      data::write_file_atomic(a.out, text);
    } catch (const std::exception& e) {
      throw ExitError(1, std::string("cannot write --out: ") + e.what());
    }
  }
  for (const auto& n : s.notes) std::cerr << "note: " << n << "\n";
  if (!a.quiet)
    std::cerr << "descriptions score: " << s.rows.size() << " texts scored with " << s.model
              << " on training images only" << (a.out.empty() ? "" : "; wrote " + a.out) << "\n";
}

const CommandRegistrar kRegister(61, [](CLI::App& app) {
  CLI::App* group = app.add_subcommand("descriptions", "Import, read, lint and score class descriptions files");
  group->require_subcommand(1);
  const std::string format_help =
      "Layout: auto (default), plumage, menon (Menon & Vondrick descriptors) or cupl; menon/cupl need --dataset";

  auto im = std::make_shared<ImportArgs>();
  CLI::App* imp = group->add_subcommand(
      "import", "Turn a Menon & Vondrick or CuPL list into a descriptions file (names matched to the dataset)");
  imp->add_option("--from", im->from, "The published JSON {class name: [phrases]}")->required();
  imp->add_option("--dataset", im->dataset, "Dataset root (CUB layout) or manifest: the classes to match")->required();
  imp->add_option("--out", im->out, "Descriptions file to write (an existing one keeps its other variants)")->required();
  imp->add_option("--format", im->format, format_help)->capture_default_str();
  imp->add_flag("--json", im->json, "Report as JSON");
  imp->callback([im] { run_import(*im); });

  auto ls = std::make_shared<ReadArgs>();
  CLI::App* list = group->add_subcommand("list", "Classes, variants and review marks of a descriptions file");
  list->add_option("file", ls->file, "Descriptions file")->required();
  list->add_option("--dataset", ls->dataset, "Dataset (needed for a Menon & Vondrick / CuPL list)");
  list->add_option("--format", ls->format, format_help)->capture_default_str();
  list->add_flag("--json", ls->json, "As JSON");
  list->callback([ls] { run_list(*ls); });

  auto sh = std::make_shared<ReadArgs>();
  CLI::App* show = group->add_subcommand("show", "One class's variants, fields and review marks");
  show->add_option("file", sh->file, "Descriptions file")->required();
  show->add_option("class", sh->class_name, "Class: key (001.Black_footed_Albatross), display name or number")->required();
  show->add_option("--dataset", sh->dataset, "Dataset (needed for a Menon & Vondrick / CuPL list)");
  show->add_option("--format", sh->format, format_help)->capture_default_str();
  show->add_option("--vocab", sh->vocab, "CLIP vocabulary: also show token counts");
  show->add_flag("--json", sh->json, "As JSON");
  show->callback([sh] { run_show(*sh); });

  auto li = std::make_shared<LintArgs>();
  CLI::App* lint = group->add_subcommand(
      "lint", "Flag missing/empty fields, text beyond 77 tokens, non-visual content, near duplicates, other class names");
  lint->add_option("file", li->file, "Descriptions file")->required();
  lint->add_option("--dataset", li->dataset, "Dataset (needed for a Menon & Vondrick / CuPL list)");
  lint->add_option("--format", li->format, format_help)->capture_default_str();
  lint->add_option("--vocab", li->vocab, "CLIP vocabulary: also flag texts beyond 77 tokens");
  lint->add_option("--rules", li->rules, "Word lists to use instead of the built-in ones (resources/lint format)");
  lint->add_flag("--json", li->json, "As JSON");
  lint->add_flag("--strict", li->strict, "Exit 1 when anything is flagged");
  lint->callback([li] { run_lint(*li); });

  auto sc = std::make_shared<ScoreArgs>();
  CLI::App* score = group->add_subcommand(
      "score",
      "Score every variant and field with CLIP on the training images: centroid cosine, own-class top-1/top-5, "
      "most confused classes");
  score->add_option("--descriptions", sc->job.descriptions_path, "Descriptions file (any layout)")->required();
  score->add_option("--image-features", sc->job.image_path, "Image feature file made by --model (encode-images)")
      ->required();
  score->add_option("--model", sc->job.model_path, "The CLIP model that made the image features")->required();
  score->add_option("--vocab", sc->job.vocab_path, "CLIP vocabulary (default: found beside the model)");
  score->add_option("--dataset", sc->job.dataset_root,
                    "Dataset whose classes a Menon & Vondrick / CuPL list is matched to (default: the image "
                    "file's classes)");
  score->add_option("--format", sc->job.descriptions_format, format_help)->capture_default_str();
  score->add_option("--device", sc->job.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
  score->add_option("--confused", sc->job.top_confused, "Most confused classes listed per text")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  score->add_option("--out", sc->out, "Write here (.json: JSON, else CSV); default: CSV on stdout");
  score->add_option("--sort", sc->sort, "worst (top-1, top-5, cosine ascending) or class (file order)")
      ->capture_default_str();
  score->add_flag("--json", sc->json, "JSON instead of CSV");
  score->add_flag("--quiet", sc->quiet, "No progress output");
  score->callback([sc] { run_score(*sc); });
});

}  // namespace
}  // namespace plumage::cli
