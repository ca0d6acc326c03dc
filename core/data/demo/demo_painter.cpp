#include "core/data/demo/demo_painter.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace plumage::data::demo {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kSub = 4;  // fractional bits for anti-aliased drawing
constexpr int kSS = 2;   // drawn at 2x, then reduced: smoother edges

cv::Scalar jitter(const std::array<int, 3>& bgr, const std::array<double, 3>& j, double light) {
  cv::Scalar s;
  for (int c = 0; c < 3; ++c) s[c] = std::clamp((bgr[c] + j[c]) * light, 0.0, 255.0);
  return s;
}
cv::Scalar shade(const cv::Scalar& c, double f) {
  return cv::Scalar(std::clamp(c[0] * f, 0.0, 255.0), std::clamp(c[1] * f, 0.0, 255.0), std::clamp(c[2] * f, 0.0, 255.0));
}
cv::Scalar mix(const cv::Scalar& a, const cv::Scalar& b, double t) { return a * (1 - t) + b * t; }

// Bird-relative coordinates (unit = body length, x forward, y down) to pixels.
struct Pose {
  double cx, cy, scale, angle;  // angle in radians, positive = head up
  bool mirror;
  std::vector<cv::Point2d> box;  // every point drawn, for the bounding box

  cv::Point2d map(double x, double y) {
    const double ca = std::cos(angle), sa = std::sin(angle);
    double rx = x * ca + y * sa, ry = -x * sa + y * ca;
    if (mirror) rx = -rx;
    cv::Point2d p(cx + rx * scale, cy + ry * scale);
    box.push_back(p);
    return p;
  }
  cv::Point fixed(double x, double y) {
    auto p = map(x, y);
    return cv::Point(static_cast<int>(std::lround(p.x * (1 << kSub))), static_cast<int>(std::lround(p.y * (1 << kSub))));
  }
  double px(double len) const { return len * scale; }
  // Ellipse axis angle (degrees) in image space for a bird-space angle.
  double deg(double bird_deg) const {
    const double a = -bird_deg - angle * 180.0 / kPi;
    return mirror ? 180.0 - a : a;
  }
  void ellipse(cv::Mat& img, double x, double y, double ax, double ay, double rot_deg, const cv::Scalar& c) {
    const cv::Point center = fixed(x, y);
    // Record the extreme points for the bounding box.
    for (int k = 0; k < 8; ++k) {
      const double t = k * kPi / 4, r = rot_deg * kPi / 180;
      map(x + ax * std::cos(t) * std::cos(r) - ay * std::sin(t) * std::sin(r),
          y - ax * std::cos(t) * std::sin(r) - ay * std::sin(t) * std::cos(r));
    }
    const cv::Size axes(static_cast<int>(px(ax) * (1 << kSub)), static_cast<int>(px(ay) * (1 << kSub)));
    cv::ellipse(img, center, axes, deg(rot_deg), 0, 360, c, cv::FILLED, cv::LINE_AA, kSub);
  }
  void poly(cv::Mat& img, const std::vector<cv::Point2d>& pts, const cv::Scalar& c) {
    std::vector<cv::Point> p;
    for (const auto& q : pts) p.push_back(fixed(q.x, q.y));
    cv::fillPoly(img, std::vector<std::vector<cv::Point>>{p}, c, cv::LINE_AA, kSub);
  }
  void line(cv::Mat& img, double x0, double y0, double x1, double y1, double w, const cv::Scalar& c) {
    cv::line(img, fixed(x0, y0), fixed(x1, y1), c, std::max(1, static_cast<int>(px(w))), cv::LINE_AA, kSub);
  }
};

void blend(cv::Mat& img, const cv::Mat& layer, double alpha) { cv::addWeighted(layer, alpha, img, 1 - alpha, 0, img); }

