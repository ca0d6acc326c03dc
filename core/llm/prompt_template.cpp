#include "core/llm/prompt_template.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace plumage::llm {
namespace fs = std::filesystem;

std::string to_string(Language l) { return l == Language::Japanese ? "ja" : "en"; }

std::optional<Language> language_from_string(const std::string& s) {
  if (s == "en" || s == "english" || s == "English") return Language::English;
  if (s == "ja" || s == "japanese" || s == "Japanese") return Language::Japanese;
  return std::nullopt;
}

std::string language_display_name(Language l) {
  return l == Language::Japanese ? "Japanese (日本語)" : "English";
}

std::string RenderedPrompt::combined() const {
  return system.empty() ? user : system + "\n\n" + user;
}

const std::vector<std::string>& known_placeholders() {
  static const std::vector<std::string> names = {"class_name", "domain", "language",
                                                 "fields", "field_names", "output_format"};
  return names;
}

namespace {

// Checks every {{name}} in a section; `first_line` is the file line of its first line.
void check_placeholders(const std::string& section, std::size_t first_line, const std::string& origin) {
  std::size_t pos = 0;
  while ((pos = section.find("{{", pos)) != std::string::npos) {
    const std::size_t line = first_line + static_cast<std::size_t>(
                                              std::count(section.begin(), section.begin() + pos, '\n'));
    const std::size_t end = section.find("}}", pos);
    const std::size_t nl = section.find('\n', pos);
    if (end == std::string::npos || (nl != std::string::npos && nl < end))
      throw data::DataError(origin, line, "unclosed \"{{\" (placeholders look like {{class_name}})");
    const std::string name = data::trim(section.substr(pos + 2, end - pos - 2));
    const auto& known = known_placeholders();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw data::DataError(origin, line, "unknown placeholder {{" + name + "}} (known: " + list + ")");
    }
    pos = end + 2;
  }
}

std::string substitute(const std::string& section, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = section.find("{{", pos);
    if (open == std::string::npos) break;
    const std::size_t close = section.find("}}", open);
    out += section.substr(pos, open - pos);
    out += values.at(data::trim(section.substr(open + 2, close - open - 2)));
    pos = close + 2;
  }
  out += section.substr(pos);
  return out;
}

// "key: value" lines of the [protocol] section; `first_line` is the file line of lines[0].
TemplateProtocol parse_protocol(const std::vector<std::string>& lines, std::size_t first_line, const std::string& origin) {
  TemplateProtocol p;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string t = data::trim(lines[i]);
    if (t.empty() || t[0] == '#') continue;
    const std::size_t colon = t.find(':');
    if (colon == std::string::npos)
      throw data::DataError(origin, first_line + i, "expected \"key: value\" in [protocol]");
    const std::string key = data::trim(t.substr(0, colon)), value = data::trim(t.substr(colon + 1));
    if (key == "model") {
      p.model = value;
    } else if (key == "fields") {
      std::size_t pos = 0;
      while (pos <= value.size()) {
        const std::size_t comma = std::min(value.find(',', pos), value.size());
        const std::string f = data::trim(value.substr(pos, comma - pos));
        if (!f.empty()) p.fields.push_back(f);
        pos = comma + 1;
      }
    } else if (key == "language") {
      if (!language_from_string(value))
        throw data::DataError(origin, first_line + i, "language must be en or ja, not \"" + value + "\"");
      p.language = to_string(*language_from_string(value));
    } else if (key == "temperature") {
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(v >= 0 && v <= 2))
        throw data::DataError(origin, first_line + i, "temperature must be a number from 0 to 2");
      p.temperature = v;
    } else {
      throw data::DataError(origin, first_line + i,
                            "unknown key \"" + key + "\" in [protocol] (known: model, fields, language, temperature)");
    }
  }
  return p;
}

}  // namespace

