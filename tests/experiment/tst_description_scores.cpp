// `plumage-cli descriptions score` on the shared 40-class CUB subset with the
// Menon & Vondrick GPT-3 descriptors and the tiny CLIP: the CLI's numbers
// against a recomputation here from the feature files (plain LibTorch, not
// the job's code), a planted wrong description, and a refused model mix.
// Skips when ../shared/data is absent.
#include "tst_experiment_classes.h"

#include "experiment_fixture.h"
#include "core/engine/train/feature_sets.h"

#include <ATen/ATen.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

QTemporaryDir g_dir;
QString g_model, g_subset, g_menon;
std::string g_images, g_desc, g_whole, g_fields;

struct Result {
  int code = -1;
  QString out, err;
};

Result cli(const QStringList& args) {
  QProcess p;
  p.start(PLUMAGE_CLI_PATH, args);
  p.waitForFinished(600000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
          p.readAllStandardError()};
}

QString shared(const QString& rel) {
  QString base = qEnvironmentVariable("PLUMAGE_SHARED_DATA");
  if (base.isEmpty()) base = QStringLiteral(PLUMAGE_SHARED_DATA_DIR);
  const QString p = QDir(base).filePath(rel);
  return QFileInfo::exists(p) ? QDir::cleanPath(p) : QString();
}

std::string tmp(const std::string& name) { return g_dir.path().toStdString() + "/" + name; }
QString q(const std::string& s) { return QString::fromStdString(s); }

at::Tensor unit(const at::Tensor& x) { return x / x.norm(2, -1, true).clamp_min(1e-12); }

// Text -> normalised embedding, and the class-level embeddings, from a text feature file.
struct Texts {
  std::map<std::string, at::Tensor> by_text;
  std::vector<std::vector<at::Tensor>> per_class;
  int64_t rows = 0;  // texts listed (the same text may come twice)
};

Texts read_texts(const std::string& path, int64_t classes) {
  const plumage::train::TextFeatureSet set = plumage::train::load_text_features(path, classes);
  const json texts = json::parse(set.texts_json);
  Texts out;
  out.rows = set.size();
  out.per_class.resize(size_t(classes));
  const at::Tensor f = unit(set.features.to(at::kDouble));
  for (int64_t i = 0; i < set.size(); ++i) {
    out.by_text[texts[size_t(i)].get<std::string>()] = f[i];
    out.per_class[size_t(set.labels[i].item<int64_t>())].push_back(f[i]);
  }
  return out;
}

// Minimal RFC 4180 reader (quoted fields with "" and line breaks).
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

