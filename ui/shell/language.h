// The workbench's UI language: English source strings, Japanese from the
// embedded plumage_ja.qm (plus Qt's own qtbase_ja for standard dialogs).
// Follows the system locale unless the setting "ui/language" (or
// `plumage --language`) names one: "ja", "en", or "" / "system".
#pragma once

#include <QString>

namespace plumage::ui {

// The language code to use for `override` ("", "system", "en", "ja") given
// the system locale; "en" when no translation exists for it.
QString resolveLanguage(const QString& override);
// True for the values the setting and --language accept: "", "system", "en", "ja".
bool isLanguageSetting(const QString& value);
// A language's name in that language ("English", "日本語"), as language menus show it.
QString nativeLanguageName(const QString& language);
QString savedLanguageSetting();
void saveLanguageSetting(const QString& language);

// Makes `language` the application's language at once: open windows,
// pages, dialogs and plots re-translate (ui/common/retranslator.h). Returns
// false, changing nothing, when `language` has no embedded translation.
bool installTranslations(const QString& language);

}  // namespace plumage::ui
