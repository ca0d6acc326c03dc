// The headless demo (experiment/demo_workspace.h): the learned BPE
// vocabulary loads in the CLIP tokenizer; a small demo runs every stage for
// real, and a second call recomputes nothing; bad workspaces are refused.
#include "core/data/tokenizer/tokenizer.h"
#include "core/experiment/combined_table.h"
#include "core/experiment/sweep_job.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"
#include "core/experiment/demo_vocab.h"
#include "core/experiment/demo_workspace.h"
#include "core/experiment/results_table.h"
#include "core/engine/safetensors.h"
#include "lite_test.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using plumage::data::ClipTokenizer;
using namespace plumage::experiment;

namespace {

// The quick path: random CLIP weights (clip_epochs = 0), tiny sizes.
DemoWorkspaceOptions small_demo(const std::string& dir) {
  DemoWorkspaceOptions o;
  o.workspace = dir;
  o.clip_epochs = 0;
  o.classes = 4;
  o.images_per_class = 8;
  o.image_size = 64;
  o.bpe_merges = 120;
  o.adapter_epochs = 5;
  o.converter_epochs = 2;
  o.ratios = {1.0, 0.5, 0.0};
  o.seeds = {0, 1};
  return o;
}

}  // namespace

PLUMAGE_TEST(bpe_vocabulary_loads_in_the_clip_tokenizer) {
  const std::vector<std::string> corpus = {"This bird has a red crown.", "A bird with red wings", "bird bird BIRD 42"};
  const BpeVocabulary v = learn_bpe_vocabulary(corpus, 50);
  QVERIFY(!v.merges.empty());
  QVERIFY(v.merges.size() <= 50);
  QCOMPARE(v.tokens.back(), std::string("<|endoftext|>"));
  const std::string dir = plumage::test::temp_dir();
  write_hf_vocabulary(v, dir);
  const ClipTokenizer tok = ClipTokenizer::from_hf(dir + "/vocab.json", dir + "/merges.txt");
  QCOMPARE(tok.vocab_size(), v.tokens.size());
  QCOMPARE(static_cast<size_t>(tok.eot()), v.tokens.size() - 1);  // EOT is the largest id
  // "bird" is the most frequent word: learned as one symbol.
  const auto ids = tok.encode("bird");
  QCOMPARE(ids.size(), size_t(1));
  QCOMPARE(tok.token_string(ids[0]), std::string("bird</w>"));
  // Unseen text still tokenizes (byte symbols) and decodes back.
  QCOMPARE(tok.decode(tok.encode("zebra xyz")), std::string("zebra xyz "));
}

PLUMAGE_TEST(demo_runs_every_stage_then_reuses_everything) {
  const std::string dir = plumage::test::temp_dir() + "/ws";
  std::vector<std::string> lines;
  std::vector<int> done;
  QVERIFY(!has_demo_dataset(dir));
  QVERIFY(!demo_workspace_finished(dir));
  const auto first = run_demo_workspace(small_demo(dir), [&](const std::string& l, int steps_done, int steps_total) {
    lines.push_back(l);
    done.push_back(steps_done);
    QCOMPARE(steps_total, 10);
  });
  QVERIFY(!first.cancelled);
  QVERIFY(has_demo_dataset(dir));
  QVERIFY(demo_workspace_finished(dir));
  // Step lines count up 1..10; the per-run lines in between repeat the count.
  QCOMPARE(done.front(), 1);
  QCOMPARE(done.back(), 10);
  for (size_t i = 1; i < done.size(); ++i) QVERIFY(done[i] == done[i - 1] || done[i] == done[i - 1] + 1);
  const DemoLayout layout = demo_layout(dir);
  QCOMPARE(layout.features, (fs::absolute(dir) / "cache" / "features").string());
  QCOMPARE(layout.store, (fs::absolute(dir) / "workspace.sqlite").string());
  QCOMPARE(first.steps.size(), size_t(10));
  for (const auto& s : first.steps) QVERIFY2(!s.cached, s.name.c_str());
  // (1.0, 0.5: image only) + (0.5, 0.0) x {reed, llm}, x 2 seeds
  QCOMPARE(first.runs_planned, 12);
  QCOMPARE(first.runs_done_now, 12);
  QCOMPARE(first.runs_failed, 0);
  QVERIFY(lines.size() >= 10);
  for (const char* f : {"model/vocab.json", "model/merges.txt", "model/model.safetensors",
                        "cache/features/images.safetensors", "cache/features/reed.safetensors",
                        "cache/features/descriptions.safetensors", "cache/features/prompts.safetensors", "converters/qformer.safetensors", "sweep.json",
                        "workspace.sqlite", "results.md", "results.tex"})
    QVERIFY2(fs::exists(fs::path(dir) / f), f);
  QVERIFY(first.markdown.find("(100, 0)") != std::string::npos);
  QVERIFY(first.markdown.find("(0, 100)") != std::string::npos);
  QVERIFY(first.markdown.find("\xE2\x80\xA6") == std::string::npos);  // no pending cell
  const ClipTokenizer tok = ClipTokenizer::from_hf(dir + "/model/vocab.json", dir + "/model/merges.txt");
  QVERIFY(tok.merge_count() > 0);

  const auto second = run_demo_workspace(small_demo(dir));
  for (const auto& s : second.steps)
    if (s.name != "tables") QVERIFY2(s.cached, s.name.c_str());
  QCOMPARE(second.runs_already_done, 12);
  QCOMPARE(second.runs_done_now, 0);
  QCOMPARE(second.markdown, first.markdown);
}