void TestDescriptionScores::initTestCase() {
  g_model = shared("clip/reference/tiny-clip-vit-p16.safetensors");
  g_subset = shared("cub200-subset");
  g_menon = shared("descriptions/menon_vondrick_gpt3_descriptors_cub.json");
  if (g_model.isEmpty() || g_subset.isEmpty() || g_menon.isEmpty())
    QSKIP("shared data missing (tiny CLIP, cub200-subset or the Menon & Vondrick descriptors)");
  QVERIFY(g_dir.isValid());
  g_images = tmp("images.safetensors");
  g_desc = tmp("descriptions.json");
  g_whole = tmp("whole.safetensors");
  g_fields = tmp("fields.safetensors");
  Result r = cli({"encode-images", "--model", g_model, "--dataset", g_subset, "--out", q(g_images), "--device", "cpu",
                  "--quiet"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  r = cli({"descriptions", "import", "--from", g_menon, "--dataset", g_subset, "--out", q(g_desc)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QStringList texts = {"encode-texts", "--model",  g_model, "--descriptions", q(g_desc), "--dataset",
                             g_subset,       "--device", "cpu",   "--quiet"};
  r = cli(texts + QStringList{"--out", q(g_whole)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  r = cli(texts + QStringList{"--per-field", "--out", q(g_fields)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
}

// Every number of the CLI's JSON and CSV equals a recomputation from the
// image feature file and encode-texts' text feature files.
void TestDescriptionScores::cliScoresEqualRecomputation() {
  const std::string js = tmp("scores.json"), csv = tmp("scores.csv");
  const QStringList base = {"descriptions", "score",   "--descriptions", q(g_desc), "--image-features", q(g_images),
                            "--model",      g_model,   "--device",       "cpu",     "--sort",           "class",
                            "--quiet"};
  Result r = cli(base + QStringList{"--out", q(js)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  r = cli(base + QStringList{"--out", q(csv)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const json j = json::parse(read_file(js));
  QCOMPARE(j.at("split").get<std::string>(), std::string("train"));
  QVERIFY(j.at("image_features_sha256").get<std::string>().rfind("sha256:", 0) == 0);
  QVERIFY(!j.at("model_weights").get<std::string>().empty());

  const plumage::train::ImageFeatureSet img = plumage::train::load_image_features(g_images);
  const int64_t C = img.num_classes();
  QCOMPARE(C, int64_t(40));
  const Texts whole = read_texts(g_whole, C), fields = read_texts(g_fields, C);
  const at::Tensor X = unit(img.features.to(at::kDouble));
  std::vector<at::Tensor> Xc(static_cast<size_t>(C));
  at::Tensor K = at::empty({C, X.size(1)}, at::kDouble);
  int64_t train_total = 0;
  for (int64_t k = 0; k < C; ++k) {
    Xc[size_t(k)] = X.index({img.labels.eq(k) & img.is_train.to(at::kBool)});
    train_total += Xc[size_t(k)].size(0);
    QCOMPARE(j["train_images"][img.class_names[size_t(k)]].get<int64_t>(), Xc[size_t(k)].size(0));
    QVERIFY(!whole.per_class[size_t(k)].empty());
    K[k] = unit(at::stack(whole.per_class[size_t(k)]).mean(0));
  }
  QCOMPARE(train_total, int64_t(1200));  // the subset's training split, never its test images

  const json& rows = j.at("scores");
  QCOMPARE(int64_t(rows.size()), whole.rows + fields.rows);  // every variant and every field
  std::map<std::string, int64_t> label;
  for (int64_t k = 0; k < C; ++k) label[img.class_names[size_t(k)]] = k;
  for (const json& row : rows) {
    const std::string text = row.at("text");
    const bool all = row.at("field") == "(all)";
    const auto& src = all ? whole.by_text : fields.by_text;
    QVERIFY2(src.count(text), text.c_str());
    const at::Tensor t = src.at(text);
    const int64_t c = label.at(row.at("class").get<std::string>());
    const at::Tensor& x = Xc[size_t(c)];
    const double cos = unit(x.mean(0)).dot(t).item<double>();
    at::Tensor s = x.matmul(K.t());
    const at::Tensor own = x.matmul(t);
    s.select(1, c).fill_(-1e300);
    const at::Tensor ahead = s.ge(own.unsqueeze(1) - 1e-9).sum(1);  // a tie goes against the text
    const double top1 = ahead.eq(0).to(at::kDouble).mean().item<double>();
    const double top5 = ahead.lt(5).to(at::kDouble).mean().item<double>();
    QVERIFY2(std::abs(row.at("centroid_cosine").get<double>() - cos) < 1e-5, text.c_str());
    QVERIFY2(std::abs(row.at("top1").get<double>() - top1) < 1e-5, text.c_str());
    QVERIFY2(std::abs(row.at("top5").get<double>() - top5) < 1e-5, text.c_str());
    QCOMPARE(row.at("train_images").get<int64_t>(), x.size(0));
    // The class taken most often instead of c.
    const at::Tensor missed = ahead.gt(0);
    if (missed.any().item<bool>()) {
      const at::Tensor counts = at::bincount(s.index({missed}).argmax(1), {}, C);
      const int64_t n = counts.max().item<int64_t>();
      QCOMPARE(row.at("confused_with")[0].at("images").get<int64_t>(), n);
      QCOMPARE(counts[label.at(row.at("confused_with")[0].at("class").get<std::string>())].item<int64_t>(), n);
    } else {
      QVERIFY(row.at("confused_with").empty());
    }
  }

  // The CSV holds the same rows and numbers.
  const auto table = read_csv(read_file(csv));
  QCOMPARE(table.size(), rows.size() + 1);
  QCOMPARE(table[0][5], std::string("centroid_cosine"));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& line = table[i + 1];
    QCOMPARE(line.size(), size_t(13));
    QCOMPARE(line[0], rows[i].at("class").get<std::string>());
    QCOMPARE(line[2], rows[i].at("field").get<std::string>());
    QCOMPARE(line[9], rows[i].at("text").get<std::string>());
    QCOMPARE(std::stod(line[5]), rows[i].at("centroid_cosine").get<double>());
    QCOMPARE(std::stod(line[6]), rows[i].at("top1").get<double>());
    QCOMPARE(line[10], std::string("train"));
    QCOMPARE(line[12], j.at("image_features_sha256").get<std::string>());
  }
}

// A model other than the one that made the image features is refused, both named.
void TestDescriptionScores::otherModelsFeaturesAreRefused() {
  const std::string other =
      plumage::test::with_clip_model(g_images, tmp("other.safetensors"), "ViT-B/32", "0123456789abcdef");
  const Result r = cli({"descriptions", "score", "--descriptions", q(g_desc), "--image-features", q(other), "--model",
                        g_model, "--device", "cpu", "--quiet"});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(q(other)) && r.err.contains(g_model), qPrintable(r.err));
}

// With the random-weight tiny CLIP a text's meaning cannot count: 38 of the
// 40 whole descriptions rank their class first on no training image. What the
// scores must still show is a copy: another class's whole description planted
// as a new variant of the class whose own description scores best ties with
// that class on every image, so it never ranks first (top-1 0), lowest of the
// class's whole descriptions and listed before its own in worst-first order.
void TestDescriptionScores::plantedDescriptionScoresLowest() {
  const QStringList base = {"descriptions", "score", "--image-features", q(g_images), "--model", g_model,
                            "--device",     "cpu",   "--quiet",          "--json"};
  Result r = cli(base + QStringList{"--descriptions", q(g_desc)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  // The class whose own whole description does best.
  std::string best;
  double best_top1 = 0;
  const json first = json::parse(r.out.toStdString());
  for (const json& row : first.at("scores"))
    if (row.at("field") == "(all)" && row.at("top1").get<double>() > best_top1) {
      best_top1 = row.at("top1");
      best = row.at("class");
    }
  QVERIFY2(best_top1 > 0, "no whole description ranks its class first on any training image");

  ojson d = ojson::parse(read_file(g_desc));
  ojson* target = nullptr;
  const ojson* other = nullptr;
  for (ojson& c : d["classes"]) {
    if (c["class"] == best) target = &c;
    else if (!other) other = &c;
  }
  QVERIFY(target && other);
  ojson planted = (*other)["variants"][0];
  planted["id"] = "planted";
  (*target)["variants"].push_back(planted);
  const std::string file = tmp("planted.json");
  std::ofstream(file) << d.dump(2);

  r = cli(base + QStringList{"--descriptions", q(file)});  // worst first
  QVERIFY2(r.code == 0, qPrintable(r.err));
  std::vector<json> whole;  // the class's whole descriptions, worst first
  const json second = json::parse(r.out.toStdString());
  for (const json& row : second.at("scores"))
    if (row.at("class") == best && row.at("field") == "(all)") whole.push_back(row);
  QCOMPARE(whole.size(), size_t(2));
  QCOMPARE(whole[0].at("variant").get<std::string>(), std::string("planted"));
  QCOMPARE(whole[0].at("top1").get<double>(), 0.0);
  QCOMPARE(whole[1].at("top1").get<double>(), best_top1);  // its own description is unchanged
}