void background(cv::Mat& img, Habitat h, Rng& rng) {
  const int w = img.cols, hgt = img.rows;
  cv::Scalar top, bottom;
  switch (h) {
    case Habitat::Forest: top = {60, 120, 70}; bottom = {40, 90, 50}; break;
    case Habitat::Open: top = {235, 190, 140}; bottom = {245, 225, 205}; break;
    case Habitat::Wetland: top = {200, 185, 160}; bottom = {140, 130, 95}; break;
    case Habitat::Dusk: top = {140, 90, 110}; bottom = {120, 170, 240}; break;
  }
  const double tint = rng.uniform(-20, 20);
  for (int y = 0; y < hgt; ++y) {
    const double t = double(y) / hgt;
    img.row(y).setTo(mix(top, bottom, t) + cv::Scalar(tint, tint * 0.5, -tint * 0.3));
  }
  // Soft shapes: leaves, clouds, reeds or far hills, blurred like an out-of-focus background.
  cv::Mat layer = img.clone();
  const int n = 10 + rng.below(15);
  for (int i = 0; i < n; ++i) {
    const cv::Point c(rng.below(w), rng.below(hgt));
    if (h == Habitat::Forest) {
      const cv::Scalar leaf(30 + rng.below(50), 90 + rng.below(90), 30 + rng.below(60));
      cv::ellipse(layer, c, cv::Size(w / 14 + rng.below(w / 8), hgt / 20 + rng.below(hgt / 10)), rng.below(180), 0, 360, leaf, cv::FILLED, cv::LINE_AA);
    } else if (h == Habitat::Open) {
      const double v = 235 + rng.below(20);
      cv::ellipse(layer, cv::Point(c.x, c.y / 2), cv::Size(w / 8 + rng.below(w / 6), hgt / 30 + rng.below(hgt / 20)), 0, 0, 360, cv::Scalar(v, v, v), cv::FILLED, cv::LINE_AA);
    } else if (h == Habitat::Wetland) {
      const cv::Scalar reed(50 + rng.below(30), 110 + rng.below(40), 110 + rng.below(40));
      cv::line(layer, cv::Point(c.x, hgt), cv::Point(c.x + rng.below(w / 10) - w / 20, hgt / 3 + rng.below(hgt / 2)), reed, 2 + rng.below(5), cv::LINE_AA);
    } else {
      const cv::Scalar hill(60 + rng.below(30), 50 + rng.below(30), 70 + rng.below(30));
      cv::ellipse(layer, cv::Point(c.x, hgt), cv::Size(w / 4 + rng.below(w / 3), hgt / 4 + rng.below(hgt / 5)), 0, 180, 360, hill, cv::FILLED, cv::LINE_AA);
    }
  }
  blend(img, layer, 0.75);
  const int k = (std::max(w, hgt) / 40) | 1;
  cv::GaussianBlur(img, img, cv::Size(k, k), 0);
}

// A branch under the bird's feet, crossing the image, with a few leaves.
void branch(cv::Mat& img, double y_at_feet, double feet_x, Rng& rng, double scale) {
  const double slope = rng.uniform(-0.25, 0.25);
  const cv::Scalar bark(40 + rng.below(30), 60 + rng.below(30), 80 + rng.below(40));
  const int thick = std::max(3, static_cast<int>(scale * rng.uniform(0.05, 0.09)));
  const double x0 = -10, x1 = img.cols + 10;
  auto yat = [&](double x) { return y_at_feet + thick * 0.4 + slope * (x - feet_x); };
  cv::line(img, cv::Point2d(x0, yat(x0)), cv::Point2d(x1, yat(x1)), bark, thick, cv::LINE_AA);
  cv::line(img, cv::Point2d(x0, yat(x0) - thick * 0.25), cv::Point2d(x1, yat(x1) - thick * 0.25), shade(bark, 1.35),
           std::max(1, thick / 4), cv::LINE_AA);
  const int twigs = 1 + rng.below(3);
  for (int i = 0; i < twigs; ++i) {
    const double tx = rng.uniform(0, img.cols);
    if (std::abs(tx - feet_x) < scale * 0.5) continue;
    const cv::Point2d a(tx, yat(tx)), b(tx + rng.uniform(-0.4, 0.4) * scale, yat(tx) - rng.uniform(0.2, 0.5) * scale);
    cv::line(img, a, b, bark, std::max(2, thick / 2), cv::LINE_AA);
    const cv::Scalar leaf(40 + rng.below(40), 120 + rng.below(80), 50 + rng.below(50));
    cv::ellipse(img, b, cv::Size(static_cast<int>(scale * 0.12), static_cast<int>(scale * 0.05)), rng.below(180), 0, 360, leaf,
                cv::FILLED, cv::LINE_AA);
  }
}

}  // namespace

