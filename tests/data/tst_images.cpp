// Image decoding and CLIP preprocessing (issue item 6): agreement with the
// reference pixels of the Python pipeline, the resize/crop rule at 224, the
// fixed-point resampler against a plain floating-point one, and every
// decode failure (truncated, corrupt, empty, not an image) as an error.
#include "data_test_util.h"
#include "reference_pixels.h"

#include "core/data/cub.h"
#include "core/data/file_util.h"
#include "core/data/image/clip_preprocess.h"
#include "core/data/image/image_decode.h"
#include "core/data/image/image_probe.h"
#include "core/data/image/jpeg_decode.h"
#include "core/data/image/resample.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace plumage::data;

namespace {

// An 8x6 CMYK JPEG (Adobe, inverted CMYK) written by PIL; PIL converts
// pixel (0,0) to RGB (235,235,235) and pixel (7,5) to (41,51,235).
const char kCmykJpeg[] =
    "\xff\xd8\xff\xee\x00\x0e\x41\x64\x6f\x62\x65\x00\x64\x00\x00\x00\x00\x00\xff\xdb\x00\x43\x00\x02"
    "\x01\x01\x01\x01\x01\x02\x01\x01\x01\x02\x02\x02\x02\x02\x04\x03\x02\x02\x02\x02\x05\x04\x04\x03"
    "\x04\x06\x05\x06\x06\x06\x05\x06\x06\x06\x07\x09\x08\x06\x07\x09\x07\x06\x06\x08\x0b\x08\x09\x0a"
    "\x0a\x0a\x0a\x0a\x06\x08\x0b\x0c\x0b\x0a\x0c\x09\x0a\x0a\x0a\xff\xc0\x00\x14\x08\x00\x06\x00\x08"
    "\x04\x43\x11\x00\x4d\x11\x00\x59\x11\x00\x4b\x11\x00\xff\xc4\x00\x1f\x00\x00\x01\x05\x01\x01\x01"
    "\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\xff\xc4"
    "\x00\xb5\x10\x00\x02\x01\x03\x03\x02\x04\x03\x05\x05\x04\x04\x00\x00\x01\x7d\x01\x02\x03\x00\x04"
    "\x11\x05\x12\x21\x31\x41\x06\x13\x51\x61\x07\x22\x71\x14\x32\x81\x91\xa1\x08\x23\x42\xb1\xc1\x15"
    "\x52\xd1\xf0\x24\x33\x62\x72\x82\x09\x0a\x16\x17\x18\x19\x1a\x25\x26\x27\x28\x29\x2a\x34\x35\x36"
    "\x37\x38\x39\x3a\x43\x44\x45\x46\x47\x48\x49\x4a\x53\x54\x55\x56\x57\x58\x59\x5a\x63\x64\x65\x66"
    "\x67\x68\x69\x6a\x73\x74\x75\x76\x77\x78\x79\x7a\x83\x84\x85\x86\x87\x88\x89\x8a\x92\x93\x94\x95"
    "\x96\x97\x98\x99\x9a\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xc2"
    "\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xe1\xe2\xe3\xe4\xe5\xe6\xe7"
    "\xe8\xe9\xea\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xff\xda\x00\x0e\x04\x43\x00\x4d\x00\x59\x00"
    "\x4b\x00\x00\x3f\x00\xf5\x8f\xf8\x38\x8f\xfe\x63\xbf\xf6\xd3\xfa\xd5\x8f\xf8\x88\xef\xe3\xf7\xfc"
    "\xf0\xd5\x3f\xf0\x21\x7f\xf8\xaa\xfd\xfc\xaf\xda\xca\xff\xd9"
    ;

// Straightforward floating-point version of the resize rule: weights from the
// same kernel, accumulated in double, rounded and clipped after each pass.
std::vector<uint8_t> float_resize(const std::vector<uint8_t>& src, int w, int h, int ow, int oh) {
  auto pass = [](const std::vector<uint8_t>& in, int n_in, int n_out, int lines, bool horizontal, int w_in) {
    std::vector<uint8_t> out(static_cast<std::size_t>(n_out) * lines * 3);
    const double scale = double(n_in) / n_out, fs = std::max(scale, 1.0), support = 2.0 * fs;
    for (int o = 0; o < n_out; ++o) {
      const double center = (o + 0.5) * scale;
      const int lo = std::max(0, int(std::floor(center - support)));
      const int hi = std::min(n_in, int(std::ceil(center + support)));
      std::vector<double> wt;
      double sum = 0;
      for (int i = lo; i < hi; ++i) {
        wt.push_back(pil_bicubic_kernel((i + 0.5 - center) / fs));
        sum += wt.back();
      }
      for (int l = 0; l < lines; ++l)
        for (int c = 0; c < 3; ++c) {
          double acc = 0;
          for (int i = lo; i < hi; ++i) {
            const std::size_t idx = horizontal ? (std::size_t(l) * w_in + i) * 3 + c : (std::size_t(i) * w_in + l) * 3 + c;
            acc += in[idx] * wt[i - lo] / sum;
          }
          const std::size_t oidx = horizontal ? (std::size_t(l) * n_out + o) * 3 + c : (std::size_t(o) * w_in + l) * 3 + c;
          out[oidx] = static_cast<uint8_t>(std::clamp(std::lround(acc), 0L, 255L));
        }
    }
    return out;
  };
  auto tmp = pass(src, w, ow, h, true, w);
  return pass(tmp, h, oh, ow, false, ow);
}

RgbImage random_image(int w, int h, unsigned seed) {
  RgbImage im;
  im.width = w;
  im.height = h;
  im.pixels.resize(std::size_t(w) * h * 3);
  std::mt19937 rng(seed);
  // Smooth gradients plus hard edges and noise: exercises over/undershoot clipping.
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        int v = (x * 255 / w + y * (c + 1) * 7) % 256;
        if ((x / 9 + y / 13) % 3 == 0) v = (c == 1) ? 255 : 0;
        v += int(rng() % 21) - 10;
        im.pixels[(std::size_t(y) * w + x) * 3 + c] = static_cast<uint8_t>(std::clamp(v, 0, 255));
      }
  return im;
}

