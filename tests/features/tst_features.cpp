// Feature files (round trip, validation with clear errors) and the
// extraction pipeline against the reference CLIP outputs: JPEG -> our
// preprocessing -> tiny model vs the reference pipeline's features, text
// ids -> features, unreadable images, cancellation, the cache, and the
// whole cub200-subset.
#include "core/data/class_names.h"
#include "core/data/cub_attribute_prompts.h"
#include "core/data/descriptions.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/safetensors.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "core/experiment/converter_job.h"
#include "core/experiment/converter_presets.h"
#include "tiny_clip_fixture.h"
#include "feature_test_util.h"
#include "core/features/class_prompts.h"
#include "core/features/extract_jobs.h"
#include "core/features/feature_file.h"
#include "core/features/image_pipeline.h"
#include "core/features/text_pipeline.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace plumage;
using features::FeatureFileError;

namespace {

double rel_err(const at::Tensor& a, const at::Tensor& ref) {
  return (a.to(at::kDouble) - ref.to(at::kDouble)).norm().item<double>() / ref.to(at::kDouble).norm().item<double>();
}

features::ImageFeatureSet small_image_set() {
  features::ImageFeatureSet s;
  s.features = at::randn({5, 8});
  s.labels = at::tensor(std::vector<int64_t>{0, 1, 2, 1, 0});
  s.is_train = at::tensor(std::vector<uint8_t>{1, 0, 1, 1, 0});
  s.image_ids = at::tensor(std::vector<int64_t>{11, 12, 13, 14, 15});
  s.model = {"ViT-test", "/m.safetensors", "openai-state-dict", "abc123"};
  s.preprocess = R"({"resolution": 64})";
  s.dataset = {"/data/cub", "cub", "sha256:00", 6};
  s.class_names = {"001.A", "002.B", "003.C"};
  s.skipped = {{16, "/data/cub/x.jpg", "corrupt JPEG"}};
  s.cache_key = "key1";
  return s;
}

template <typename F>
QString error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TstFeatures : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  QString tmp(const char* name) const { return tmp_.filePath(QString::fromLatin1(name)); }

 private slots:
  void imageFileRoundTrip() {
    const auto s = small_image_set();
    const std::string path = tmp("img.safetensors").toStdString();
    features::write_image_features(path, s);
    const auto r = features::read_image_features(path);
    QVERIFY(r.features.equal(s.features));
    QVERIFY(r.labels.equal(s.labels));
    QVERIFY(r.is_train.equal(s.is_train));
    QVERIFY(r.image_ids.equal(s.image_ids));
    QCOMPARE(r.model.weights_hash, std::string("abc123"));
    QCOMPARE(r.class_names, s.class_names);
    QCOMPARE(r.skipped.size(), size_t(1));
    QCOMPARE(r.skipped[0].reason, std::string("corrupt JPEG"));
    QCOMPARE(r.dataset.images_hash, std::string("sha256:00"));
    QCOMPARE(r.cache_key, std::string("key1"));
    const auto info = features::read_feature_info(path);
    QCOMPARE(info.kind, features::FeatureKind::Image);
    QCOMPARE(info.rows, int64_t(5));
    QCOMPARE(info.dim, int64_t(8));
    QCOMPARE(info.metadata.at("kind"), std::string("image"));
    // A text reader refuses an image file by name.
    QVERIFY(error_of([&] { features::read_text_features(path); }).contains("expected 'text'"));
  }

  void invalidSetsAreRefusedWithReasons() {
    auto s = small_image_set();
    s.labels[2] = 7;  // only 3 classes
    QVERIFY(error_of([&] { features::write_image_features(tmp("bad.safetensors").toStdString(), s); })
                .contains("labels"));
    s = small_image_set();
    s.features[1][1] = std::nan("");
    QVERIFY(error_of([&] { features::validate(s, "x"); }).contains("NaN"));
    s = small_image_set();
    s.image_ids[4] = 11;
    QVERIFY(error_of([&] { features::validate(s, "x"); }).contains("duplicate"));
    s = small_image_set();
    s.labels = s.labels.to(at::kInt);
    QVERIFY(error_of([&] { features::validate(s, "x"); }).contains("labels"));
    s = small_image_set();
    s.is_train = at::ones({4}, at::kByte);
    QVERIFY(error_of([&] { features::validate(s, "x"); }).contains("is_train"));
    QVERIFY(!QFile::exists(tmp("bad.safetensors")));
  }

