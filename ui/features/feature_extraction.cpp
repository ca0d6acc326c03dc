#include "ui/features/feature_extraction.h"

#include "core/experiment/runtime.h"
#include "ui/setup/converter_catalog.h"
#include "core/features/extract_jobs.h"
#include "ui/common/job.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace plumage::ui {
namespace {

const char* partName(FeatureExtractionStep::Kind k) {
  switch (k) {
    case FeatureExtractionStep::Images:
      return "images";
    case FeatureExtractionStep::Captions:
      return "reed";
    case FeatureExtractionStep::Descriptions:
      return "descriptions";
    case FeatureExtractionStep::Prompts:
      return "prompts";
    case FeatureExtractionStep::Coco:
      return "coco";
  }
  return "";
}

// Forwards one extraction's progress to the job, with what is being encoded.
features::ProgressFn progressTo(JobContext& ctx, const QString& what) {
  return [&ctx, what](const features::Progress& p) {
    ctx.progress(qint64(p.done), qint64(p.total),
                 QCoreApplication::translate("FeatureExtraction", "%1: %2/%3 (%4/s)")
                     .arg(what)
                     .arg(p.done)
                     .arg(p.total)
                     .arg(p.items_per_second, 0, 'f', 1));
  };
}

// COCO: both files in one extraction; listed images missing on disk are
// reported in `details` (they are left out, the others keep their ids).
QString runCoco(const FeatureExtractionStep& step, const FeatureExtractionSettings& settings,
                const features::DeviceChoice& device, JobContext& ctx, QStringList& details) {
  features::CocoExtractRequest r;
  r.model_path = settings.modelPath.toStdString();
  r.captions = settings.cocoCaptions.toStdString();
  r.image_dir = settings.cocoImages.trimmed().toStdString();
  r.out_images = step.outPath.toStdString();
  r.out_texts = step.textOutPath.toStdString();
  r.device = device;
  r.image_batch = settings.imageBatch;
  r.with_tokens = settings.tokens;
  const features::ProgressFn images =
      progressTo(ctx, QCoreApplication::translate("FeatureExtraction", "COCO images"));
  const features::ProgressFn captions =
      progressTo(ctx, QCoreApplication::translate("FeatureExtraction", "COCO captions"));
  r.progress = [&](int s, const features::Progress& p) { (s == 0 ? images : captions)(p); };
  r.cancel = ctx.cancelFlag();
  const features::CocoExtractReport rep = features::extract_coco_features(r);
  if (rep.images.cancelled || rep.texts.cancelled) throw JobCancelled{};
  const auto& missing = rep.images.missing;
  if (!missing.empty()) {
    details << QCoreApplication::translate("FeatureExtraction", "%n COCO image(s) not on disk, left out:", nullptr,
                                           int(missing.size()));
    for (size_t i = 0; i < missing.size() && i < 10; ++i) details << QString::fromStdString(missing[i]);
  }
  for (const auto& s : rep.images.skipped)
    details << QCoreApplication::translate("FeatureExtraction", "skipped %1: %2")
                   .arg(QString::fromStdString(s.path), QString::fromStdString(s.reason));
  for (const auto* rr : {&rep.images, &rep.texts})
    for (const auto& w : rr->warnings)
      details << QCoreApplication::translate("FeatureExtraction", "warning: %1").arg(QString::fromStdString(w));
  return QCoreApplication::translate("FeatureExtraction", "COCO pairs: %1 (%2 images), %3 (%4 captions)")
      .arg(QFileInfo(step.outPath).fileName())
      .arg(rep.images.rows)
      .arg(QFileInfo(step.textOutPath).fileName())
      .arg(rep.texts.rows);
}

}  // namespace

FeatureExtractionSettings FeatureExtractionSettings::load() {
  QSettings s;
  FeatureExtractionSettings f;
  f.modelPath = s.value(QStringLiteral("features/model")).toString();
  // Which parts to extract: unchecked parts stay unchecked next time.
  for (auto [key, flag] : {std::pair{"features/images", &f.images},
                           {"features/captions", &f.captions},
                           {"features/descriptions", &f.descriptions},
                           {"features/prompts", &f.prompts},
                           {"features/tokens", &f.tokens},
                           {"features/descriptionsPerField", &f.descriptionsPerField},
                           {"features/coco", &f.coco}})
    *flag = s.value(QLatin1String(key), *flag).toBool();
  f.cocoCaptions = s.value(QStringLiteral("features/cocoCaptions")).toString();
  f.cocoImages = s.value(QStringLiteral("features/cocoImages")).toString();
  f.device = s.value(QStringLiteral("features/device"), f.device).toString();
  f.imageBatch = s.value(QStringLiteral("features/imageBatch"), f.imageBatch).toInt();
  return f;
}