// Offset of the first marker segment FF `marker` in a JPEG, walking the
// segments from SOI (not a byte search: table data may hold the same bytes).
std::size_t marker_offset(const std::string& jpg, unsigned char marker) {
  std::size_t pos = 2;
  while (pos + 4 <= jpg.size() && static_cast<unsigned char>(jpg[pos]) == 0xFF) {
    if (static_cast<unsigned char>(jpg[pos + 1]) == marker) return pos;
    pos += 2 + (static_cast<unsigned char>(jpg[pos + 2]) << 8 | static_cast<unsigned char>(jpg[pos + 3]));
  }
  return std::string::npos;
}

}  // namespace

class TestImages : public QObject {
  Q_OBJECT
 private slots:
  void matches_reference_pixels() {
    const std::string ref = plumage::test::shared_data("clip/reference/tiny-clip-vit-p16.reference.safetensors");
    const std::string root = plumage::test::shared_data("cub200-subset");
    if (ref.empty() || root.empty()) QSKIP("shared data (clip reference, cub200-subset) not available");
    auto r = plumage::test::read_reference_pixels(ref);
    QCOMPARE(r.count, 4);
    QCOMPARE(r.resolution, 64);
    const std::size_t n = 3 * 64 * 64;
    std::vector<float> mine(n);
    double sum = 0, worst = 0;
    for (int i = 0; i < r.count; ++i) {
      clip_preprocess_file(root + "/" + r.images[i], 64, mine.data());
      for (std::size_t k = 0; k < n; ++k) {
        const double d = std::fabs(double(mine[k]) - r.pixels[i * n + k]);
        sum += d;
        worst = std::max(worst, d);
      }
    }
    const double mean = sum / (n * r.count);
    qInfo("reference R=64: mean |d| = %.6f, max |d| = %.6f", mean, worst);
    QVERIFY2(mean <= 0.004, qPrintable(QString("mean |d| %1").arg(mean)));
    QVERIFY2(worst <= 0.05, qPrintable(QString("max |d| %1").arg(worst)));
  }

  void resize_rule_at_224() {
    struct Case { int w, h, rw, rh, left, top; };
    const Case cases[] = {
        {256, 341, 224, 298, 0, 37},   // (298-224)/2 = 37
        {341, 256, 298, 224, 37, 0},
        {500, 375, 298, 224, 37, 0},   // 224*500/375 = 298.67 -> 298 (truncated)
        {256, 256, 224, 224, 0, 0},
        {300, 200, 336, 224, 56, 0},   // upscaling the short side
        {256, 331, 224, 289, 0, 32},   // (289-224)/2 = 32.5 -> 32 (half to even)
        {256, 333, 224, 291, 0, 34},   // 33.5 -> 34
        {100, 1000, 224, 2240, 0, 1008},
    };
    for (const auto& c : cases) {
      auto p = clip_resize_plan(c.w, c.h, 224);
      QCOMPARE(p.resized_width, c.rw);
      QCOMPARE(p.resized_height, c.rh);
      QCOMPARE(p.crop_left, c.left);
      QCOMPARE(p.crop_top, c.top);
    }
  }

