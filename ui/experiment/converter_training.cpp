// LibTorch before Qt: Qt's "slots" macro breaks ATen headers included after it.
#include "engine/build_info.h"
#include "engine/train/converter.h"
#include "engine/train/feature_sets.h"
#include "engine/train/json.h"
#include "experiment/feature_header.h"
#include "experiment/run_key.h"
#include "store/run_store.h"

#include "converter_training.h"
#include "job.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace plumage::ui {

namespace {

// Keeps a RUNNING run's heartbeat fresh while a long Q-Former trains, so a
// store opened meanwhile (a sweep launch) does not take it as abandoned.
class Heartbeat {
 public:
  Heartbeat(store::RunStore& store, int64_t runId) : store_(store), runId_(runId) {
    thread_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!stop_) {
        wake_.wait_for(lock, std::chrono::seconds(10));
        if (!stop_) store_.heartbeat(runId_);
      }
    });
  }
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  store::RunStore& store_;
  int64_t runId_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

std::string resolvedDevice(const std::string& device) {
  if (device == "auto") return cuda_available() ? "cuda:0" : "cpu";
  return device == "cuda" ? "cuda:0" : device;
}

}  // namespace

QString converterRunJob() { return QStringLiteral("train_converter"); }

bool readResumableCheckpoint(const QString& path, ResumableCheckpoint* out, QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = why;
    return false;
  };
  try {
    const experiment::FeatureFileInfo info = experiment::read_feature_file_info(path.toStdString());
    const auto config = info.metadata.find("config");
    if (config == info.metadata.end())
      return fail(QCoreApplication::translate("ConverterTraining", "%1 is not a converter checkpoint (no config).")
                      .arg(QFileInfo(path).fileName()));
    ResumableCheckpoint r;
    r.config = nlohmann::json::parse(config->second).get<train::ConverterConfig>();
    if (r.config.kind != train::ConverterKind::QFormer)
      return fail(QCoreApplication::translate("ConverterTraining", "%1 is not a Q-Former checkpoint.")
                      .arg(QFileInfo(path).fileName()));
    if (std::find(info.tensor_names.begin(), info.tensor_names.end(), "train.epoch") == info.tensor_names.end())
      return fail(QCoreApplication::translate("ConverterTraining",
                                              "%1 holds no training state (optimizer, epoch) to continue from.")
                      .arg(QFileInfo(path).fileName()));
    if (const auto result = info.metadata.find("result"); result != info.metadata.end())
      r.epochs = nlohmann::json::parse(result->second).value("epochs_run", 0);
    r.config.resume_from.clear();  // what it resumed from itself does not matter here
    *out = r;
    return true;
  } catch (const std::exception& e) {
    return fail(QString::fromUtf8(e.what()));
  }
}

QStringList checkConverterRequest(const ConverterTrainingRequest& r) {
  QStringList problems;
  if (r.config.kind == train::ConverterKind::Identity)
    problems << QCoreApplication::translate(
        "ConverterTraining",
        "The identity converter has nothing to train; choose mean shift, noise, ridge or Q-Former.");
  if (r.imagePath.isEmpty())
    problems << QCoreApplication::translate("ConverterTraining", "Choose the image feature file.");
  else if (!QFileInfo::exists(r.imagePath))
    problems << QCoreApplication::translate("ConverterTraining", "Image feature file not found: %1")
                    .arg(r.imagePath);
  if (r.textPath.isEmpty())
    problems << QCoreApplication::translate("ConverterTraining",
                                            "Choose the text feature file (texts paired with those images).");
  else if (!QFileInfo::exists(r.textPath))
    problems << QCoreApplication::translate("ConverterTraining", "Text feature file not found: %1")
                    .arg(r.textPath);
  if (r.name.trimmed().isEmpty())
    problems << QCoreApplication::translate("ConverterTraining", "Give the converter a name.");
  if (const QString resume = QString::fromStdString(r.config.resume_from); !resume.isEmpty() && !QFileInfo::exists(resume))
    problems << QCoreApplication::translate("ConverterTraining", "The checkpoint to continue from is gone: %1")
                    .arg(resume);
  if (r.outputPath.isEmpty())
    problems << QCoreApplication::translate("ConverterTraining", "No output file.");
  else if (QFileInfo::exists(r.outputPath))
    problems << QCoreApplication::translate("ConverterTraining", "%1 already exists; choose another name.")
                    .arg(QFileInfo(r.outputPath).fileName());
  if (r.config.kind == train::ConverterKind::Ridge && !(r.config.ridge_lambda > 0))
    problems << QCoreApplication::translate("ConverterTraining", "Ridge lambda must be greater than 0.");
  if (r.config.kind == train::ConverterKind::Noise && !(r.config.noise_sigma >= 0))
    problems << QCoreApplication::translate("ConverterTraining", "Noise sigma must not be negative.");
  if (r.config.kind == train::ConverterKind::QFormer) {
    const train::QFormerConfig& q = r.config.qformer;
    if (q.num_queries < 1 || q.num_layers < 1 || q.epochs < 1 || q.batch_size < 1 || !(q.lr > 0))
      problems << QCoreApplication::translate("ConverterTraining",
                                              "Q-Former: queries, layers, epochs and batch size must be at "
                                              "least 1 and the learning rate above 0.");
    if (q.heads < 1 || q.hidden % q.heads != 0)
      problems << QCoreApplication::translate(
                      "ConverterTraining",
                      "Q-Former: the hidden size (%1) must be a multiple of the number of heads (%2).")
                      .arg(q.hidden)
                      .arg(q.heads);
  }
  return problems;
}