PromptTemplate PromptTemplate::parse(const std::string& text, const std::string& origin) {
  PromptTemplate t;
  t.text_ = text;
  t.origin_ = origin;
  const auto lines = data::split_lines(text);
  std::size_t system_line = 0, user_line = 0;
  std::size_t protocol_line = 0;
  std::vector<std::string> sys_lines, user_lines, protocol_lines;
  std::vector<std::string>* target = nullptr;
  bool seen_user = false, seen_system = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string trimmed = data::trim(lines[i]);
    if (trimmed == "[protocol]") {
      if (protocol_line) throw data::DataError(origin, i + 1, "section [protocol] appears twice");
      protocol_line = i + 2;
      target = &protocol_lines;
      continue;
    }
    if (trimmed == "[system]" || trimmed == "[user]") {
      const bool is_user = trimmed == "[user]";
      if ((is_user && seen_user) || (!is_user && seen_system))
        throw data::DataError(origin, i + 1, "section " + trimmed + " appears twice");
      (is_user ? seen_user : seen_system) = true;
      (is_user ? user_line : system_line) = i + 2;
      target = is_user ? &user_lines : &sys_lines;
      continue;
    }
    if (!target) {
      if (trimmed.empty() || trimmed[0] == '#') continue;
      throw data::DataError(origin, i + 1, "text before the first section ([protocol], [system] or [user])");
    }
    target->push_back(lines[i]);
  }
  if (!seen_user) throw data::DataError(origin, 0, "missing [user] section");
  if (protocol_line) t.protocol_ = parse_protocol(protocol_lines, protocol_line, origin);
  auto join = [](std::vector<std::string> v) {
    while (!v.empty() && data::trim(v.back()).empty()) v.pop_back();
    std::size_t b = 0;
    while (b < v.size() && data::trim(v[b]).empty()) ++b;
    std::string s;
    for (std::size_t i = b; i < v.size(); ++i) s += (i == b ? "" : "\n") + v[i];
    return s;
  };
  t.system_ = join(sys_lines);
  t.user_ = join(user_lines);
  if (data::trim(t.user_).empty()) throw data::DataError(origin, user_line ? user_line - 1 : 0, "empty [user] section");
  // Line numbers in errors refer to the first line after the section header;
  // leading blank lines were dropped, so count them back in.
  auto first_content_line = [&](std::size_t start) {
    std::size_t l = start;
    while (l - 1 < lines.size() && data::trim(lines[l - 1]).empty()) ++l;
    return l;
  };
  if (!t.system_.empty()) check_placeholders(t.system_, first_content_line(system_line), origin);
  check_placeholders(t.user_, first_content_line(user_line), origin);
  return t;
}

PromptTemplate PromptTemplate::load(const std::string& path) {
  return parse(data::read_file_bytes(path), path);
}

RenderedPrompt PromptTemplate::render(const PromptValues& v) const {
  std::string bullet_list, names;
  for (const auto& f : v.fields) {
    bullet_list += (bullet_list.empty() ? "- " : "\n- ") + f;
    names += (names.empty() ? "" : ", ") + f;
  }
  const std::map<std::string, std::string> values = {
      {"class_name", v.class_name},   {"domain", v.domain},      {"language", language_display_name(v.language)},
      {"fields", bullet_list},         {"field_names", names},    {"output_format", v.output_format}};
  return {substitute(system_, values), substitute(user_, values)};
}

std::string PromptTemplate::hash() const { return data::sha256_tag(text_); }

std::string prompts_directory() {
  std::error_code ec;
  if (const char* env = std::getenv("PLUMAGE_PROMPTS_DIR"); env && *env && fs::is_directory(env, ec)) return env;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "plumage" / "prompts";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
#ifdef PLUMAGE_PROMPTS_SOURCE_DIR
  if (fs::is_directory(PLUMAGE_PROMPTS_SOURCE_DIR, ec)) return PLUMAGE_PROMPTS_SOURCE_DIR;
#endif
  return {};
}

std::string resolve_template_path(const std::string& name_or_path) {
  std::error_code ec;
  if (fs::exists(name_or_path, ec) || name_or_path.find('/') != std::string::npos) return name_or_path;
  const std::string dir = prompts_directory();
  if (!dir.empty() && fs::exists(fs::path(dir) / name_or_path, ec)) return (fs::path(dir) / name_or_path).string();
  if (!dir.empty() && fs::exists(fs::path(dir) / (name_or_path + ".txt"), ec))
    return (fs::path(dir) / (name_or_path + ".txt")).string();
  return name_or_path;  // the load will report it missing, by this name
}

}  // namespace plumage::llm
