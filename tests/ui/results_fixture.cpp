#include "results_fixture.h"

#include "core/store/run_store.h"

#include <algorithm>
#include <cmath>

namespace plumage::test {

SyntheticSweep writeSyntheticSweep(const QString& storePath, int classes, bool japaneseNames, const QString& name,
                                   const QString& sampling, double offset) {
  SyntheticSweep out;
  for (int c = 0; c < classes; ++c)
    out.classes << (japaneseNames ? QStringLiteral("鳥%1").arg(c + 1) : QStringLiteral("Class %1").arg(c + 1));
  store::RunStore st(storePath.toStdString());
  const nlohmann::json sweepConfig = {{"name", name.toStdString()}, {"table", {{"metric", "test_top1"}}}};
  out.sweepId = st.ensure_sweep(name.toStdString(), sweepConfig, name.toStdString() + "-hash");
  const double ratios[] = {1.0, 0.75, 0.5, 0.25, 0.0};
  const char* sources[] = {"none", "reed", "llm"};
  int position = 0;
  for (int s = 0; s < 3; ++s)
    for (double ratio : ratios) {
      if (s == 0 && ratio == 0.0) continue;  // neither images nor text
      for (int seed = 1; seed <= 3; ++seed) {
        nlohmann::json config = {{"text_source", sources[s]}, {"image_ratio", ratio}, {"seed", seed}};
        if (!sampling.isEmpty()) config["sampling"] = sampling.toStdString();
        const std::string key = (name == QLatin1String("synthetic") ? std::string() : name.toStdString() + "-") + std::string(sources[s]) + "-" + std::to_string(ratio) + "-" + std::to_string(seed);
        const int64_t id = st.ensure_run(out.sweepId, position++, key, seed, config);
        st.claim_run(id, {"cpu", "test", "test"});
        // Accuracy falls as images are replaced; LLM text keeps more than Reed.
        const double base = s == 0 ? 0.5 + 0.3 * ratio : (s == 1 ? 0.45 : 0.55) + 0.3 * ratio;
        const double top1 = base + offset + 0.01 * (seed - 2) * (1 + s);
        store::RunResult r;
        r.metrics = {{"test_top1", top1}, {"test_top5", std::min(1.0, top1 + 0.2)}};
        std::vector<double> perClass;
        std::vector<std::string> names;
        nlohmann::json confusion = nlohmann::json::array();
        for (int c = 0; c < classes; ++c) {
          const double acc = std::clamp(top1 + 0.15 * std::sin(c + s + seed), 0.0, 1.0);
          perClass.push_back(acc);
          names.push_back(out.classes[c].toStdString());
          nlohmann::json row = nlohmann::json::array();
          const int correct = static_cast<int>(std::lround(acc * 20));
          for (int p = 0; p < classes; ++p) row.push_back(p == c ? correct : (p == (c + 1) % classes ? 20 - correct : 0));
          confusion.push_back(row);
        }
        r.per_class = {{"classes", names}, {"top1", perClass}};
        r.confusion = confusion;
        st.finish_run(id, r);
        ++out.runs;
      }
    }
  st.flush();
  return out;
}

}  // namespace plumage::test
