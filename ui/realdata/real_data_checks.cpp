#include "ui/realdata/real_data_checks.h"

#include "core/data/coco_captions.h"
#include "core/data/dataset_inspect.h"
#include "core/data/manifest.h"
#include "core/data/reed_captions.h"
#include "core/experiment/model_check.h"

#include <QFileInfo>
#include <QLocale>

#include <vector>

namespace plumage::ui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// Problem: the first diagnostic names the file (and line); all of them go to details.
RealDataCheck problems(const std::vector<data::Diagnostic>& all, RealDataCheck::State state = RealDataCheck::State::Problem) {
  RealDataCheck c;
  c.state = state;
  for (const auto& d : all) c.details << q(d.to_string());
  c.summary = c.details.value(0);
  if (all.size() > 1)
    c.summary = RealDataChecks::tr("%1 (and %2 more problems)").arg(c.summary).arg(all.size() - 1);
  return c;
}

RealDataCheck problem(const QString& text) {
  RealDataCheck c;
  c.state = RealDataCheck::State::Problem;
  c.summary = text;
  c.details << text;
  return c;
}

}  // namespace

QString RealDataChecks::count(qint64 n) { return QLocale(QLocale::English).toString(n); }

RealDataCheck RealDataChecks::cub(const QString& dir, const Progress& progress) {
  if (dir.trimmed().isEmpty()) return {};
  data::InspectOptions opt;
  opt.check_images = true;  // truncated or unreadable files are found now, not in hour three of encoding
  if (progress) opt.progress = [&](std::size_t done, std::size_t total) { progress(qint64(done), qint64(total)); };
  data::InspectReport rep;
  try {
    rep = data::inspect_dataset(dir.toStdString(), opt);
  } catch (const data::DataError& e) {
    return problems(e.problems());
  } catch (const std::exception& e) {
    return problem(dir + QStringLiteral(": ") + q(e.what()));
  }
  if (!rep.valid()) return problems(rep.problems);
  RealDataCheck c;
  c.state = RealDataCheck::State::Ok;
  c.summary = tr("%1 classes, %2 images (%3 train, %4 test)")
                  .arg(count(qint64(rep.classes)), count(qint64(rep.images)), count(qint64(rep.train)),
                       count(qint64(rep.test)));
  if (rep.kind != "cub") c.summary += tr("; a manifest, not the CUB-200-2011 layout");
  else if (rep.classes != 200) c.summary += tr("; a subset (the study uses all 200 classes)");
  for (const auto& n : rep.notes) c.details << q(n);
  return c;
}

RealDataCheck RealDataChecks::reed(const QString& dir, const QString& cubDir) {
  if (dir.trimmed().isEmpty()) return {};
  if (!QFileInfo(dir).isDir()) return problem(tr("%1: no such folder").arg(dir));
  if (cubDir.trimmed().isEmpty())
    return problem(tr("Choose the CUB folder first: the captions are matched to its images."));
  data::Dataset ds;
  try {
    ds = data::open_dataset(cubDir.toStdString(), {data::ReadMode::Lenient, false});
  } catch (const data::DataError& e) {
    return problem(tr("The CUB folder cannot be read: %1").arg(q(e.problems().front().to_string())));
  }
  data::ImageCaptions caps;
  try {
    caps = data::read_reed_captions(ds, dir.toStdString(), {data::ReadMode::Lenient, 10});
  } catch (const data::DataError& e) {
    return problems(e.problems());
  }
  if (caps.images_with_captions() == 0)
    return problem(tr("%1: no caption file matches an image of %2 (expected <class folder>/<image name>.txt, "
                      "as in text_c10)")
                       .arg(dir, cubDir));
  if (!caps.warnings.empty()) return problems(caps.warnings);
  RealDataCheck c;
  c.state = RealDataCheck::State::Ok;
  c.summary = tr("%1 captions for %2 of %3 images of the chosen CUB")
                  .arg(count(qint64(caps.caption_count())), count(qint64(caps.images_with_captions())),
                       count(qint64(ds.images.size())));
  if (caps.unused_folders)
    c.details << tr("%1 caption folders match no class of the chosen CUB").arg(caps.unused_folders);
  return c;
}

RealDataCheck RealDataChecks::coco(const QString& captionsJson, const QString& imageDir) {
  if (captionsJson.trimmed().isEmpty()) return {};
  data::CocoReadOptions opt;
  opt.mode = data::ReadMode::Lenient;
  opt.image_dir = imageDir.trimmed().toStdString();
  data::CocoCaptions coco;
  try {
    coco = data::read_coco_captions(captionsJson.toStdString(), opt);
  } catch (const data::DataError& e) {
    return problems(e.problems());
  } catch (const std::exception& e) {
    return problem(captionsJson + QStringLiteral(": ") + q(e.what()));
  }
  if (!coco.warnings.empty()) return problems(coco.warnings);
  if (coco.image_dir.empty())
    return problem(captionsJson + QStringLiteral(": ") +
                   (coco.notes.empty() ? tr("image folder not found") : q(coco.notes.front())));
  if (!QFileInfo(q(coco.image_dir)).isDir()) return problem(tr("%1: no such folder").arg(q(coco.image_dir)));
  // Counted here rather than by the reader's check_files_exist, which
  // reports each as a problem: a few missing images are left out, not fatal.
  QStringList missing;
  for (const auto& im : coco.images)
    if (!QFileInfo(q(coco.image_path(im))).isFile()) missing << q(coco.image_path(im));
  RealDataCheck c;
  c.state = missing.isEmpty() ? RealDataCheck::State::Ok : RealDataCheck::State::Warning;
  c.summary = tr("%1 images, %2 captions (images in %3)")
                  .arg(count(qint64(coco.images.size())), count(qint64(coco.captions.size())), q(coco.image_dir));
  if (!missing.isEmpty())
    c.summary += tr("; not on disk: %1 of them, left out when encoding (first: %2)")
                     .arg(count(missing.size()), missing.first());
  c.details = missing.mid(0, 20);
  return c;
}

RealDataCheck RealDataChecks::clip(const QString& path) {
  if (path.trimmed().isEmpty()) return {};
  const experiment::ClipCheckpointCheck m = experiment::check_clip_checkpoint(path.toStdString());
  if (!m.ok) return problem(q(m.error));
  RealDataCheck c;
  c.state = RealDataCheck::State::Ok;
  c.summary = q(m.summary());
  if (m.architecture != "ViT-B/16") c.summary += tr("; the study uses ViT-B/16");
  c.details << tr("weights xxh64:%1").arg(q(m.weights_hash));
  return c;
}

RealDataCheck RealDataChecks::apiKey(const QString& name) {
  const QString var = name.trimmed();
  if (var.isEmpty()) return {};
  RealDataCheck c;
  if (!qEnvironmentVariable(var.toLocal8Bit().constData()).trimmed().isEmpty()) {
    c.state = RealDataCheck::State::Ok;
    c.summary = tr("%1 is set (the key is not shown)").arg(var);
    return c;
  }
  return problem(tr("%1 is not set in Plumage's environment: export it before starting Plumage, or keep the key "
                    "in the system keychain (File → Generate Descriptions)")
                     .arg(var));
}

}  // namespace plumage::ui
