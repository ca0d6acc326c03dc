#include "ui/setup/converter_training.h"

#include "core/experiment/runner.h"
#include "ui/common/job.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace plumage::ui {

namespace {

experiment::ConverterJobParams params(const ConverterTrainingRequest& r) {
  experiment::ConverterJobParams p;
  p.config = r.config;
  p.image_path = r.imagePath.toStdString();
  p.text_path = r.textPath.toStdString();
  p.val_image_path = r.valImagePath.toStdString();
  p.val_text_path = r.valTextPath.toStdString();
  p.output_path = r.outputPath.toStdString();
  p.name = r.name.toStdString();
  p.store_path = r.storePath.toStdString();
  return p;
}

QString arg(const experiment::JobProblem& p, size_t i) {
  return i < p.args.size() ? QString::fromStdString(p.args[i]) : QString();
}

QString translated(const experiment::JobProblem& p) {
  using P = experiment::JobProblem;
  switch (p.code) {
    case P::NothingToTrain:
      return QCoreApplication::translate("ConverterTraining", "The identity converter has nothing to train; choose mean shift, noise, ridge or Q-Former.");
    case P::NoImageFile: return QCoreApplication::translate("ConverterTraining", "Choose the image feature file.");
    case P::ImageFileMissing: return QCoreApplication::translate("ConverterTraining", "Image feature file not found: %1").arg(arg(p, 0));
    case P::NoTextFile: return QCoreApplication::translate("ConverterTraining", "Choose the text feature file (texts paired with those images).");
    case P::TextFileMissing: return QCoreApplication::translate("ConverterTraining", "Text feature file not found: %1").arg(arg(p, 0));
    case P::NoName: return QCoreApplication::translate("ConverterTraining", "Give the converter a name.");
    case P::ResumeMissing: return QCoreApplication::translate("ConverterTraining", "The checkpoint to continue from is gone: %1").arg(arg(p, 0));
    case P::NoOutput: return QCoreApplication::translate("ConverterTraining", "No output file.");
    case P::OutputExists: return QCoreApplication::translate("ConverterTraining", "%1 already exists; choose another name.").arg(arg(p, 0));
    case P::RidgeLambda: return QCoreApplication::translate("ConverterTraining", "Ridge lambda must be greater than 0.");
    case P::NoiseSigma: return QCoreApplication::translate("ConverterTraining", "Noise sigma must not be negative.");
    case P::QFormerSizes:
      return QCoreApplication::translate("ConverterTraining", "Q-Former: queries, layers, epochs and batch size must be at least 1 and the learning rate above 0.");
    case P::QFormerHeads:
      return QCoreApplication::translate("ConverterTraining", "Q-Former: the hidden size (%1) must be a multiple of the number of heads (%2).")
          .arg(arg(p, 0), arg(p, 1));
    case P::MixedClipModels:
      return QCoreApplication::translate("ConverterTraining",
                                         "%1 comes from CLIP %2 but %3 from CLIP %4; use features made with one CLIP model.")
          .arg(arg(p, 0), arg(p, 1), arg(p, 2), arg(p, 3));
  }
  return QString::fromStdString(p.message);
}

QString translated(const experiment::ConverterProgress& p) {
  using S = experiment::ConverterProgress;
  switch (p.stage) {
    case S::LoadingImages:
    case S::LoadingTexts: return QCoreApplication::translate("ConverterTraining", "Loading %1").arg(QString::fromStdString(p.file));
    case S::Fitting: return QCoreApplication::translate("ConverterTraining", "Fitting");
    case S::Training: return QCoreApplication::translate("ConverterTraining", "Training the Q-Former");
    case S::Epoch: return QCoreApplication::translate("ConverterTraining", "Epoch %1 of %2, loss %3").arg(p.epoch).arg(p.epochs).arg(p.loss, 0, 'g', 4);
    case S::Done: return QCoreApplication::translate("ConverterTraining", "Done");
  }
  return QString::fromStdString(experiment::describe(p));
}

}  // namespace

QString converterRunJob() { return QString::fromLatin1(experiment::converter_run_job()); }

bool readResumableCheckpoint(const QString& path, ResumableCheckpoint* out, QString* error) {
  try {
    *out = experiment::read_resumable_checkpoint(path.toStdString());
    return true;
  } catch (const experiment::CheckpointError& e) {
    if (error) {
      const QString file = QString::fromStdString(e.file);
      switch (e.code) {
        case experiment::CheckpointError::NoConfig:
          *error = QCoreApplication::translate("ConverterTraining", "%1 is not a converter checkpoint (no config).").arg(file);
          break;
        case experiment::CheckpointError::NotQFormer: *error = QCoreApplication::translate("ConverterTraining", "%1 is not a Q-Former checkpoint.").arg(file); break;
        case experiment::CheckpointError::NoTrainingState:
          *error = QCoreApplication::translate("ConverterTraining", "%1 holds no training state (optimizer, epoch) to continue from.").arg(file);
          break;
        case experiment::CheckpointError::Unreadable: *error = QString::fromUtf8(e.what()); break;
      }
    }
    return false;
  }
}

QStringList checkConverterRequest(const ConverterTrainingRequest& r) {
  QStringList problems;
  for (const auto& p : experiment::check_converter_job(params(r))) problems << translated(p);
  return problems;
}

ConverterTrainingOutcome trainConverterWork(JobContext& ctx, const ConverterTrainingRequest& r) {
  const QStringList problems = checkConverterRequest(r);
  if (!problems.isEmpty()) throw std::invalid_argument(problems.join(QLatin1Char('\n')).toStdString());
  experiment::ConverterJobCallbacks cb;
  cb.cancel = ctx.cancelFlag();
  cb.progress = [&ctx](const experiment::ConverterProgress& p) {
    using S = experiment::ConverterProgress;
    const bool counted = p.stage == S::Training || p.stage == S::Epoch || p.stage == S::Done;
    const int total = p.stage == S::Done ? 1 : p.epochs;
    const int done = p.stage == S::Done ? 1 : p.stage == S::Epoch ? p.epoch : 0;
    ctx.progress(counted ? done : 0, counted ? total : 0, translated(p));
  };
  experiment::ConverterJobOutcome o;
  try {
    o = experiment::train_converter_job(params(r), cb);
  } catch (const experiment::RunCancelled&) {
    throw JobCancelled{};
  }
  const experiment::ConverterResult& res = o.result;
  ConverterTrainingOutcome out;
  out.path = r.outputPath;
  out.kind = QString::fromStdString(o.kind);
  out.name = QString::fromStdString(o.name);
  out.runId = o.run_id;
  out.valCosine = res.val.cosine;
  out.valR1 = res.val.r_at_1;
  out.valR5 = res.val.r_at_5;
  out.trainCosine = res.train.cosine;
  out.valPairs = res.val.pairs;
  out.trainPairs = res.train.pairs;
  out.epochsRun = res.epochs_run;
  out.seconds = res.seconds;
  return out;
}

}  // namespace plumage::ui