void FeatureExtractionSettings::save() const {
  QSettings s;
  s.setValue(QStringLiteral("features/model"), modelPath);
  for (auto [key, flag] : {std::pair{"features/images", images},
                           {"features/captions", captions},
                           {"features/descriptions", descriptions},
                           {"features/prompts", prompts},
                           {"features/tokens", tokens},
                           {"features/descriptionsPerField", descriptionsPerField},
                           {"features/coco", coco}})
    s.setValue(QLatin1String(key), flag);
  s.setValue(QStringLiteral("features/cocoCaptions"), cocoCaptions);
  s.setValue(QStringLiteral("features/cocoImages"), cocoImages);
  s.setValue(QStringLiteral("features/device"), device);
  s.setValue(QStringLiteral("features/imageBatch"), imageBatch);
}

QString FeatureExtractionStep::title() const {
  switch (kind) {
    case Images:
      return QCoreApplication::translate("FeatureExtraction", "image features");
    case Captions:
      return QCoreApplication::translate("FeatureExtraction", "caption features");
    case Descriptions:
      return QCoreApplication::translate("FeatureExtraction", "description features");
    case Prompts:
      return QCoreApplication::translate("FeatureExtraction", "class prompt features");
    case Coco:
      return QCoreApplication::translate("FeatureExtraction", "COCO pairs");
  }
  return {};
}

QString featureOutputPath(const FeatureExtractionInputs& inputs, const QString& modelPath,
                          const QString& part) {
  const QFileInfo model(modelPath);
  const QString stem = model.isDir() ? model.fileName() : model.completeBaseName();
  // converterFileName: the same safe-file-name rule as trained converters.
  return QDir(inputs.outputDir)
      .filePath(converterFileName(inputs.datasetName + QLatin1Char('-') + stem + QLatin1Char('-') + part));
}

QString cocoOutputPath(const FeatureExtractionInputs& inputs, const QString& modelPath, const QString& captionsFile,
                       const QString& part) {
  // "captions_train2017.json" -> "train2017": train and val files side by side.
  QString split = QFileInfo(captionsFile).completeBaseName();
  if (split.startsWith(QLatin1String("captions_"))) split = split.mid(9);
  FeatureExtractionInputs coco = inputs;
  coco.datasetName = QStringLiteral("coco-") + split;
  return featureOutputPath(coco, modelPath, part);
}

QVector<FeatureExtractionStep> planFeatureExtraction(const FeatureExtractionSettings& settings,
                                                     const FeatureExtractionInputs& inputs, QString* error) {
  error->clear();
  if (settings.modelPath.trimmed().isEmpty()) {
    *error = QCoreApplication::translate("FeatureExtraction", "Choose a CLIP model file.");
    return {};
  }
  if (!QFileInfo::exists(settings.modelPath)) {
    *error = QCoreApplication::translate("FeatureExtraction", "%1: no such file or folder.")
                 .arg(QDir::toNativeSeparators(settings.modelPath));
    return {};
  }
  QVector<FeatureExtractionStep> steps;
  const auto add = [&](FeatureExtractionStep::Kind kind) {
    // Per-field description features get their own file: both encodings can be compared.
    const bool fields = kind == FeatureExtractionStep::Descriptions && settings.descriptionsPerField;
    const QString part = QString::fromLatin1(partName(kind)) + (fields ? QStringLiteral("-fields") : QString());
    steps.push_back({kind, featureOutputPath(inputs, settings.modelPath, part), QString()});
  };
  if (settings.images && !inputs.datasetRoot.isEmpty()) add(FeatureExtractionStep::Images);
  if (settings.captions && !inputs.captionsDir.isEmpty()) add(FeatureExtractionStep::Captions);
  if (settings.descriptions && !inputs.descriptionsFile.isEmpty()) add(FeatureExtractionStep::Descriptions);
  if (settings.prompts && !inputs.datasetRoot.isEmpty()) add(FeatureExtractionStep::Prompts);
  if (settings.coco) {
    if (!QFileInfo(settings.cocoCaptions).isFile()) {
      *error = settings.cocoCaptions.trimmed().isEmpty()
                   ? QCoreApplication::translate("FeatureExtraction", "Choose the COCO captions file (captions_*.json).")
                   : QCoreApplication::translate("FeatureExtraction", "%1: no such file.")
                         .arg(QDir::toNativeSeparators(settings.cocoCaptions));
      return {};
    }
    if (!settings.cocoImages.trimmed().isEmpty() && !QFileInfo(settings.cocoImages).isDir()) {
      *error = QCoreApplication::translate("FeatureExtraction", "%1: no such folder.")
                   .arg(QDir::toNativeSeparators(settings.cocoImages));
      return {};
    }
    FeatureExtractionStep s;
    s.kind = FeatureExtractionStep::Coco;
    s.outPath = cocoOutputPath(inputs, settings.modelPath, settings.cocoCaptions, QStringLiteral("images"));
    s.textOutPath = cocoOutputPath(inputs, settings.modelPath, settings.cocoCaptions, QStringLiteral("captions"));
    steps.push_back(s);
  }
  if (steps.isEmpty()) {
    *error = QCoreApplication::translate(
        "FeatureExtraction", "Nothing to extract: choose images, captions, descriptions, class prompts or COCO pairs.");
    return {};
  }
  const bool texts = std::any_of(steps.begin(), steps.end(), [](const FeatureExtractionStep& s) {
    return s.kind != FeatureExtractionStep::Images;
  });
  if (texts) {
    try {
      features::find_vocabulary(settings.modelPath.toStdString(), {});
    } catch (const std::exception& e) {
      *error = QString::fromStdString(e.what());
      return {};
    }
  }
  return steps;
}