// The demo's sweep again with global sampling, into the same store: the
// combined per-class (global) table, and its reverse, match cell by cell the
// two single tables they are made from.
PLUMAGE_TEST(demo_per_class_global_table_matches_its_single_tables) {
  const DemoWorkspaceOptions o = small_demo(plumage::test::temp_dir() + "/ws");
  QCOMPARE(run_demo_workspace(o).runs_failed, 0);
  nlohmann::json sweep;
  std::ifstream(fs::path(o.workspace) / "sweep.json") >> sweep;
  QCOMPARE(sweep["base"]["sampling"], nlohmann::json("per-class"));
  sweep["name"] = "demo-thesis-global";
  sweep["base"]["sampling"] = "global";
  const std::string global_file = (fs::path(o.workspace) / "sweep-global.json").string();
  std::ofstream(global_file) << sweep.dump(2);
  FileHashCache files;
  const std::string db = demo_layout(o.workspace).store;
  {
    plumage::store::RunStore store(db);
    SweepJobParams params;
    params.device = "cpu";
    const SweepOutcome out = execute_sweep(store, plan_sweep_file(global_file, files), params);
    QCOMPARE(out.failed, 0);
    QCOMPARE(out.done, 12);
  }
  plumage::store::StoreReader reader(db);
  const auto pc = require_sweep(reader, "demo-thesis"), gl = require_sweep(reader, "demo-thesis-global");
  const ResultsTable single_pc = sweep_results_table(reader, pc), single_gl = sweep_results_table(reader, gl);
  for (const bool reverse : {false, true}) {
    const CombinedTable t = combined_results_table(reader, {reverse ? gl : pc, {}}, {reverse ? pc : gl, {}});
    const ResultsTable& a = reverse ? single_gl : single_pc;
    const ResultsTable& b = reverse ? single_pc : single_gl;
    QCOMPARE(t.outer_name, std::string(reverse ? "global sampling" : "per-class sampling"));
    QCOMPARE(t.row_labels, a.row_labels);  // both sweeps have every row and column
    QCOMPARE(t.column_labels, a.column_labels);
    const std::string md = combined_to_markdown(t);
    int cells = 0;
    for (size_t r = 0; r < t.row_labels.size(); ++r)
      for (size_t c = 0; c < t.column_labels.size(); ++c) {
        const TableCell &x = a.cells[r][c], &y = b.cells[r][c];
        QCOMPARE(t.cells[r][c].outer.values, x.values);
        QCOMPARE(t.cells[r][c].inner.values, y.values);
        QCOMPARE(t.cells[r][c].outer.run_ids, x.run_ids);
        QCOMPARE(t.cells[r][c].inner.run_ids, y.run_ids);
        const std::string shown = format_combined_cell(t.cells[r][c], false);
        if (x.planned == 0 && y.planned == 0) {
          QCOMPARE(shown, std::string("\xE2\x80\x94"));  // "—"
          continue;
        }
        QCOMPARE(shown, format_cell(x, false) + " (" + format_cell(y, false) + ")");
        QVERIFY(md.find("| " + shown + " |") != std::string::npos);
        ++cells;
      }
    QCOMPARE(cells, 6);  // (100, 0) and (50, 50) image only; (50, 50) and (0, 100) with Reed and LLM
  }
}

