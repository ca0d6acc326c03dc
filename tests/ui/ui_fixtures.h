// Small datasets written at test time: a CUB-layout folder with real JPEG
// files, Reed-style captions and a descriptions file, so the UI tests run
// without ../shared/data. The shared-data helpers skip when it is absent.
#pragma once

#include <QString>
#include <QStringList>

namespace plumage::test {

struct TinyCub {
  QString root;          // CUB layout
  QString captionsDir;   // text_c10 layout
  QString descriptions;  // plumage-descriptions JSON
  int classes = 0;
  int imagesPerClass = 0;
};

// Writes `classes` × `imagesPerClass` images (every other one train), with
// bounding boxes, 10 captions per image, and descriptions: class 1 has two
// variants (one lacking the "Eyes" field), class 2 one variant with every
// field, the others none.
TinyCub writeTinyCub(const QString& dir, int classes = 3, int imagesPerClass = 4);

// The MS-COCO layout (as in tests/features' cocoPairsEncodeAndTrainQFormer and
// tst_feature_extraction's cocoPairsInOneStep): <dir>/annotations/captions_val2017.json
// listing three images with four captions, and <dir>/val2017/ holding two of
// them; 000000000007.png is listed but not on disk. Returns the captions file.
QString writeTinyCoco(const QString& dir);

// ../shared/data (PLUMAGE_SHARED_DATA env var, else the build-time path); empty when absent.
QString sharedData(const QString& relative);

// A CUB-layout dataset of `total` images made by repeating the shared
// cub200-subset: each repetition's class folders are symlinks to the subset's
// (no image data copied). Empty when the subset is absent.
QString writeSymlinkedCub(const QString& dir, int total);

// True when the image has more than one distinct color (a non-blank render).
bool imageHasContent(const QString& pngPath, QString* why);

}  // namespace plumage::test
