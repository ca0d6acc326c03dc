#include "llm_workspace_fixture.h"

#include "ui/shell/dataset_session.h"
#include "ui_fixtures.h"

#include <QDir>
#include <QFile>
#include <QtTest>

namespace plumage::test {

namespace {

QString writeTemplate(const QString& dir) {
  const QString path = QDir(dir).filePath(QStringLiteral("test_template.txt"));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write("[system]\nYou describe {{domain}}.\n[user]\nDescribe <<{{class_name}}>> in {{language}}.\n"
          "{{fields}}\n{{output_format}}\n");
  return path;
}

}  // namespace

bool makeLlmWorkspace(LlmWorkspace& f, int classes) {
  const TinyCub cub = writeTinyCub(f.tmp.path(), classes, 2);
  QString error;
  f.ws.reset(plumage::ui::Workspace::create(f.tmp.filePath(QStringLiteral("ws")), &error));
  if (!f.ws || !f.ws->addDataset({"tiny", cub.root, cub.captionsDir, cub.descriptions, "auto"}, &error)) return false;
  if (!QTest::qWaitFor([&] { return f.ws->session()->descriptions() != nullptr; }, 10000)) return false;
  f.templatePath = writeTemplate(f.tmp.path());
  return !f.templatePath.isEmpty();
}

}  // namespace plumage::test
