#include "ui/results/figure_command.h"

#include "ui/results/figure_builder.h"
#include "ui/results/figure_export.h"
#include "ui/results/results_data.h"
#include "core/store/store_reader.h"
#include "ui/shell/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <qcustomplot.h>

#include <cstdio>
#include <exception>
#include <tuple>

namespace plumage::ui::results {

namespace {
int fail(int code, const QString& message) {
  std::fprintf(stderr, "plumage figure: %s\n", qPrintable(message));
  return code;
}

bool parseLegend(const QString& s, LegendPosition* pos) {
  static const QPair<const char*, LegendPosition> names[] = {
      {"top-right", LegendPosition::TopRight},       {"top-left", LegendPosition::TopLeft},
      {"bottom-right", LegendPosition::BottomRight}, {"bottom-left", LegendPosition::BottomLeft},
      {"none", LegendPosition::Hidden},              {"auto", LegendPosition::Auto}};
  for (const auto& n : names)
    if (s == QLatin1String(n.first)) {
      *pos = n.second;
      return true;
    }
  return false;
}

// The sweep's best DONE run by the table metric (what a thesis shows by default).
int64_t bestRun(store::StoreReader& reader, const SweepResults& r) {
  int64_t best = 0;
  double bestValue = -1e300;
  for (const auto& run : r.doneRuns) {
    const auto res = reader.result(run.id);
    if (!res || !res->metrics.contains(r.table.metric) || !res->metrics[r.table.metric].is_number()) continue;
    const double v = res->metrics[r.table.metric].get<double>();
    if (v > bestValue) bestValue = v, best = run.id;
  }
  return best;
}
}  // namespace

int runFigureCommand(const QStringList& arguments) {
  QCommandLineParser p;
  p.setApplicationDescription(QCoreApplication::translate("FigureCommand", "Write a results figure (PDF, SVG or PNG) without opening a window."));
  p.addHelpOption();
  p.addPositionalArgument(QStringLiteral("figure"), QCoreApplication::translate("FigureCommand", "The subcommand."));
  const QCommandLineOption ws(QStringLiteral("workspace"), QCoreApplication::translate("FigureCommand", "Workspace folder (holds workspace.sqlite)."), QStringLiteral("dir"));
  const QCommandLineOption sweep(QStringLiteral("sweep"), QCoreApplication::translate("FigureCommand", "Sweep id or name."), QStringLiteral("id"));
  const QCommandLineOption paren(QStringLiteral("paren-sweep"), QCoreApplication::translate("FigureCommand", "ratio-curve: a second sweep overlaid dashed (e.g. global sampling beside per-class)."), QStringLiteral("id"));
  const QCommandLineOption kind(QStringLiteral("kind"), QCoreApplication::translate("FigureCommand", "ratio-curve, per-class, confusion or class-difference."), QStringLiteral("kind"));
  const QCommandLineOption out(QStringLiteral("out"), QCoreApplication::translate("FigureCommand", "Output file: .pdf, .svg or .png."), QStringLiteral("file"));
  const QCommandLineOption run(QStringLiteral("run"), QCoreApplication::translate("FigureCommand", "Run id for per-class/confusion (default: the sweep's best run)."), QStringLiteral("id"));
  const QCommandLineOption cmp(QStringLiteral("compare-run"), QCoreApplication::translate("FigureCommand", "Second run for class-difference (B − run)."), QStringLiteral("id"));
  const QCommandLineOption wmm(QStringLiteral("width-mm"), QCoreApplication::translate("FigureCommand", "Width in mm (default 85: one column; 175: two columns)."), QStringLiteral("mm"));
  const QCommandLineOption hmm(QStringLiteral("height-mm"), QCoreApplication::translate("FigureCommand", "Height in mm (default 60)."), QStringLiteral("mm"));
  const QCommandLineOption font(QStringLiteral("font"), QCoreApplication::translate("FigureCommand", "Font family (default: Noto Sans CJK JP)."), QStringLiteral("family"));
  const QCommandLineOption fpt(QStringLiteral("font-size"), QCoreApplication::translate("FigureCommand", "Font size in pt (default 8)."), QStringLiteral("pt"));
  const QCommandLineOption lw(QStringLiteral("line-width"), QCoreApplication::translate("FigureCommand", "Line width in pt (default 1)."), QStringLiteral("pt"));
  const QCommandLineOption dpi(QStringLiteral("dpi"), QCoreApplication::translate("FigureCommand", "PNG resolution (default 300)."), QStringLiteral("dpi"));
  const QCommandLineOption legend(QStringLiteral("legend"), QCoreApplication::translate("FigureCommand", "auto (a corner over no data, else outside the axes; default), top-right, top-left, bottom-right, bottom-left or none."), QStringLiteral("pos"));
  const QCommandLineOption band(QStringLiteral("band"), QCoreApplication::translate("FigureCommand", "ratio-curve: spread over seeds: std (± std error bars; default), ci95 (95 % confidence band of the mean, t over seeds; none where n = 1), both or none."), QStringLiteral("spread"));
  const QCommandLineOption xl(QStringLiteral("x-label"), QCoreApplication::translate("FigureCommand", "X axis label."), QStringLiteral("text"));
  const QCommandLineOption yl(QStringLiteral("y-label"), QCoreApplication::translate("FigureCommand", "Y axis label."), QStringLiteral("text"));
  p.addOptions({ws, sweep, paren, kind, out, run, cmp, wmm, hmm, font, fpt, lw, dpi, legend, band, xl, yl});
  if (!p.parse(arguments)) return fail(2, p.errorText());
  if (p.isSet(QStringLiteral("help"))) {
    std::printf("%s", qPrintable(p.helpText()));
    return 0;
  }
  for (const auto* o : {&ws, &sweep, &kind, &out})
    if (!p.isSet(*o)) return fail(2, QCoreApplication::translate("FigureCommand", "--%1 is required").arg(o->names().first()));

  FigureKind k;
  if (!figureKindFromId(p.value(kind), &k)) return fail(2, QCoreApplication::translate("FigureCommand", "--kind %1: expected ratio-curve, per-class, confusion or class-difference").arg(p.value(kind)));
  FigureFormat format;
  if (!figureFormatFromPath(p.value(out), &format)) return fail(2, QCoreApplication::translate("FigureCommand", "--out %1: the file must end in .pdf, .svg or .png").arg(p.value(out)));

  FigureStyle style;
  const auto number = [&](const QCommandLineOption& o, double* v, double lo, double hi) {
    if (!p.isSet(o)) return true;
    bool ok = false;
    const double x = p.value(o).toDouble(&ok);
    if (!ok || x < lo || x > hi) return false;
    *v = x;
    return true;
  };
  double dpiValue = style.pngDpi;
  for (const auto& [o, v, lo, hi] : {std::tuple{&wmm, &style.widthMm, 10.0, 1000.0}, std::tuple{&hmm, &style.heightMm, 10.0, 1000.0},
                                     std::tuple{&fpt, &style.fontPt, 3.0, 72.0}, std::tuple{&lw, &style.lineWidthPt, 0.1, 10.0},
                                     std::tuple{&dpi, &dpiValue, 50.0, 2400.0}})
    if (!number(*o, v, lo, hi)) return fail(2, QCoreApplication::translate("FigureCommand", "--%1 %2: expected a number from %3 to %4").arg(o->names().first(), p.value(*o)).arg(lo).arg(hi));
  style.pngDpi = static_cast<int>(dpiValue);
  if (p.isSet(font)) style.fontFamily = p.value(font);
  if (p.isSet(legend) && !parseLegend(p.value(legend), &style.legend)) return fail(2, QCoreApplication::translate("FigureCommand", "--legend %1: unknown position").arg(p.value(legend)));
  if (p.isSet(band) && !spreadFromId(p.value(band), &style.spread))
    return fail(2, QCoreApplication::translate("FigureCommand", "--band %1: expected std, ci95, both or none").arg(p.value(band)));
  style.xLabel = p.value(xl);
  style.yLabel = p.value(yl);

  const QString storePath = QDir(p.value(ws)).filePath(Workspace::storeFileName());
  if (!QFileInfo::exists(storePath)) return fail(2, QCoreApplication::translate("FigureCommand", "%1: no experiment store (is --workspace a workspace with runs?)").arg(storePath));
  QCustomPlot plot;
  try {
    store::StoreReader reader(storePath.toStdString());
    if (p.isSet(paren) && k != FigureKind::RatioCurve) throw std::runtime_error("--paren-sweep is for --kind ratio-curve");
    const SweepResults r = loadSweepResults(reader, p.value(sweep), p.value(paren));
    const auto runId = [&](const QCommandLineOption& o, int64_t fallback) -> int64_t {
      return p.isSet(o) ? p.value(o).toLongLong() : fallback;
    };
    const auto requireRun = [&](int64_t id) {
      const auto info = reader.run(id);
      if (!info) throw std::runtime_error("no run " + std::to_string(id) + " in the store");
      return *info;
    };
    const int64_t best = bestRun(reader, r);
    switch (k) {
      case FigureKind::RatioCurve:
        if (r.curves.isEmpty()) throw std::runtime_error("the sweep has no finished runs over image ratios");
        buildRatioCurve(&plot, r, style);
        break;
      case FigureKind::PerClass: {
        const auto info = requireRun(runId(run, best));
        buildPerClass(&plot, loadClassAccuracy(reader, info.id), runLabel(info), style);
        break;
      }
      case FigureKind::Confusion:
        buildConfusion(&plot, loadConfusion(reader, requireRun(runId(run, best)).id), style);
        break;
      case FigureKind::ClassDifference: {
        if (!p.isSet(cmp)) throw std::runtime_error("--kind class-difference needs --compare-run");
        const auto a = requireRun(runId(run, best)), b = requireRun(runId(cmp, 0));
        buildClassDifference(&plot, loadClassAccuracy(reader, a.id), loadClassAccuracy(reader, b.id),
                             QStringLiteral("#%1").arg(a.id), QStringLiteral("#%1").arg(b.id), style);
        break;
      }
    }
  } catch (const std::exception& e) {
    return fail(2, QString::fromUtf8(e.what()));
  }
  QString error;
  if (!exportFigure(&plot, style, p.value(out), &error)) return fail(1, error);
  std::printf("%s\n", qPrintable(QDir::toNativeSeparators(QFileInfo(p.value(out)).absoluteFilePath())));
  return 0;
}

}  // namespace plumage::ui::results