  void resampler_matches_float_version() {
    // Synthetic images of awkward sizes, plus real subset images if present.
    std::vector<RgbImage> images = {random_image(256, 341, 1), random_image(97, 61, 2), random_image(300, 200, 3)};
    const std::string root = plumage::test::shared_data("cub200-subset");
    if (!root.empty()) {
      Dataset ds = read_cub(root);
      for (std::size_t i : {0u, 500u, 1500u}) images.push_back(decode_image_file(ds.image_path(ds.images[i])));
    }
    for (int res : {224, 64}) {
      for (const auto& im : images) {
        auto plan = clip_resize_plan(im.width, im.height, res);
        auto full = float_resize(im.pixels, im.width, im.height, plan.resized_width, plan.resized_height);
        auto mine = clip_resize_crop(im, res);
        int worst = 0;
        std::size_t differing = 0;
        for (int y = 0; y < res; ++y)
          for (int x = 0; x < res * 3; ++x) {
            int a = mine[std::size_t(y) * res * 3 + x];
            int b = full[(std::size_t(y + plan.crop_top) * plan.resized_width + plan.crop_left) * 3 + x];
            worst = std::max(worst, std::abs(a - b));
            differing += a != b;
          }
        QVERIFY2(worst <= 1, qPrintable(QString("%1x%2 at %3: max level difference %4").arg(im.width).arg(im.height).arg(res).arg(worst)));
        QVERIFY(differing < mine.size() / 20);  // fixed point agrees almost everywhere
      }
    }
  }