QStringList runFeatureExtraction(const QVector<FeatureExtractionStep>& steps,
                                 const FeatureExtractionSettings& settings,
                                 const FeatureExtractionInputs& inputs, JobContext& ctx) {
  features::DeviceChoice device;
  device.device = experiment::resolve_device(settings.device.toStdString());
  const std::string model = settings.modelPath.toStdString();
  QStringList summary, details;
  for (const FeatureExtractionStep& step : steps) {
    ctx.throwIfCancelled();
    features::ExtractReport report;
    // What both kinds of request share.
    const auto common = [&](auto& r) {
      r.model_path = model;
      r.dataset_root = inputs.datasetRoot.toStdString();
      r.out_path = step.outPath.toStdString();
      r.device = device;
      r.progress = progressTo(ctx, step.title());
      r.cancel = ctx.cancelFlag();
    };
    if (step.kind == FeatureExtractionStep::Coco) {
      summary << runCoco(step, settings, device, ctx, details);
      continue;
    }
    if (step.kind == FeatureExtractionStep::Images) {
      features::ImageExtractRequest r;
      common(r);
      r.batch_size = settings.imageBatch;
      report = features::extract_image_features(r);
    } else {
      features::TextExtractRequest r;
      common(r);
      if (step.kind == FeatureExtractionStep::Captions) {
        r.source = features::TextSource::Reed;
        r.input = inputs.captionsDir.toStdString();
      } else if (step.kind == FeatureExtractionStep::Descriptions) {
        r.source = features::TextSource::Descriptions;
        r.input = inputs.descriptionsFile.toStdString();
        r.description_segments = settings.descriptionsPerField;
      } else {
        r.source = features::TextSource::Prompts;  // the zero-shot default template
      }
      // Per-token outputs feed a Q-Former; class prompts are only averaged into class weights.
      r.with_tokens = settings.tokens && step.kind != FeatureExtractionStep::Prompts;
      report = features::extract_text_features(r);
    }
    if (report.cancelled) throw JobCancelled{};
    const QString file = QFileInfo(step.outPath).fileName();
    summary << (report.up_to_date
                    ? QCoreApplication::translate("FeatureExtraction", "%1: %2 is up to date (%3 rows)")
                          .arg(step.title(), file)
                          .arg(report.rows)
                    : QCoreApplication::translate("FeatureExtraction", "%1: %2, %3 rows in %4 s")
                          .arg(step.title(), file)
                          .arg(report.rows)
                          .arg(report.seconds, 0, 'f', 1));
    for (const auto& s : report.skipped)
      details << QCoreApplication::translate("FeatureExtraction", "skipped %1: %2")
                     .arg(QString::fromStdString(s.path), QString::fromStdString(s.reason));
    for (const auto& w : report.warnings)
      details
          << QCoreApplication::translate("FeatureExtraction", "warning: %1").arg(QString::fromStdString(w));
  }
  return summary + details;
}

}  // namespace plumage::ui