PLUMAGE_TEST(demo_with_the_ridge_converter) {
  DemoWorkspaceOptions o = small_demo(plumage::test::temp_dir() + "/ws");
  o.converter = "ridge";
  const auto r = run_demo_workspace(o);
  QCOMPARE(r.runs_done_now, r.runs_planned);
  QCOMPARE(r.runs_failed, 0);
  QVERIFY(fs::exists(fs::path(o.workspace) / "converters/ridge.safetensors"));
}

PLUMAGE_TEST(demo_refuses_foreign_or_mismatched_workspaces) {
  const std::string dir = plumage::test::temp_dir();
  fs::create_directories(dir + "/dataset");
  std::ofstream(dir + "/dataset/mine.txt") << "not a demo";
  QVERIFY_THROWS_WITH(run_demo_workspace(small_demo(dir)), "not a finished demo dataset");
  QVERIFY(fs::exists(dir + "/dataset/mine.txt"));  // nothing deleted

  DemoWorkspaceOptions bad = small_demo(plumage::test::temp_dir());
  bad.converter = "linear";
  QVERIFY_THROWS_WITH(run_demo_workspace(bad), "'ridge' or 'qformer'");
}

PLUMAGE_TEST(an_interrupted_dataset_is_drawn_again_when_the_workspace_allows_it) {
  const std::string dir = plumage::test::temp_dir();
  fs::create_directories(dir + "/dataset/images");
  std::ofstream(dir + "/dataset/images.txt") << "1 half-writ";  // no marker: the drawing was cut short
  DemoWorkspaceOptions o = small_demo(dir);
  o.replace_unfinished_dataset = true;
  std::atomic<bool> cancel{true};  // stop after the dataset step
  const auto r = run_demo_workspace(o, {}, &cancel);
  QCOMPARE(r.steps.size(), size_t(1));
  QVERIFY(!r.steps[0].cached);
  QVERIFY(has_demo_dataset(dir));
  QVERIFY(fs::file_size(dir + "/dataset/images.txt") > 100);  // 4 x 8 image lines, drawn anew
}

PLUMAGE_TEST(demo_stops_when_cancelled) {
  std::atomic<bool> cancel{true};
  const auto r = run_demo_workspace(small_demo(plumage::test::temp_dir() + "/ws"), {}, &cancel);
  QVERIFY(r.cancelled);
  QCOMPARE(r.steps.size(), size_t(1));  // stops after the first step
}

namespace {

const TableCell& cell(const ResultsTable& t, const std::string& row, const std::string& column) {
  const auto r = std::find(t.row_labels.begin(), t.row_labels.end(), row);
  const auto c = std::find(t.column_labels.begin(), t.column_labels.end(), column);
  if (r == t.row_labels.end() || c == t.column_labels.end())
    throw std::runtime_error("no cell " + row + " / " + column);
  return t.cells[static_cast<size_t>(r - t.row_labels.begin())][static_cast<size_t>(c - t.column_labels.begin())];
}

}  // namespace