  void window_equals_full_resize() {
    auto im = random_image(120, 90, 4);
    std::vector<uint8_t> full(std::size_t(80) * 60 * 3), win(std::size_t(30) * 20 * 3);
    resample_bicubic_pil(im.pixels.data(), 120, 90, 3, 80, 60, {0, 0, 80, 60}, full.data());
    resample_bicubic_pil(im.pixels.data(), 120, 90, 3, 80, 60, {17, 31, 30, 20}, win.data());
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 90; ++x) QCOMPARE(win[std::size_t(y) * 90 + x], full[std::size_t(y + 31) * 240 + 17 * 3 + x]);
  }

  void normalization_values() {
    RgbImage im;
    im.width = im.height = 4;
    im.pixels.assign(48, 255);
    std::vector<float> out(3 * 16);
    clip_preprocess(im, 4, out.data());
    QVERIFY(std::fabs(out[0] - (1.0f - kClipMean[0]) / kClipStd[0]) < 1e-6f);
    QVERIFY(std::fabs(out[16 * 2] - (1.0f - kClipMean[2]) / kClipStd[2]) < 1e-6f);
  }

  void grayscale_subset_images_load_as_rgb() {
    const std::string root = plumage::test::shared_data("cub200-subset");
    if (root.empty()) QSKIP("shared data cub200-subset not available");
    Dataset ds = read_cub(root);
    int gray = 0;
    for (const auto& r : ds.images) {
      const std::string bytes = read_file_bytes(ds.image_path(r));
      if (probe_image_bytes(bytes).channels != 1) continue;
      ++gray;
      RgbImage im = decode_image_bytes(bytes, r.path);
      QCOMPARE(im.source_channels, 1);
      QCOMPARE(im.pixels.size(), std::size_t(im.width) * im.height * 3);
      for (std::size_t i = 0; i < im.pixels.size(); i += 3) {
        QCOMPARE(im.pixels[i], im.pixels[i + 1]);
        QCOMPARE(im.pixels[i], im.pixels[i + 2]);
      }
    }
    QCOMPARE(gray, 2);
  }

  void cmyk_and_alpha_become_rgb() {
    RgbImage cmyk = decode_image_bytes(std::string(kCmykJpeg, sizeof kCmykJpeg - 1), "cmyk.jpg");
    QCOMPARE(cmyk.width, 8);
    QCOMPARE(cmyk.height, 6);
    QCOMPARE(cmyk.source_channels, 4);
    const int want[2][3] = {{235, 235, 235}, {41, 51, 235}};
    const std::size_t at[2] = {0, (5 * 8 + 7) * 3};
    for (int k = 0; k < 2; ++k)
      for (int c = 0; c < 3; ++c)
        QVERIFY2(std::abs(int(cmyk.pixels[at[k] + c]) - want[k][c]) <= 8,
                 qPrintable(QString("pixel %1 channel %2: %3").arg(k).arg(c).arg(cmyk.pixels[at[k] + c])));

    cv::Mat bgra(5, 7, CV_8UC4, cv::Scalar(10, 20, 30, 0));  // fully transparent, colour kept
    std::vector<uchar> png;
    cv::imencode(".png", bgra, png);
    RgbImage rgba = decode_image_bytes(std::string(png.begin(), png.end()), "alpha.png");
    QCOMPARE(rgba.source_channels, 4);
    QCOMPARE(int(rgba.pixels[0]), 30);  // R (alpha dropped, like PIL's convert("RGB"))
    QCOMPARE(int(rgba.pixels[2]), 10);
  }

  // A decompression bomb: a small JPEG whose header declares 20000 x 20000
  // pixels (1.2 GB of RGB) is refused from the header, before decoding.
  void declared_pixels_are_capped() {
    cv::Mat img(48, 64, CV_8UC3);
    cv::randu(img, 0, 255);
    std::vector<uchar> enc;
    cv::imencode(".jpg", img, enc);
    std::string jpg(enc.begin(), enc.end());
    const std::size_t sof = marker_offset(jpg, 0xC0);
    QVERIFY(sof != std::string::npos);
    std::string bomb = jpg;
    for (std::size_t at : {sof + 5, sof + 7}) {  // height, then width, big-endian
      bomb[at] = static_cast<char>(20000 >> 8);
      bomb[at + 1] = static_cast<char>(20000 & 0xFF);
    }
    const std::string expect =
        "image declares 20000 x 20000 = 400000000 pixels, more than the limit of 89478485";
    for (int direct = 0; direct < 2; ++direct) {
      try {
        if (direct)
          decode_jpeg(bomb, "bomb.jpg");
        else
          decode_image_bytes(bomb, "bomb.jpg");
        QFAIL("a 20000 x 20000 JPEG was decoded");
      } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("bomb.jpg") &&
                     QString(e.what()).contains(QString::fromStdString(expect)),
                 e.what());
      }
    }
    // Through the preprocessing path feature extraction uses (a file).
    QTemporaryDir tmp;
    plumage::test::write_text(tmp.path().toStdString(), "bomb.jpg", bomb);
    std::vector<float> out(3 * 32 * 32);
    QVERIFY_THROWS_EXCEPTION(DataError,
                             clip_preprocess_file(tmp.filePath("bomb.jpg").toStdString(), 32, out.data()));
    // The limit is an option: the real 64 x 48 image passes the default and
    // fails a limit below its 3072 pixels, PNG included.
    QCOMPARE(decode_image_bytes(jpg, "ok.jpg").width, 64);
    DecodeOptions small;
    small.max_pixels = 3071;
    QVERIFY_THROWS_EXCEPTION(DataError, decode_image_bytes(jpg, "ok.jpg", small));
    QVERIFY_THROWS_EXCEPTION(DataError, decode_jpeg(jpg, "ok.jpg", small));
    std::vector<uchar> png;
    cv::imencode(".png", img, png);
    QVERIFY_THROWS_EXCEPTION(DataError,
                             decode_image_bytes(std::string(png.begin(), png.end()), "ok.png", small));
    small.max_pixels = 3072;
    QCOMPARE(decode_image_bytes(jpg, "ok.jpg", small).height, 48);
  }

  // Found by fuzz_image_probe: a PNG header declaring a height above 2^31 - 1
  // came back as a negative int (which a declared-pixels limit would pass).
  void png_size_beyond_the_spec_is_corrupt() {
    std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR", 8);
    png += std::string("\x00\x00\x00\x10", 4) + std::string("\xe3\xe3\xe3\xe3", 4);  // width 16, height 0xE3E3E3E3
    png += std::string("\x08\x02\x00\x00\x00", 5) + std::string(4, '\0');               // depth, colour, ..., CRC
    const ImageProbe p = probe_image_bytes(png);
    QVERIFY2(p.error.find("above 2^31 - 1") != std::string::npos, p.error.c_str());
    QVERIFY(p.width >= 0 && p.height >= 0);
  }

  // A JPEG whose scan data is cut short and followed by an EOI marker: the
  // file is structurally complete (the probe passes), libjpeg only warns
  // "premature end of data segment" and fills the rest with grey. It used to
  // decode as a half-grey image; now it is a corrupt-JPEG error naming the
  // file (feature extraction reports and skips it; strict reads fail).
  void scan_cut_short_before_eoi_is_corrupt() {
    cv::Mat img(96, 128, CV_8UC3);
    cv::randu(img, 0, 255);
    std::vector<uchar> enc;
    cv::imencode(".jpg", img, enc);
    const std::string jpg(enc.begin(), enc.end());
    const std::size_t sos = marker_offset(jpg, 0xDA);
    QVERIFY(sos != std::string::npos);
    const std::size_t scan =
        sos + 2 + (static_cast<unsigned char>(jpg[sos + 2]) << 8 | static_cast<unsigned char>(jpg[sos + 3]));
    std::size_t cut = scan + (jpg.size() - 2 - scan) / 2;
    if (static_cast<unsigned char>(jpg[cut - 1]) == 0xFF) --cut;  // do not leave half a stuffed FF 00
    const std::string bad = jpg.substr(0, cut) + "\xFF\xD9";
    QVERIFY(probe_image_bytes(bad).error.empty());  // nothing structural to see
    for (int direct = 0; direct < 2; ++direct) {
      try {
        if (direct)
          decode_jpeg(bad, "cut.jpg");
        else
          decode_image_bytes(bad, "cut.jpg");
        QFAIL("a JPEG with half its scan data decoded");
      } catch (const DataError& e) {
        QVERIFY2(
            QString(e.what()).contains("cut.jpg") &&
                QString(e.what()).contains("corrupt JPEG: Corrupt JPEG data: premature end of data segment"),
            e.what());
      }
    }
    QTemporaryDir tmp;
    plumage::test::write_text(tmp.path().toStdString(), "cut.jpg", bad);
    std::vector<float> out(3 * 32 * 32);
    try {
      clip_preprocess_file(tmp.filePath("cut.jpg").toStdString(), 32, out.data());
      QFAIL("preprocessing accepted the cut JPEG");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains("cut.jpg: corrupt JPEG"), e.what());
    }
    // Garbage in the middle of the scan (a flipped run of bytes) is corrupt too.
    std::string garbled = jpg;
    for (std::size_t i = scan + 40; i < scan + 200 && i + 2 < jpg.size(); ++i)
      garbled[i] = static_cast<char>(0xFF);
    QVERIFY_THROWS_EXCEPTION(DataError, decode_image_bytes(garbled, "garbled.jpg"));
    QCOMPARE(decode_image_bytes(jpg, "ok.jpg").width, 128);
  }

  void bad_files_are_errors_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated jpeg") << "trunc-jpeg" << "truncated JPEG";
    QTest::newRow("jpeg cut in header") << "trunc-jpeg-header" << "truncated JPEG: file ends inside the header";
    QTest::newRow("corrupt jpeg") << "corrupt-jpeg" << "corrupt JPEG";
    QTest::newRow("truncated png") << "trunc-png" << "truncated PNG";
    QTest::newRow("empty file") << "empty" << "empty file";
    QTest::newRow("not an image") << "text" << "cannot decode image";
    QTest::newRow("missing file") << "missing" << "cannot open file";
  }
  void bad_files_are_errors() {
    QFETCH(QString, kind);
    QFETCH(QString, message);
    cv::Mat img(120, 160, CV_8UC3);
    cv::randu(img, 0, 255);
    std::vector<uchar> jpg, png;
    cv::imencode(".jpg", img, jpg);
    cv::imencode(".png", img, png);
    std::string bytes;
    if (kind == "trunc-jpeg") bytes.assign(jpg.begin(), jpg.begin() + jpg.size() * 2 / 3);
    if (kind == "trunc-jpeg-header") bytes.assign(jpg.begin(), jpg.begin() + 100);
    if (kind == "corrupt-jpeg") bytes = std::string("\xFF\xD8\xFF\xE0\x00\x04\x00\x00", 8) + std::string(300, 'z');
    if (kind == "trunc-png") bytes.assign(png.begin(), png.begin() + png.size() / 2);
    if (kind == "text") bytes = "this is not an image\n";
    QTemporaryDir tmp;
    const std::string path = tmp.filePath("x.img").toStdString();
    if (kind != "missing") plumage::test::write_text(tmp.path().toStdString(), "x.img", bytes);
    try {
      std::vector<float> out(3 * 32 * 32);
      clip_preprocess_file(path, 32, out.data());
      QFAIL("bad image accepted");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
      QVERIFY2(QString(e.what()).contains("x.img"), e.what());
    }
    // The intact files decode.
    QCOMPARE(decode_image_bytes(std::string(jpg.begin(), jpg.end()), "ok.jpg").width, 160);
    QCOMPARE(decode_image_bytes(std::string(png.begin(), png.end()), "ok.png").height, 120);
  }
};

QTEST_GUILESS_MAIN(TestImages)
#include "tst_images.moc"