  void foreignFilesAreRefusedByName() {
    const std::string plain = tmp("plain.safetensors").toStdString();
    st::save(plain, {{"features", at::zeros({2, 3})}}, {});
    const QString e1 = error_of([&] { features::read_feature_info(plain); });
    QVERIFY2(e1.contains("plain.safetensors") && e1.contains("format"), qPrintable(e1));
    const std::string wrong = tmp("wrong.safetensors").toStdString();
    st::save(wrong, {{"features", at::zeros({2, 3})}, {"labels", at::zeros({3}, at::kLong)},
                     {"image_ids", at::zeros({2}, at::kLong)}, {"is_train", at::zeros({2}, at::kByte)}},
             {{"format", "plumage.features"}, {"kind", "image"}, {"model", "{}"}});
    const QString e2 = error_of([&] { features::read_feature_info(wrong); });
    QVERIFY2(e2.contains("labels") && e2.contains("expected [2]"), qPrintable(e2));
    QFile junk(tmp("junk.safetensors"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a safetensors file at all");
    junk.close();
    QVERIFY(!error_of([&] { features::read_feature_info(junk.fileName().toStdString()); }).isEmpty());
  }

  // The features layer and the training loader read through the same checks:
  // a malformed file gets one message from both, naming the file and the key.
  void malformedFilesAreRefusedAlikeByBothReaders() {
    const std::map<std::string, std::string> image_meta = {
        {"format", "plumage.features"}, {"kind", "image"}, {"model", "{}"}, {"class_names", R"(["a","b"])"}};
    const at::Tensor f = at::zeros({3, 2}), y = at::tensor(std::vector<int64_t>{0, 1, 1}),
                     tr = at::ones({3}, at::kByte), ids = at::arange(3, at::kLong);
    struct Case {
      const char* file;
      st::NamedTensors tensors;
      const char* key;
    };
    const std::vector<Case> images = {
        {"nan.safetensors", {{"features", at::full({3, 2}, NAN)}, {"labels", y}, {"is_train", tr}, {"image_ids", ids}}, "'features' row 0"},
        {"dup.safetensors", {{"features", f}, {"labels", y}, {"is_train", tr}, {"image_ids", at::zeros({3}, at::kLong)}}, "duplicate id 0"},
        {"split.safetensors", {{"features", f}, {"labels", y}, {"is_train", tr * 2}, {"image_ids", ids}}, "'is_train' row 0"},
        {"int32.safetensors", {{"features", f}, {"labels", y.to(at::kInt)}, {"is_train", tr}, {"image_ids", ids}}, "'labels' is I32"},
    };
    for (const Case& c : images) {
      const std::string path = tmp(c.file).toStdString();
      st::save(path, c.tensors, image_meta);
      const QString a = error_of([&] { features::read_image_features(path); });
      QVERIFY2(a.contains(c.file) && a.contains(c.key), qPrintable(a));
      QCOMPARE(error_of([&] { train::load_image_features(path); }), a);
    }
    // Texts: one per row, in the header check the UI uses too.
    const std::string texts = tmp("texts.safetensors").toStdString();
    st::save(texts, {{"features", f}, {"labels", y}, {"image_ids", ids}, {"text_index", ids}},
             {{"format", "plumage.features"}, {"kind", "text"}, {"model", "{}"}, {"source", "file"}, {"texts", R"(["x"])"}});
    const QString t = error_of([&] { features::read_text_features(texts); });
    QVERIFY2(t.contains("texts.safetensors") && t.contains("'texts' has 1 entries for 3 rows"), qPrintable(t));
    QCOMPARE(error_of([&] { train::load_text_features(texts); }), t);
    QCOMPARE(error_of([&] { features::read_feature_info(texts); }), t);
    // What the extraction writes, the training loader reads (and vice versa for
    // the tensors): one writer, one reader.
    const std::string good = tmp("good.safetensors").toStdString();
    auto set = small_image_set();
    features::write_image_features(good, set);
    const train::ImageFeatureSet loaded = train::load_image_features(good);
    QVERIFY(loaded.features.equal(set.features));
    QCOMPARE(loaded.metadata.at("cache_key"), std::string("key1"));
    // An image without a class (-1) is a valid file, but not a training set.
    auto unlabeled = set;
    unlabeled.labels = set.labels.clone();
    unlabeled.labels[0] = -1;
    features::write_image_features(good, unlabeled);
    QCOMPARE(features::read_image_features(good).labels[0].item<int64_t>(), int64_t(-1));
    QVERIFY(error_of([&] { train::load_image_features(good); }).contains("row 0 has label -1 outside [0, 3)"));
  }

  void textFileRoundTripWithTokens() {
    features::TextFeatureSet s;
    s.features = at::randn({3, 8});
    s.labels = at::tensor(std::vector<int64_t>{0, -1, 1});
    s.image_ids = at::tensor(std::vector<int64_t>{5, -1, -1});
    s.text_index = at::tensor(std::vector<int64_t>{0, 0, 1});
    s.tokens = at::randn({3, 77, 4}).to(at::kHalf);
    s.lengths = at::tensor(std::vector<int64_t>{5, 77, 1});
    s.source = "reed";
    s.texts = {"a bird", "Café crème", "鳥"};
    s.class_names = {"A", "B"};
    const std::string path = tmp("txt.safetensors").toStdString();
    features::write_text_features(path, s);
    const auto r = features::read_text_features(path);
    QVERIFY(r.features.equal(s.features));
    QVERIFY(r.tokens.equal(s.tokens));
    QVERIFY(r.lengths.equal(s.lengths));
    QCOMPARE(r.texts, s.texts);
    QCOMPARE(r.source, std::string("reed"));
    const auto info = features::read_feature_info(path);
    QVERIFY(info.has_tokens);
    QCOMPARE(info.token_width, int64_t(4));
    s.texts.pop_back();
    QVERIFY(error_of([&] { features::validate(s, "x"); }).contains("texts"));
  }

  void pipelineMatchesReferenceFromJpegs() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(reference, "clip/reference/tiny-clip-vit-p16.reference.safetensors");
    PLUMAGE_REQUIRE_SHARED(subset, "cub200-subset/images.txt");
    const st::File ref(reference.toStdString());
    const auto images = nlohmann::json::parse(ref.meta("images")).get<std::vector<std::string>>();
    const QString root = QFileInfo(subset).absolutePath();
    std::vector<features::ImageItem> items;
    int64_t id = 1;
    for (const auto& rel : images) items.push_back({(root + "/" + QString::fromStdString(rel)).toStdString(), id++, 0, true});
    // An unreadable file in the middle is skipped and reported, not fatal.
    QFile bad(tmp("broken.jpg"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\xFF\xD8\xFF\xE0 truncated");
    bad.close();
    items.insert(items.begin() + 2, features::ImageItem{bad.fileName().toStdString(), 99, 0, true});

    const clip::ClipModel model = clip::load_clip(weights.toStdString());
    std::vector<features::Progress> seen;
    features::ImageEncodeOptions opt;
    opt.batch_size = 2;  // several batches through the ring
    opt.threads = 2;
    opt.progress = [&](const features::Progress& p) { seen.push_back(p); };
    const auto enc = features::encode_images(model, items, opt);
    QVERIFY(!enc.cancelled);
    QCOMPARE(enc.skipped.size(), size_t(1));
    QCOMPARE(enc.skipped[0].image_id, int64_t(99));
    QVERIFY(!enc.skipped[0].reason.empty());
    QCOMPARE(enc.kept, (std::vector<size_t>{0, 1, 3, 4}));
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back().done, size_t(5));
    QCOMPARE(seen.back().skipped, size_t(1));
    const double e = rel_err(enc.features, ref.tensor("real_pixels_image_features"));
    qInfo("JPEG -> features vs reference: relative error %.3g", e);
    QVERIFY2(e <= 2e-2, qPrintable(QString::number(e)));
  }

  void cancellationStopsWithoutOutput() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(subset, "cub200-subset");
    features::ImageExtractRequest r;
    r.model_path = weights.toStdString();
    r.dataset_root = subset.toStdString();
    r.out_path = tmp("cancelled.safetensors").toStdString();
    std::atomic<bool> cancel{false};
    r.cancel = &cancel;
    r.batch_size = 16;
    r.progress = [&](const features::Progress& p) {
      if (p.done >= 32) cancel = true;
    };
    const auto report = features::extract_image_features(r);
    QVERIFY(report.cancelled);
    QVERIFY(!QFile::exists(tmp("cancelled.safetensors")));
  }

  void wholeSubsetAndCache() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(subset, "cub200-subset");
    features::ImageExtractRequest r;
    r.model_path = weights.toStdString();
    r.dataset_root = subset.toStdString();
    r.out_path = tmp("subset.safetensors").toStdString();
    r.batch_size = 128;
    const auto report = features::extract_image_features(r);
    QVERIFY(!report.up_to_date);
    QCOMPARE(report.rows, int64_t(2290));
    QVERIFY(report.skipped.empty());
    const auto set = features::read_image_features(r.out_path);
    QCOMPARE(set.features.size(0), int64_t(2290));
    QCOMPARE(set.features.size(1), int64_t(32));
    QCOMPARE(set.is_train.sum().item<int64_t>(), int64_t(1200));
    QCOMPARE(set.class_names.size(), size_t(40));
    QCOMPARE(set.labels.max().item<int64_t>(), int64_t(39));
    QCOMPARE(set.image_ids[0].item<int64_t>(), int64_t(1));
    QCOMPARE(set.dataset.image_count, int64_t(2290));
    // Same inputs: the file is up to date and not recomputed.
    const auto again = features::extract_image_features(r);
    QVERIFY(again.up_to_date);
    QCOMPARE(again.rows, int64_t(2290));
  }