cv::Mat paint_bird(const Species& s, const Scene& scene, Rng& rng, int width, int height, BoundingBox& bbox) {
  const int W = width * kSS, H = height * kSS;
  cv::Mat img(H, W, CV_8UC3);
  background(img, scene.background, rng);

  // Individual variation: lighting, plumage tone, size, pose.
  const double light = rng.uniform(0.85, 1.12);
  std::array<double, 3> j{rng.normal() * 8, rng.normal() * 8, rng.normal() * 8};
  auto col = [&](int idx) { return jitter(palette()[static_cast<std::size_t>(idx)].bgr, j, light); };
  const cv::Scalar body = col(s.body), wing = col(s.wing), head = col(s.head), breast = col(s.breast),
                   beakc = col(s.beak_color), legs = col(s.legs);

  Pose P;
  P.scale = std::min(W, H) * 0.42 * s.size * rng.uniform(0.82, 1.12);
  P.angle = rng.uniform(0.05, 0.45);
  P.mirror = scene.facing_left;
  P.cx = W * 0.5 + rng.uniform(-0.12, 0.12) * W;
  P.cy = H * 0.45 + rng.uniform(-0.08, 0.08) * H;

  // Feet position decides where the branch goes (drawn before the bird).
  const cv::Point2d foot = P.map(0.02, 0.42);
  P.box.clear();
  branch(img, foot.y, foot.x, rng, P.scale);

  // Tail (behind the body).
  const double tl = s.tail == TailShape::Short ? 0.32 : 0.62;
  const cv::Scalar tailc = shade(wing, 0.85);
  if (s.tail == TailShape::Forked) {
    P.poly(img, {{-0.38, -0.05}, {-0.38 - tl, -0.02}, {-0.50 - tl * 0.6, 0.06}, {-0.38 - tl, 0.16}, {-0.36, 0.12}}, tailc);
  } else {
    P.poly(img, {{-0.36, -0.08}, {-0.36 - tl, -0.01}, {-0.38 - tl, 0.09}, {-0.34, 0.12}}, tailc);
  }
  // Legs and feet.
  for (double dx : {-0.04, 0.08}) {
    P.line(img, dx, 0.18, dx - 0.02, 0.42, 0.025, legs);
    P.line(img, dx - 0.02, 0.42, dx + 0.07, 0.43, 0.02, legs);
    P.line(img, dx - 0.02, 0.42, dx - 0.08, 0.44, 0.02, legs);
  }
  // Body with a darker underside shadow and a light top highlight.
  P.ellipse(img, 0.0, 0.0, 0.44, 0.24, 8, body);
  {
    cv::Mat layer = img.clone();
    P.ellipse(layer, 0.06, 0.06, 0.34, 0.17, 8, breast);
    blend(img, layer, 0.92);
  }
  if (s.breast_pattern != BreastPattern::Plain) {
    const cv::Scalar mark = shade(breast, 0.45);
    for (int k = 0; k < 14; ++k) {
      const double x = rng.uniform(-0.15, 0.3), y = rng.uniform(0.0, 0.16);
      if (s.breast_pattern == BreastPattern::Streaked) P.line(img, x, y, x - 0.03, y + 0.06, 0.018, mark);
      else P.ellipse(img, x, y, 0.018, 0.014, 0, mark);
    }
  }
  {
    cv::Mat layer = img.clone();
    P.ellipse(layer, -0.02, -0.10, 0.3, 0.08, 8, shade(body, 1.4));
    blend(img, layer, 0.25);
  }
  // Wing with optional bars or spots.
  P.ellipse(img, -0.08, -0.03, 0.33, 0.14, 14, wing);
  P.ellipse(img, -0.26, 0.01, 0.15, 0.055, 18, shade(wing, 0.75));  // primaries at the wing tip
  if (s.wing_pattern == WingPattern::Bars) {
    // Two pale bars curving across the wing coverts.
    cv::Mat layer = img.clone();
    const cv::Scalar bar = mix(wing, cv::Scalar(240, 240, 240), 0.85);
    for (double x0 : {0.06, -0.05})
      for (int k = 0; k < 6; ++k) {
        const double t0 = k / 6.0, t1 = (k + 1) / 6.0;
        P.line(layer, x0 - 0.05 * t0 * t0, -0.1 + 0.17 * t0, x0 - 0.05 * t1 * t1, -0.1 + 0.17 * t1, 0.028, bar);
      }
    blend(img, layer, 0.85);
  } else if (s.wing_pattern == WingPattern::Spots) {
    for (int k = 0; k < 9; ++k) P.ellipse(img, rng.uniform(-0.3, 0.12), rng.uniform(-0.1, 0.06), 0.016, 0.013, 0, cv::Scalar(235, 235, 235));
  }
  // Head, crest, face.
  const double hx = 0.38, hy = -0.2, hr = 0.17;
  if (s.crest) P.poly(img, {{hx - 0.12, hy - 0.08}, {hx - 0.2, hy - 0.3}, {hx + 0.04, hy - 0.13}}, head);
  P.ellipse(img, hx, hy, hr, hr * 0.95, 0, head);
  if (s.mask) P.poly(img, {{hx - 0.1, hy - 0.04}, {hx + 0.16, hy - 0.05}, {hx + 0.16, hy + 0.03}, {hx - 0.08, hy + 0.04}}, col(7));
  // Beak.
  const double bx = hx + hr * 0.88, by = hy + 0.02;
  switch (s.beak) {
    case BeakShape::Conical: P.poly(img, {{bx - 0.02, by - 0.07}, {bx + 0.14, by + 0.005}, {bx - 0.02, by + 0.07}}, beakc); break;
    case BeakShape::Thin: P.poly(img, {{bx - 0.01, by - 0.03}, {bx + 0.2, by + 0.01}, {bx - 0.01, by + 0.03}}, beakc); break;
    case BeakShape::Hooked:
      P.poly(img, {{bx - 0.02, by - 0.06}, {bx + 0.1, by - 0.04}, {bx + 0.15, by + 0.02}, {bx + 0.11, by + 0.06},
                   {bx + 0.1, by + 0.02}, {bx - 0.02, by + 0.05}}, beakc);
      break;
    case BeakShape::Long:
      P.poly(img, {{bx - 0.01, by - 0.035}, {bx + 0.18, by - 0.01}, {bx + 0.32, by + 0.07}, {bx + 0.17, by + 0.025},
                   {bx - 0.01, by + 0.035}}, beakc);
      break;
  }
  P.line(img, bx - 0.01, by + 0.003, bx + 0.08, by + 0.006, 0.008, shade(beakc, 0.6));  // gape line
  // Eye with ring and highlight.
  const double ex = hx + 0.06, ey = hy - 0.03;
  if (s.eye_ring >= 0) P.ellipse(img, ex, ey, 0.05, 0.05, 0, col(s.eye_ring));
  P.ellipse(img, ex, ey, 0.032, 0.032, 0, cv::Scalar(20, 20, 20));
  P.ellipse(img, ex + 0.01, ey - 0.01, 0.009, 0.009, 0, cv::Scalar(240, 240, 240));

  // Bounding box from everything drawn for the bird.
  double x0 = W, y0 = H, x1 = 0, y1 = 0;
  for (const auto& p : P.box) {
    x0 = std::min(x0, p.x); y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x); y1 = std::max(y1, p.y);
  }
  x0 = std::clamp(x0, 0.0, double(W)); x1 = std::clamp(x1, 0.0, double(W));
  y0 = std::clamp(y0, 0.0, double(H)); y1 = std::clamp(y1, 0.0, double(H));
  bbox = {std::round(x0 / kSS * 10) / 10, std::round(y0 / kSS * 10) / 10, std::round((x1 - x0) / kSS * 10) / 10,
          std::round((y1 - y0) / kSS * 10) / 10};

  // Camera: reduce, slight defocus, sensor noise.
  cv::Mat out;
  cv::resize(img, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  if (rng.chance(0.3)) cv::GaussianBlur(out, out, cv::Size(3, 3), rng.uniform(0.3, 0.9));
  cv::Mat noise(out.size(), CV_16SC3);
  cv::RNG noise_rng(rng.next());  // local generator: output depends only on the seed
  noise_rng.fill(noise, cv::RNG::NORMAL, 0, rng.uniform(2.0, 7.0));
  cv::Mat o16;
  out.convertTo(o16, CV_16SC3);
  o16 += noise;
  o16.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace plumage::data::demo