// The default demo, as `plumage-cli demo` runs it: its CLIP is trained on the
// training pairs, and the sweep shows the study's shape (issue 19): image
// only at (100, 0) well above chance, a clear drop to (10, 90), and Reed's
// captions above image only at (10, 90) over the seeds. Read from the store.
PLUMAGE_TEST(default_demo_trains_its_clip_and_shows_the_method_working) {
  DemoWorkspaceOptions o;
  o.workspace = plumage::test::temp_dir() + "/ws";
  std::vector<std::string> lines;
  const auto r = run_demo_workspace(o, [&](const std::string& l, int, int) { lines.push_back(l); });
  QCOMPARE(r.runs_failed, 0);
  QCOMPARE(r.runs_done_now, r.runs_planned);
  QCOMPARE(r.steps[2].name, std::string("trained CLIP model"));
  QVERIFY(!r.steps[2].cached);
  for (const auto& s : r.steps) std::cout << "    " << s.name << ": " << s.seconds << " s (" << s.detail << ")\n";
  const std::string model = o.workspace + "/model/model.safetensors";
  QCOMPARE(plumage::st::File(model).meta("plumage.kind"), std::string("demo-trained-clip"));
  QVERIFY(!plumage::st::File(model).meta("plumage.training").empty());

  plumage::store::StoreReader reader(demo_layout(o.workspace).store);
  const ResultsTable t = sweep_results_table(reader, require_sweep(reader, "demo-thesis"));
  std::cout << r.markdown << "\n";
  const TableCell& full = cell(t, "(100, 0)", "Image only");
  const TableCell& few = cell(t, "(10, 90)", "Image only");
  const TableCell& reed = cell(t, "(10, 90)", "+ Reed captions");
  QCOMPARE(full.values.size(), o.seeds.size());
  QCOMPARE(few.values.size(), o.seeds.size());
  QCOMPARE(reed.values.size(), o.seeds.size());
  QVERIFY2(full.mean() >= 60.0, "image only at (100, 0): " + std::to_string(full.mean()) + " %");
  // "Clear": measured 63.2 -> 57.7 (seeds' std up to 2.8); 4 points is
  // well outside what two seeds of an unchanged setting move by.
  QVERIFY2(full.mean() - few.mean() >= 4.0,
           "image only (100, 0) -> (10, 90): " + std::to_string(full.mean()) + " -> " + std::to_string(few.mean()));
  QVERIFY2(reed.mean() > few.mean(),
           "(10, 90): + Reed " + std::to_string(reed.mean()) + " vs image only " + std::to_string(few.mean()));

}

// Step 3 on the small demo with a short training: cached while its key
// holds; a corrupt or foreign file, or other training options, train again.
PLUMAGE_TEST(demo_model_is_trained_again_when_corrupt_foreign_or_stale) {
  DemoWorkspaceOptions o = small_demo(plumage::test::temp_dir() + "/ws");
  o.clip_epochs = 2;
  const auto model_step = [&](const DemoWorkspaceOptions& opt) {
    std::atomic<bool> cancel{false};
    const auto r = run_demo_workspace(opt, [&](const std::string&, int done, int) { if (done >= 3) cancel = true; },
                                      &cancel);
    if (r.steps.size() < 3) throw std::runtime_error("the demo stopped before its model step");
    return r.steps[2];
  };
  const std::string model = o.workspace + "/model/model.safetensors";
  auto s = model_step(o);
  QCOMPARE(s.name, std::string("trained CLIP model"));
  QVERIFY(!s.cached);
  QVERIFY2(s.detail.find("16 pairs, 2 epochs") != std::string::npos, s.detail);  // 4 classes x 4 training images
  QVERIFY(model_step(o).cached);
  // Truncated.
  const auto size = fs::file_size(model);
  fs::resize_file(model, size / 2);
  QVERIFY(!model_step(o).cached);
  QVERIFY(model_step(o).cached);
  // Foreign: another file under the name, even one claiming the kind.
  plumage::st::save(model, {{"x", at::zeros({1})}}, {{"plumage.kind", "demo-trained-clip"}});
  QVERIFY(!model_step(o).cached);
  QCOMPARE(plumage::st::File(model).meta("plumage.kind"), std::string("demo-trained-clip"));
  // Other training options: another model.
  o.clip_lr = 1e-3;
  QVERIFY(!model_step(o).cached);
  QVERIFY(model_step(o).cached);
  // The quick path's random weights are a different kind.
  o.clip_epochs = 0;
  s = model_step(o);
  QCOMPARE(s.name, std::string("random CLIP model"));
  QVERIFY(!s.cached);
  QCOMPARE(plumage::st::File(model).meta("plumage.kind"), std::string("demo-random-clip"));
}

PLUMAGE_TEST_MAIN()