ConverterTrainingOutcome trainConverterWork(JobContext& ctx, const ConverterTrainingRequest& r) {
  const QStringList problems = checkConverterRequest(r);
  if (!problems.isEmpty()) throw std::invalid_argument(problems.join(QLatin1Char('\n')).toStdString());
  const train::ConverterConfig& cfg = r.config;
  ctx.progress(
      0, 0,
      QCoreApplication::translate("ConverterTraining", "Loading %1").arg(QFileInfo(r.imagePath).fileName()));
  const train::ImageFeatureSet images = train::load_image_features(r.imagePath.toStdString());
  ctx.throwIfCancelled();
  ctx.progress(
      0, 0,
      QCoreApplication::translate("ConverterTraining", "Loading %1").arg(QFileInfo(r.textPath).fileName()));
  const train::TextFeatureSet texts =
      train::load_text_features(r.textPath.toStdString(), images.num_classes());
  ctx.throwIfCancelled();

  // The training is a run of its own in the store, so its checkpoint can be an artifact.
  std::unique_ptr<store::RunStore> store;
  int64_t runId = 0;
  nlohmann::json cfgJson;
  train::to_json(cfgJson, cfg);
  const nlohmann::json runConfig = {
      {"job", converterRunJob().toStdString()},
      {"name", r.name.trimmed().toStdString()},
      {"converter", cfgJson},
      {"features", {{"image", r.imagePath.toStdString()}, {"text", r.textPath.toStdString()}}},
      {"output", r.outputPath.toStdString()},
      {"seed", cfg.seed}};
  if (!r.storePath.isEmpty()) {
    store = std::make_unique<store::RunStore>(r.storePath.toStdString());
    // Every training is its own event (a Q-Former is not bit-reproducible
    // across devices), so the key includes when it started.
    const std::string hash =
        experiment::json_hash({{"config", runConfig}, {"started_ms", QDateTime::currentMSecsSinceEpoch()}});
    const std::string key = "c" + hash.substr(hash.find(':') + 1, 20);
    runId = store->ensure_run(0, 0, key, int64_t(cfg.seed), runConfig);
    if (!store->claim_run(runId, {resolvedDevice(cfg.device), version(), torch_version()}))
      throw std::runtime_error("run store: could not claim the new run " + key);
  }
  auto endRun = [&](store::RunStatus status, const std::string& why) {
    if (store) {
      store->end_run(runId, status, why);
      store->flush();
    }
  };

  const QString tmp = r.outputPath + QStringLiteral(".training");
  QDir().mkpath(QFileInfo(r.outputPath).absolutePath());
  QFile::remove(tmp);
  const int epochs = cfg.kind == train::ConverterKind::QFormer ? cfg.qformer.epochs : 0;
  ctx.progress(0, epochs,
               epochs > 0 ? QCoreApplication::translate("ConverterTraining", "Training the Q-Former")
                          : QCoreApplication::translate("ConverterTraining", "Fitting"));
  auto onMetric = [&](int epoch, const std::string& key, double value) {
    if (store) store->log_metric(runId, key, epoch, value);
    if (epochs > 0 && epoch > 0 && key == "train_loss")
      ctx.progress(epoch, epochs,
                   QCoreApplication::translate("ConverterTraining", "Epoch %1 of %2, loss %3")
                       .arg(epoch)
                       .arg(epochs)
                       .arg(value, 0, 'g', 4));
  };
  train::TrainedConverter trained;
  try {
    std::unique_ptr<Heartbeat> beat = store ? std::make_unique<Heartbeat>(*store, runId) : nullptr;
    trained = train::train_converter(cfg, images, texts, tmp.toStdString(), onMetric, ctx.cancelFlag());
  } catch (const train::Cancelled&) {
    QFile::remove(tmp);
    endRun(store::RunStatus::Cancelled, "cancelled by the user");
    throw JobCancelled{};
  } catch (const std::exception& e) {
    QFile::remove(tmp);
    endRun(store::RunStatus::Failed, e.what());
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(tmp.toStdString(), r.outputPath.toStdString(), ec);
  if (ec) {
    QFile::remove(tmp);
    const std::string why =
        "cannot move " + tmp.toStdString() + " to " + r.outputPath.toStdString() + ": " + ec.message();
    endRun(store::RunStatus::Failed, why);
    throw std::runtime_error(why);
  }

  const train::ConverterResult& res = trained.result;
  ConverterTrainingOutcome out;
  out.path = r.outputPath;
  out.kind = QString::fromLatin1(train::to_string(cfg.kind));
  out.name = r.name.trimmed();
  out.runId = runId;
  out.valCosine = res.val.cosine;
  out.valR1 = res.val.r_at_1;
  out.valR5 = res.val.r_at_5;
  out.trainCosine = res.train.cosine;
  out.valPairs = res.val.pairs;
  out.trainPairs = res.train.pairs;
  out.epochsRun = res.epochs_run;
  out.seconds = res.seconds;
  if (store) {
    store::RunResult result;
    result.metrics = {{"val_cosine", res.val.cosine},   {"val_r1", res.val.r_at_1},
                      {"val_r5", res.val.r_at_5},       {"val_mse", res.val.mse},
                      {"val_pairs", res.val.pairs},     {"train_cosine", res.train.cosine},
                      {"train_pairs", res.train.pairs}, {"modality_gap", res.val.modality_gap},
                      {"epochs_run", res.epochs_run},   {"seconds", res.seconds}};
    store->add_artifact(runId, "converter", QFileInfo(r.outputPath).absoluteFilePath().toStdString(), "");
    store->finish_run(runId, result);
    store->flush();
  }
  ctx.progress(1, 1, QCoreApplication::translate("ConverterTraining", "Done"));
  return out;
}

}  // namespace plumage::ui
