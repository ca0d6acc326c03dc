#include "ui/shell/language.h"

#include "ui/common/retranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <memory>
#include <vector>

namespace plumage::ui {

namespace {
const char* const kSettingKey = "ui/language";
}  // namespace

QString resolveLanguage(const QString& override) {
  QString lang = override.trimmed().toLower();
  if (lang.isEmpty() || lang == QLatin1String("system")) lang = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
  return lang == QLatin1String("ja") ? lang : QStringLiteral("en");
}

bool isLanguageSetting(const QString& value) {
  const QString v = value.trimmed().toLower();
  return v.isEmpty() || v == QLatin1String("system") || v == QLatin1String("en") || v == QLatin1String("ja");
}

QString nativeLanguageName(const QString& language) {
  return language == QLatin1String("ja") ? QStringLiteral("日本語") : QStringLiteral("English");
}

QString savedLanguageSetting() { return QSettings().value(QLatin1String(kSettingKey)).toString(); }
void saveLanguageSetting(const QString& language) { QSettings().setValue(QLatin1String(kSettingKey), language); }

bool installTranslations(const QString& language) {
  std::vector<std::unique_ptr<QTranslator>> translators;
  if (language != QLatin1String("en")) {
    auto app = std::make_unique<QTranslator>();
    if (!app->load(QStringLiteral(":/i18n/plumage_%1.qm").arg(language))) return false;
    translators.push_back(std::move(app));
    // Qt's own strings (standard buttons, file dialogs), when the l10n package is installed.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
      translators.push_back(std::move(qt));
  }
  // One recording translator for the whole run: open windows re-translate
  // on the LanguageChange it sends (ui/common/retranslator.h).
  RecordingTranslator::instance()->setTranslators(std::move(translators));
  return true;
}

}  // namespace plumage::ui