  void textPipelineMatchesReference() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(reference, "clip/reference/tiny-clip-vit-p16.reference.safetensors");
    PLUMAGE_REQUIRE_SHARED(vocab, "clip/bpe_simple_vocab_16e6.txt.gz");
    const st::File ref(reference.toStdString());
    const auto texts = nlohmann::json::parse(ref.meta("texts")).get<std::vector<std::string>>();
    const auto tok = data::ClipTokenizer::load(vocab.toStdString());
    const at::Tensor ref_ids = ref.tensor("text_token_ids");
    for (size_t i = 0; i < texts.size(); ++i) {
      const auto ids = tok.context_ids(texts[i]);
      const at::Tensor row = at::tensor(std::vector<int64_t>(ids.begin(), ids.end()));
      QVERIFY2(row.equal(ref_ids[static_cast<int64_t>(i)]), texts[i].c_str());
    }
    const clip::ClipModel model = clip::load_clip(weights.toStdString());
    features::TextEncodeOptions opt;
    opt.batch_size = 3;
    opt.with_tokens = true;
    const auto enc = features::encode_texts(model, tok, texts, opt);
    const double e = rel_err(enc.features, ref.tensor("text_features"));
    QVERIFY2(e <= 1e-4, qPrintable(QString::number(e)));
    QCOMPARE(enc.tokens.size(1), int64_t(77));
    QCOMPARE(enc.lengths[3].item<int64_t>(), int64_t(4));  // SOT "a" "bird" EOT
    QCOMPARE(enc.truncated, size_t(0));
  }

  void textExtractionFromFile() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    QFile f(tmp("texts.txt"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    std::string long_text;
    for (int i = 0; i < 90; ++i) long_text += "wing ";
    f.write(("a bird\n\nCafé crème\n" + long_text + "\n").c_str());
    f.close();
    features::TextExtractRequest r;
    r.model_path = weights.toStdString();
    r.source = features::TextSource::File;
    r.input = f.fileName().toStdString();
    r.out_path = tmp("texts.safetensors").toStdString();
    r.with_tokens = true;
    const auto report = features::extract_text_features(r);
    QCOMPARE(report.rows, int64_t(3));
    QCOMPARE(report.warnings.size(), size_t(1));  // the long text was truncated
    const auto set = features::read_text_features(r.out_path);
    QCOMPARE(set.texts[1], std::string("Café crème"));
    QCOMPARE(set.text_index[1].item<int64_t>(), int64_t(2));  // line 3 of the file
    QCOMPARE(set.image_ids[0].item<int64_t>(), int64_t(-1));
    QCOMPARE(set.lengths[2].item<int64_t>(), int64_t(77));
    QCOMPARE(set.source, std::string("file"));
    // Written in chunks, tokens as float16 by default (recorded), the truncation counted up front.
    QVERIFY(set.tokens.scalar_type() == at::kHalf);
    QCOMPARE(set.extra_metadata.at("token_dtype"), std::string("float16"));
    QCOMPARE(set.extra_metadata.at("truncated_texts"), std::string("1"));
    // The rows equal an in-memory encoding of the same texts (float32 tokens narrowed once).
    {
      const clip::ClipModel model = clip::load_clip(weights.toStdString());
      const auto tok = data::ClipTokenizer::load(features::find_vocabulary(r.model_path, ""));
      features::TextEncodeOptions opt;
      opt.with_tokens = true;
      const auto enc = features::encode_texts(model, tok, set.texts, opt);
      QVERIFY(at::equal(enc.features, set.features));
      QVERIFY(at::equal(enc.tokens.to(at::kHalf), set.tokens));
      QVERIFY(at::equal(enc.lengths, set.lengths));
    }
    r.tokens_half = false;
    r.out_path = tmp("texts32.safetensors").toStdString();
    features::extract_text_features(r);
    QVERIFY(features::read_text_features(r.out_path).tokens.scalar_type() == at::kFloat);
    r.tokens_half = true;
    r.out_path = tmp("texts.safetensors").toStdString();
    QVERIFY(features::extract_text_features(r).up_to_date);
  }

  // Progress in a log (stderr is a file, as in a Slurm job): whole lines, no
  // carriage return; the same command on a terminal rewrites one line.
  void cliProgressInALogHasNoCarriageReturn() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    QFile f(tmp("many.txt"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 700; ++i) f.write(QStringLiteral("a small bird number %1\n").arg(i).toUtf8());
    f.close();
    QProcess p;
    p.setStandardErrorFile(tmp("encode.log"));
    p.start(QStringLiteral(PLUMAGE_CLI_PATH),
            {QStringLiteral("encode-texts"), QStringLiteral("--model"), weights, QStringLiteral("--texts"),
             f.fileName(), QStringLiteral("--batch"), QStringLiteral("64"), QStringLiteral("--out"),
             tmp("many.safetensors")});
    QVERIFY(p.waitForFinished(120000));
    QFile log(tmp("encode.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(p.exitCode() == 0, text.constData());
    QVERIFY2(!text.contains('\r'), text.constData());
    QVERIFY2(text.contains("encode-texts: 700/700 (100%"), text.constData());
    for (const QByteArray& line : text.split('\n'))
      if (line.startsWith("encode-texts:")) QVERIFY2(line.count("encode-texts:") == 1, line.constData());
  }

  // Issue 15, item 9: a HF checkpoint whose projection is not a matrix is
  // the loader's error (exit 2), not a raw c10::Error (exit 1).
  void cliHfProjectionNotAMatrixExitsTwo() {
    PLUMAGE_REQUIRE_SHARED(hf, "clip/reference/hf-tiny");
    st::File f((hf + "/model.safetensors").toStdString());
    st::NamedTensors w;
    for (auto& [name, t] : f.tensors())
      w.emplace_back(name, name == "text_projection.weight" ? t.reshape({1, t.size(0), t.size(1)}).clone() : t.clone());
    QDir().mkpath(tmp("hf3d"));
    QFile::copy(hf + "/config.json", tmp("hf3d/config.json"));
    st::save(tmp("hf3d/model.safetensors").toStdString(), w);
    QProcess p;
    p.start(QStringLiteral(PLUMAGE_CLI_PATH), {QStringLiteral("model"), QStringLiteral("inspect"), tmp("hf3d")});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains("tensor 'text_projection.weight' has shape [1, ") && err.contains("expected a 2-D matrix"),
             qPrintable(err));
  }

  // Issue 15, item 9: a model path that is not UTF-8 cannot be recorded in
  // the feature file's metadata; it is refused before anything is encoded
  // (it used to fail after all the encoding). Raw bytes, so no QProcess.
  void cliNonUtf8ModelPathIsRefusedFirst() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(vocab, "clip/bpe_simple_vocab_16e6.txt.gz");
    const std::string raw_dir = tmp_.path().toStdString() + "/model-\xff\xfe";
    std::filesystem::create_directories(raw_dir);
    std::filesystem::copy_file(weights.toStdString(), raw_dir + "/tiny.safetensors");
    QFile texts(tmp("one.txt"));
    QVERIFY(texts.open(QIODevice::WriteOnly));
    texts.write("a bird\n");
    texts.close();
    const std::string err_file = tmp("nonutf8.err").toStdString();
    const std::string out = tmp("nonutf8.safetensors").toStdString();
    const std::string cmd = std::string("'") + PLUMAGE_CLI_PATH + "' encode-texts --model '" + raw_dir +
                            "/tiny.safetensors' --vocab '" + vocab.toStdString() + "' --texts '" +
                            texts.fileName().toStdString() + "' --out '" + out + "' 2> '" + err_file + "'";
    const int status = std::system(cmd.c_str());
    QVERIFY(WIFEXITED(status));
    QFile err(QString::fromStdString(err_file));
    QVERIFY(err.open(QIODevice::ReadOnly));
    const QByteArray text = err.readAll();
    QCOMPARE(WEXITSTATUS(status), 2);
    QVERIFY2(text.contains("model path \"") && text.contains("is not valid UTF-8"), text.constData());
    QVERIFY(!std::filesystem::exists(out));
  }

  void deepDescriptorsFileIsRefused() {
    QFile f(tmp("deep-descriptors.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"Laysan Albatross\": " + QByteArray(100000, '[') + QByteArray(100000, ']') + "}");
    f.close();
    const QString e = error_of([&] { features::descriptor_prompts({"002.Laysan_Albatross"}, f.fileName().toStdString()); });
    QVERIFY2(e.contains("deep-descriptors.json:1: JSON nested deeper than 64 levels at byte"), qPrintable(e));
  }

  void textExtractionFromCocoAndDescriptions() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    QFile coco(tmp("captions_val2017.json"));
    QVERIFY(coco.open(QIODevice::WriteOnly));
    coco.write(R"({"images": [{"id": 7, "file_name": "a.jpg"}, {"id": 9, "file_name": "b.jpg"}],
      "annotations": [{"id": 1, "image_id": 9, "caption": "A dog."}, {"id": 2, "image_id": 7, "caption": "A cat."},
                      {"id": 3, "image_id": 9, "caption": "A brown dog."}]})");
    coco.close();
    features::TextExtractRequest r;
    r.model_path = weights.toStdString();
    r.source = features::TextSource::Coco;
    r.input = coco.fileName().toStdString();
    r.out_path = tmp("coco.safetensors").toStdString();
    QCOMPARE(features::extract_text_features(r).rows, int64_t(3));
    const auto c = features::read_text_features(r.out_path);
    QCOMPARE(c.source, std::string("coco"));
    QVERIFY(c.image_ids.equal(at::tensor(std::vector<int64_t>{9, 7, 9})));
    QVERIFY(c.text_index.equal(at::tensor(std::vector<int64_t>{0, 0, 1})));
    QVERIFY(c.labels.equal(at::full({3}, -1, at::kLong)));

    data::DescriptionStore store;
    data::DescriptionVariant v;
    v.set_field("Beak", "short and conical.");
    v.set_field("Size", "small.");
    store.add_variant("002.B", v);
    store.add_variant("001.A", v);
    store.save(tmp("desc.json").toStdString());
    r.source = features::TextSource::Descriptions;
    r.input = tmp("desc.json").toStdString();
    r.out_path = tmp("desc.safetensors").toStdString();
    r.description_segments = true;
    QCOMPARE(features::extract_text_features(r).rows, int64_t(4));
    const auto d = features::read_text_features(r.out_path);
    QCOMPARE(d.source, std::string("llm"));
    QCOMPARE(d.class_names, (std::vector<std::string>{"002.B", "001.A"}));
    QVERIFY(d.labels.equal(at::tensor(std::vector<int64_t>{0, 0, 1, 1})));
    QVERIFY(d.image_ids.equal(at::full({4}, -1, at::kLong)));
    QCOMPARE(d.texts[0], v.segments()[0]);
  }

  void classPromptsFromTemplatesAndDescriptors() {
    const std::vector<std::string> classes = {"001.Black_footed_Albatross", "002.Laysan_Albatross"};
    const auto t = features::template_prompts(classes, {"a photo of a {}.", "a {}, a type of bird."});
    QCOMPARE(t.size(), size_t(4));
    QCOMPARE(t[0].text, std::string("a photo of a Black footed Albatross."));
    QCOMPARE(t[3].text, std::string("a Laysan Albatross, a type of bird."));
    QCOMPARE(t[1].label, int64_t(0));
    QCOMPARE(t[2].label, int64_t(1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, features::template_prompts(classes, {"no placeholder"}));

    const auto write = [&](const char* name, const QByteArray& text) {
      QFile f(tmp(name));
      f.open(QIODevice::WriteOnly);
      f.write(text);
      return f.fileName().toStdString();
    };
    // Names match leniently; a class this dataset lacks is ignored.
    const auto d = features::descriptor_prompts(
        classes, write("desc.json", R"({"Black-footed Albatross": ["a hooked beak", "dark plumage"],
                                       "laysan albatross": ["a white head"], "Cardinal": ["red"]})"));
    QCOMPARE(d.size(), size_t(3));
    QCOMPARE(d[0].text, std::string("Black footed Albatross, which has a hooked beak"));
    QCOMPARE(d[2].text, std::string("Laysan Albatross, which has a white head"));
    QCOMPARE(d[2].label, int64_t(1));
    const auto fails = [&](const std::string& path, const std::string& expected) {
      try {
        features::descriptor_prompts(classes, path);
      } catch (const std::runtime_error& e) {
        return std::string(e.what()).find(expected) != std::string::npos &&
               std::string(e.what()).find(path) != std::string::npos;
      }
      return false;
    };
    QVERIFY(fails(write("missing.json", R"({"Laysan Albatross": ["a white head"]})"), "no descriptors for class '001."));
    QVERIFY(fails(write("notlist.json", R"({"Laysan Albatross": "a white head"})"), "'Laysan Albatross' is not a list"));
    QVERIFY(fails(write("broken.json", R"({"Laysan Albatross": [)"), "invalid JSON"));
    QVERIFY(fails(write("array.json", R"(["a"])"), "expected an object"));
  }

  // The attribute baseline: a CUB attribute table written here beside links to
  // the shared subset's files, one prompt per class, then the preset's sweep
  // (name vs name + attributes vs descriptors) run by plumage-cli.
  void attributeBaselineFromCubAttributes() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(subset, "cub200-subset");
    PLUMAGE_REQUIRE_SHARED(descriptors, "descriptions/menon_vondrick_gpt3_descriptors_cub.json");
    const QString root = tmp("cub-attr");
    QVERIFY(QDir().mkpath(root + "/attributes"));
    for (const QString& e : QDir(subset).entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
      QVERIFY(QFile::link(subset + "/" + e, root + "/" + e));
    const auto write = [](const QString& path, const QByteArray& text) {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(text);
    };
    // attributes.txt where the archive puts it: beside CUB_200_2011/.
    write(tmp("attributes.txt"),
          "1 has_bill_shape::curved_(up_or_down)\n2 has_bill_shape::hooked_seabird\n3 has_wing_color::brown\n"
          "4 has_wing_color::black\n5 has_size::large_(16_-_32_in)\n6 has_leg_color::black\n7 has_wing_shape::rounded-wings\n");
    QByteArray table;
    for (int c = 0; c < 40; ++c)  // class 1: hooked bill 90, black wings 80, black legs 70, rounded 40 (< 50), size 100 (unused)
      table += c == 0 ? "10 90 5 80 100 70 40\n" : "0 0 60 0 100 0 0\n";
    write(root + "/attributes/class_attribute_labels_continuous.txt", table);

    std::vector<std::string> classes;
    for (int c = 1; c <= 40; ++c) classes.push_back("c" + std::to_string(c));
    const auto prompts = features::attribute_class_prompts(
        [&] {
          std::vector<std::string> k = {"001.Black_footed_Albatross"};
          for (int c = 2; c <= 40; ++c) k.push_back("0" + std::to_string(c) + ".X");
          return k;
        }(),
        root.toStdString(), 3);
    QCOMPARE(prompts.size(), size_t(40));
    QCOMPARE(prompts[0].text, std::string("a photo of a Black footed Albatross, a type of bird, with a hooked seabird bill, "
                                          "black wings and black legs."));
    QCOMPARE(prompts[1].text, std::string("a photo of a X, a type of bird, with brown wings."));
    QCOMPARE(data::attribute_phrase("has_wing_shape::rounded-wings"), std::string("rounded wings"));
    QCOMPARE(data::attribute_phrase("has_size::large_(16_-_32_in)"), std::string());
    // A table that does not fit the dataset is refused, naming the file.
    QString err = error_of([&] { data::read_class_attributes(root.toStdString(), 41); });
    QVERIFY2(err.contains("class_attribute_labels_continuous.txt") && err.contains("41 classes"), qPrintable(err));

    // The preset's three zero-shot runs, from feature files made by plumage-cli.
    const QString work = tmp("zs");
    QVERIFY(QDir().mkpath(work + "/features"));
    QVERIFY(QFile::copy(QStringLiteral(PLUMAGE_PRESETS_DIR) + "/zero-shot-prompts.json", work + "/zero-shot-prompts.json"));
    const auto cli = [](const QStringList& args, QString* out = nullptr) {
      QProcess p;
      p.start(QStringLiteral(PLUMAGE_CLI_PATH), args);
      if (!p.waitForFinished(300000)) return -1;
      if (out) *out = QString::fromUtf8(p.readAllStandardOutput());
      const QByteArray e = p.readAllStandardError();
      if (p.exitCode() != 0) qWarning("%s", e.constData());
      return p.exitCode();
    };
    const QString f = work + "/features/";
    QCOMPARE(cli({"encode-images", "--model", weights, "--dataset", root, "--out", f + "cub-image.safetensors", "--quiet"}), 0);
    QCOMPARE(cli({"encode-texts", "--model", weights, "--prompts", "--dataset", root, "--out",
                  f + "cub-class-prompts.safetensors", "--quiet"}), 0);
    QCOMPARE(cli({"encode-texts", "--model", weights, "--attribute-prompts", "--dataset", root, "--out",
                  f + "cub-attribute-prompts.safetensors", "--quiet"}), 0);
    QCOMPARE(cli({"encode-texts", "--model", weights, "--descriptors", descriptors, "--dataset", root, "--out",
                  f + "cub-descriptor-prompts.safetensors", "--quiet"}), 0);
    const auto attr = features::read_text_features((f + "cub-attribute-prompts.safetensors").toStdString());
    QCOMPARE(attr.texts.size(), size_t(40));
    QCOMPARE(attr.texts[0], prompts[0].text);
    // Without the attribute files the baseline is refused (exit 2), naming what is missing.
    QCOMPARE(cli({"encode-texts", "--model", weights, "--attribute-prompts", "--dataset", subset, "--out",
                  tmp("none.safetensors"), "--quiet"}), 2);
    QString table_out;
    QCOMPARE(cli({"sweep", "--config", work + "/zero-shot-prompts.json", "--db", work + "/runs.sqlite"}), 0);
    QCOMPARE(cli({"runs", "table", "--db", work + "/runs.sqlite", "--sweep", "zero-shot-prompts", "--format", "csv"},
                 &table_out), 0);
    for (const char* row : {"cub-class-prompts", "cub-attribute-prompts", "cub-descriptor-prompts"})
      QVERIFY2(table_out.contains(row), qPrintable(table_out));
  }

  void classPromptExtraction() {
    PLUMAGE_REQUIRE_SHARED(weights, "clip/reference/tiny-clip-vit-p16.safetensors");
    PLUMAGE_REQUIRE_SHARED(subset, "cub200-subset");
    PLUMAGE_REQUIRE_SHARED(descriptors, "descriptions/menon_vondrick_gpt3_descriptors_cub.json");
    features::TextExtractRequest r;
    r.model_path = weights.toStdString();
    r.source = features::TextSource::Prompts;
    r.dataset_root = subset.toStdString();
    r.out_path = tmp("prompts.safetensors").toStdString();
    QCOMPARE(features::extract_text_features(r).rows, int64_t(40));  // 40 classes x the default template
    const auto p = features::read_text_features(r.out_path);
    QCOMPARE(p.source, std::string("prompts"));
    QCOMPARE(p.class_names.size(), size_t(40));
    QVERIFY(p.labels.equal(at::arange(40, at::kLong)));
    QVERIFY(p.image_ids.equal(at::full({40}, -1, at::kLong)));
    QCOMPARE(p.texts[0], "a photo of a " + plumage::data::display_name_from_class_dir(p.class_names[0]) +
                             ", a type of bird.");
    // The engine reads it as class-level texts.
    const auto engine = plumage::train::load_text_features(r.out_path, 40);
    QCOMPARE(engine.features.size(0), int64_t(40));

    // Descriptors for all 200 CUB classes work on the 40-class subset.
    r.input = descriptors.toStdString();
    r.out_path = tmp("descriptors.safetensors").toStdString();
    const auto rows = features::extract_text_features(r).rows;
    QVERIFY2(rows > 40, qPrintable(QString::number(rows)));
    const auto d = features::read_text_features(r.out_path);
    QCOMPARE(d.texts[0].find(plumage::data::display_name_from_class_dir(d.class_names[size_t(d.labels[0].item<int64_t>())]) +
                             ", which has "),
             size_t(0));
  }
  // COCO as a pair source (issue 14, items 1 and 5): a captions file with
  // non-contiguous ids and one image missing on disk -> image features whose
  // ids are the COCO ids, captions paired by those ids; a Q-Former trains on
  // the pairs matched by id (a file with its rows permuted gives the same
  // pairs); the adapter refuses the pairs-only file, saying why. A random
  // tiny CLIP: no shared data needed.
  void cocoPairsEncodeAndTrainQFormer() {
    const QString root = tmp("coco");
    QVERIFY(QDir().mkpath(root + "/annotations") && QDir().mkpath(root + "/train2017"));
    const std::map<int64_t, std::vector<std::string>> captions = {
        {9, {"a red square on a table", "a red box", "red paint"}},
        {25, {"a green field", "green grass under the sky"}},
        {30, {"a blue lake", "blue water and a boat", "a boat on a lake"}},
        {77, {"a photo that is not on disk"}},
        {391895, {"a man riding a bike", "a bike on a dirt road"}}};
    nlohmann::json coco = {{"images", nlohmann::json::array()}, {"annotations", nlohmann::json::array()}};
    QStringList corpus;
    int64_t ann = 100;
    for (const auto& [id, caps] : captions) {
      char name[32];
      std::snprintf(name, sizeof name, "%012lld.png", static_cast<long long>(id));
      coco["images"].push_back({{"id", id}, {"file_name", name}, {"width", 40}, {"height", 40}});
      for (const auto& c : caps) {
        coco["annotations"].push_back({{"id", ann++}, {"image_id", id}, {"caption", c}});
        corpus << QString::fromStdString(c);
      }
      if (id == 77) continue;  // listed, not on disk
      QImage img(40, 40, QImage::Format_RGB32);
      img.fill(QColor::fromHsv(static_cast<int>(id % 360), 200, 200));
      for (int y = 0; y < 40; y += 4) img.setPixelColor(static_cast<int>(id % 40), y, Qt::white);
      QVERIFY(img.save(root + "/train2017/" + name));
    }
    const QString captions_path = root + "/annotations/captions_train2017.json";
    {
      QFile f(captions_path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray::fromStdString(coco.dump()));
    }
    const QString model = test::writeTinyClip(tmp("coco-clip"), corpus);

    features::CocoExtractRequest r;
    r.model_path = model.toStdString();
    r.captions = captions_path.toStdString();  // the image folder is found: ../train2017
    r.out_images = tmp("coco-images.safetensors").toStdString();
    r.out_texts = tmp("coco-texts.safetensors").toStdString();
    r.with_tokens = true;
    r.device.device = "cpu";
    const features::CocoExtractReport rep = features::extract_coco_features(r);
    QCOMPARE(rep.images.missing.size(), size_t(1));
    QVERIFY(QString::fromStdString(rep.images.missing[0]).endsWith("000000000077.png"));
    QCOMPARE(rep.images.rows, int64_t(4));
    QCOMPARE(rep.texts.rows, int64_t(10));

    const auto images = features::read_image_features(r.out_images);
    QVERIFY(images.image_ids.equal(at::tensor(std::vector<int64_t>{9, 25, 30, 391895})));
    QVERIFY(images.class_names.empty());
    QCOMPARE(images.extra_metadata.at("pairs_only"), std::string("true"));
    QVERIFY(images.extra_metadata.at("coco_captions_hash").rfind("sha256:", 0) == 0);
    QCOMPARE(images.skipped.size(), size_t(1));
    QCOMPARE(images.skipped[0].image_id, int64_t(77));
    const auto texts = features::read_text_features(r.out_texts);
    QCOMPARE(texts.texts.size(), size_t(10));
    for (size_t i = 0; i < texts.texts.size(); ++i) {
      const int64_t id = texts.image_ids[static_cast<int64_t>(i)].item<int64_t>();
      QVERIFY2(id != 77 && captions.count(id), qPrintable(QString::number(id)));
      const auto& caps = captions.at(id);
      QVERIFY2(std::find(caps.begin(), caps.end(), texts.texts[i]) != caps.end(), texts.texts[i].c_str());
    }
    QVERIFY(texts.tokens.defined());
    QVERIFY(train::read_text_set(r.out_texts).tokens.scalar_type() == at::kHalf);  // fp16 by default

    // Adapters need classes: refused, saying why.
    QString err = error_of([&] { train::load_image_features(r.out_images); });
    QVERIFY2(err.contains("coco-images.safetensors") && err.contains("pairs only") && err.contains("train a converter"),
             qPrintable(err));

    // Pairs are matched by COCO id; permuting the image rows changes nothing.
    const auto eimages = train::load_pair_image_features(r.out_images);
    const auto etexts = train::load_pair_text_features(r.out_texts);
    train::ConverterConfig cfg;
    cfg.kind = train::ConverterKind::QFormer;
    cfg.val_fraction = 0.25;
    const auto pairs = [&](const train::ImageFeatureSet& im) {
      const train::ConverterPairs p = train::converter_pairs(cfg, im, etexts);
      std::set<std::pair<int64_t, int64_t>> out[2];
      for (int v = 0; v < 2; ++v) {
        const at::Tensor& t = v ? p.val_text : p.train_text;
        const at::Tensor& i = v ? p.val_image : p.train_image;
        for (int64_t k = 0; k < t.size(0); ++k) {
          const int64_t text_id = etexts.image_ids[t[k].item<int64_t>()].item<int64_t>();
          const int64_t image_id = im.image_ids[i[k].item<int64_t>()].item<int64_t>();
          if (text_id != image_id) throw std::runtime_error("pair not matched by id");
          out[v].insert({t[k].item<int64_t>(), image_id});
        }
      }
      return std::make_pair(out[0], out[1]);
    };
    const auto by_id = pairs(eimages);
    QCOMPARE(by_id.first.size() + by_id.second.size(), size_t(10));  // every caption of an encoded image
    QVERIFY(!by_id.second.empty());
    features::ImageFeatureSet permuted = images;
    const at::Tensor order = at::tensor(std::vector<int64_t>{3, 1, 0, 2});
    permuted.features = images.features.index_select(0, order);
    permuted.labels = images.labels.index_select(0, order);
    permuted.is_train = images.is_train.index_select(0, order);
    permuted.image_ids = images.image_ids.index_select(0, order);
    const std::string permuted_path = tmp("coco-images-permuted.safetensors").toStdString();
    features::write_image_features(permuted_path, permuted);
    QVERIFY(pairs(train::load_pair_image_features(permuted_path)) == by_id);

    // A tiny Q-Former through the job both the CLI and the GUI use.
    const auto train_on = [&](const std::string& image_path, const std::string& out) {
      experiment::ConverterJobParams p;
      p.config = experiment::find_converter_preset("qformer-small")->config;
      p.config.val_fraction = 0.25;
      p.config.device = "cpu";
      experiment::QFormerConfig& q = p.config.qformer;
      q.hidden = 16, q.ffn = 32, q.heads = 2, q.num_layers = 2, q.num_queries = 4, q.epochs = 2, q.batch_size = 4;
      q.cross_attention_every = 2;
      p.image_path = image_path;
      p.text_path = r.out_texts;
      p.output_path = out;
      p.name = "coco";
      return experiment::train_converter_job(p).result;
    };
    const auto a = train_on(r.out_images, tmp("q1.safetensors").toStdString());
    const auto b = train_on(permuted_path, tmp("q2.safetensors").toStdString());
    QCOMPARE(a.training_data.train_pairs + a.training_data.val_pairs, int64_t(10));
    QCOMPARE(a.training_data.val_pairs, int64_t(by_id.second.size()));
    QCOMPARE(a.epochs_run, 2);
    QCOMPARE(b.training_data.train_pairs, a.training_data.train_pairs);
    QVERIFY(std::abs(a.val.cosine - b.val.cosine) < 1e-6);

    // Validation from a val2017 file of its own: all train2017 pairs train.
    QVERIFY(QDir().mkpath(root + "/val2017"));
    nlohmann::json val = {{"images", {{{"id", 139}, {"file_name", "000000000139.png"}},
                                      {{"id", 285}, {"file_name", "000000000285.png"}}}},
                          {"annotations", {{{"id", 1}, {"image_id", 139}, {"caption", "a red box"}},
                                           {{"id", 2}, {"image_id", 285}, {"caption", "a green field"}},
                                           {{"id", 3}, {"image_id", 285}, {"caption", "a blue lake"}}}}};
    for (const char* name : {"000000000139.png", "000000000285.png"}) {
      QImage img(40, 40, QImage::Format_RGB32);
      img.fill(name[11] == '9' ? Qt::red : Qt::green);
      QVERIFY(img.save(root + "/val2017/" + name));
    }
    {
      QFile f(root + "/annotations/captions_val2017.json");
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray::fromStdString(val.dump()));
    }
    features::CocoExtractRequest rv = r;
    rv.captions = (root + "/annotations/captions_val2017.json").toStdString();
    rv.out_images = tmp("coco-val-images.safetensors").toStdString();
    rv.out_texts = tmp("coco-val-texts.safetensors").toStdString();
    QCOMPARE(features::extract_coco_features(rv).texts.rows, int64_t(3));
    {
      experiment::ConverterJobParams p;
      p.config.kind = experiment::ConverterKind::Ridge;
      p.image_path = r.out_images;
      p.text_path = r.out_texts;
      p.val_image_path = rv.out_images;
      p.val_text_path = rv.out_texts;
      p.output_path = tmp("ridge-val.safetensors").toStdString();
      p.overwrite = true;
      p.name = "coco ridge";
      const auto c = experiment::train_converter_job(p).result;
      QCOMPARE(c.training_data.train_pairs, int64_t(10));
      QCOMPARE(c.training_data.val_pairs, int64_t(3));
      QCOMPARE(c.val.images, int64_t(2));
      // The training file as validation: its images would be seen twice.
      p.val_image_path = r.out_images;
      p.val_text_path = r.out_texts;
      const QString e = error_of([&] { experiment::train_converter_job(p); });
      QVERIFY2(e.contains("also in") && e.contains("must not be training images"), qPrintable(e));
    }

    // The command line: one command writes both files and reports the missing
    // image; train-converter on per-token texts without --kind trains a
    // Q-Former; train-adapter refuses the pairs-only file (exit 2).
    const auto cli = [](const QStringList& args, QString* err = nullptr) {
      QProcess p;
      p.start(QStringLiteral(PLUMAGE_CLI_PATH), args);
      if (!p.waitForFinished(300000)) return -1;
      if (err) *err = QString::fromUtf8(p.readAllStandardError());
      return p.exitCode();
    };
    QString cli_err;
    const QString ci = tmp("cli-images.safetensors"), ct = tmp("cli-texts.safetensors");
    QCOMPARE(cli({"encode-coco", "--model", model, "--captions", captions_path, "--images", root + "/train2017",
                  "--out-images", ci, "--out-texts", ct, "--tokens", "--device", "cpu", "--quiet"},
                 &cli_err),
             0);
    QVERIFY2(cli_err.contains("missing: 1 image") && cli_err.contains("000000000077.png"), qPrintable(cli_err));
    QVERIFY(features::read_image_features(ci.toStdString()).image_ids.equal(images.image_ids));
    // A wrong image folder is bad input (exit 2), named.
    QCOMPARE(cli({"encode-coco", "--model", model, "--captions", captions_path, "--images", root + "/nowhere",
                  "--out-images", tmp("x-images.safetensors"), "--out-texts", tmp("x-texts.safetensors"), "--quiet"},
                 &cli_err),
             2);
    QVERIFY2(cli_err.contains("captions_train2017.json") && cli_err.contains("nowhere"), qPrintable(cli_err));
    QCOMPARE(cli({"train-converter", "--images", ci, "--texts", ct, "--out", tmp("cli-q.safetensors"), "--store",
                  tmp("runs.sqlite"), "--device", "cpu", "--epochs", "1", "--hidden", "16", "--ffn", "32", "--heads",
                  "2", "--layers", "1", "--queries", "2", "--quiet"},
                 &cli_err),
             0);
    QVERIFY2(cli_err.contains("kind: qformer"), qPrintable(cli_err));
    QVERIFY(train::load_converter(tmp("cli-q.safetensors").toStdString())->kind() == train::ConverterKind::QFormer);
    QCOMPARE(cli({"train-adapter", "--images", ci, "--image-only", "--store", tmp("runs.sqlite"), "--device", "cpu"},
                 &cli_err),
             2);
    QVERIFY2(cli_err.contains("pairs only") && cli_err.contains("train a converter"), qPrintable(cli_err));
  }
};

QTEST_GUILESS_MAIN(TstFeatures)
#include "tst_features.moc"
