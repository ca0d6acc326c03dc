#include "core/data/description_lint.h"

#include "core/data/class_names.h"
#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/data/tokenizer/tokenizer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <unordered_set>

namespace plumage::data {

extern const char* const kBuiltinLintRules;  // generated from resources/lint/description_lint.txt

namespace {

using Words = std::vector<std::string>;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

// Lower-cased words; digit runs (with inner '.' or ',') and letter runs are
// separate words ("25cm" -> "25", "cm"); a possessive "'s" is dropped and other
// apostrophes join ("Brewer's" -> "brewer", as normalize_class_name does).
Words split_words(const std::string& text) {
  Words out;
  std::string cur;
  enum { None, Num, Alpha } kind = None;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
    kind = None;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (is_digit(c)) {
      if (kind == Alpha) flush();
      kind = Num;
      cur += c;
    } else if ((c == '.' || c == ',') && kind == Num && i + 1 < text.size() && is_digit(text[i + 1])) {
      cur += c;
    } else if (is_letter(u)) {
      if (kind == Num) flush();
      kind = Alpha;
      cur += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    } else if ((c == '\'' || u == 0xE2) && kind == Alpha) {
      // ' or the UTF-8 right single quote (E2 80 99): "'s" ends the word, others are dropped.
      const std::size_t len = c == '\'' ? 1 : 3;
      if (u == 0xE2 && !(i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                         static_cast<unsigned char>(text[i + 2]) == 0x99)) {
        flush();
        continue;
      }
      const std::size_t next = i + len;
      if (next < text.size() && (text[next] == 's' || text[next] == 'S') &&
          (next + 1 >= text.size() || !is_letter(static_cast<unsigned char>(text[next + 1])))) {
        i = next;  // skip the 's'
        flush();
      } else {
        i = next - 1;
      }
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool is_number(const std::string& w) { return !w.empty() && is_digit(w[0]); }

// Start positions of `phrase` in `words` (whole-word sequence match).
std::vector<std::size_t> find_phrase(const Words& words, const Words& phrase) {
  std::vector<std::size_t> at;
  if (phrase.empty() || phrase.size() > words.size()) return at;
  for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) at.push_back(i);
  return at;
}

std::string join(const Words& w, std::size_t from, std::size_t n) {
  std::string s;
  for (std::size_t i = from; i < from + n && i < w.size(); ++i) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

struct CompiledRules {
  std::unordered_set<std::string> length_units, weight_units;
  std::vector<std::pair<Words, const char*>> phrases;  // (words, category)
};

CompiledRules compile(const LintRules& r) {
  CompiledRules c;
  for (const auto& u : r.length_units) c.length_units.insert(join(split_words(u), 0, 8));
  for (const auto& u : r.weight_units) c.weight_units.insert(join(split_words(u), 0, 8));
  for (auto [list, what] : {std::pair{&r.behaviour, "behaviour"}, {&r.habitat, "habitat"}, {&r.range, "range"}})
    for (const auto& p : *list)
      if (Words w = split_words(p); !w.empty()) c.phrases.emplace_back(std::move(w), what);
  return c;
}

struct ClassName {
  std::string key;
  Words words;
};

Words class_words(const ClassDescriptions& c) {
  return split_words(normalize_class_name(c.display_name.empty() ? c.class_name : c.display_name));
}

// Flags for one text (a field or a sentence) of a variant.
void lint_text(const std::string& text, const ClassDescriptions& cls, const Words& self,
               const std::vector<ClassName>& classes, const CompiledRules& rules, LintFlag base,
               std::vector<LintFlag>& out) {
  const Words w = split_words(text);
  // Words of the class's own name ("Song Sparrow": "song") are not flags.
  std::vector<bool> own(w.size(), false);
  for (std::size_t at : find_phrase(w, self))
    for (std::size_t k = 0; k < self.size(); ++k) own[at + k] = true;
  auto free_span = [&](std::size_t at, std::size_t n) {
    for (std::size_t k = at; k < at + n; ++k)
      if (own[k]) return false;
    return true;
  };
  std::set<std::string> seen;  // one flag per finding and text
  auto flag = [&](LintKind kind, const std::string& detail) {
    if (!seen.insert(detail).second) return;
    LintFlag f = base;
    f.kind = kind;
    f.detail = detail;
    out.push_back(std::move(f));
  };
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    if (!is_number(w[i])) continue;
    if (rules.length_units.count(w[i + 1])) flag(LintKind::NonVisual, "\"" + w[i] + " " + w[i + 1] + "\" (a length)");
    if (rules.weight_units.count(w[i + 1])) flag(LintKind::NonVisual, "\"" + w[i] + " " + w[i + 1] + "\" (a weight)");
  }
  for (const auto& [phrase, what] : rules.phrases)
    for (std::size_t at : find_phrase(w, phrase))
      if (free_span(at, phrase.size())) flag(LintKind::NonVisual, "\"" + join(w, at, phrase.size()) + "\" (" + what + ")");
  for (const ClassName& other : classes) {
    if (other.key == cls.class_name || other.words.empty()) continue;
    for (std::size_t at : find_phrase(w, other.words))
      if (free_span(at, other.words.size())) {
        flag(LintKind::NamesOtherClass, "names another class: " + other.key);
        break;
      }
  }
}

double jaccard(const Words& a, const Words& b) {
  const std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  if (sa.empty() && sb.empty()) return 1.0;
  std::size_t common = 0;
  for (const auto& x : sa) common += sb.count(x);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

}  // namespace

std::string to_string(LintKind k) {
  switch (k) {
    case LintKind::MissingField: return "missing_field";
    case LintKind::EmptyField: return "empty_field";
    case LintKind::TooLong: return "too_long";
    case LintKind::NonVisual: return "non_visual";
    case LintKind::NearDuplicate: return "near_duplicate";
    case LintKind::NamesOtherClass: return "names_other_class";
  }
  return "unknown";
}

LintRules LintRules::parse(const std::string& text, const std::string& origin) {
  LintRules r;
  std::vector<std::string>* target = nullptr;
  const std::vector<std::string> lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string t = trim(lines[i]);
    if (t.empty() || t[0] == '#') continue;
    if (t.front() == '[' && t.back() == ']') {
      const std::string name = t.substr(1, t.size() - 2);
      if (name == "length_units") target = &r.length_units;
      else if (name == "weight_units") target = &r.weight_units;
      else if (name == "behaviour") target = &r.behaviour;
      else if (name == "habitat") target = &r.habitat;
      else if (name == "range") target = &r.range;
      else
        throw DataError(origin, i + 1,
                        "unknown section [" + name + "] (known: length_units, weight_units, behaviour, habitat, range)");
      continue;
    }
    if (!target) throw DataError(origin, i + 1, "a word before the first [section]");
    target->push_back(t);
  }
  return r;
}

LintRules LintRules::load(const std::string& path) { return parse(read_file_bytes(path), path); }

const LintRules& LintRules::builtin() {
  static const LintRules rules = parse(kBuiltinLintRules, "resources/lint/description_lint.txt");
  return rules;
}

std::vector<LintFlag> lint_descriptions(const DescriptionStore& store, const LintRules& rules,
                                        const LintOptions& options) {
  const CompiledRules compiled = compile(rules);
  std::vector<ClassName> classes;
  for (const auto& c : store.classes) classes.push_back({c.class_name, class_words(c)});
  std::vector<LintFlag> out;
  for (const ClassDescriptions& cls : store.classes) {
    if (!options.only_class.empty() && cls.class_name != options.only_class) continue;
    const Words self = class_words(cls);
    std::vector<Words> earlier;  // word lists of the variants before, for near duplicates
    for (const DescriptionVariant& v : cls.variants) {
      LintFlag base;
      base.class_name = cls.class_name;
      base.variant_id = v.id;
      // Declared fields apply to structured variants (phrase lists have none).
      if (!v.fields.empty())
        for (const std::string& name : store.fields)
          if (!v.field(name)) {
            LintFlag f = base;
            f.field = name;
            f.kind = LintKind::MissingField;
            f.detail = "field \"" + name + "\" is missing";
            out.push_back(std::move(f));
          }
      for (const auto& [name, text] : v.fields) {
        LintFlag fb = base;
        fb.field = name;
        if (trim(text).empty()) {
          fb.kind = LintKind::EmptyField;
          fb.detail = "field \"" + name + "\" is empty";
          out.push_back(fb);
          continue;
        }
        lint_text(text, cls, self, classes, compiled, fb, out);
        if (options.tokenizer) {
          std::string seg = name + ": " + trim(text);  // as DescriptionVariant::segments() encodes it
          const TokenCount n = options.tokenizer->count(seg, options.context);
          if (!n.fits) {
            fb.kind = LintKind::TooLong;
            fb.detail = std::to_string(n.tokens) + " tokens (CLIP reads " + std::to_string(options.context) + ")";
            out.push_back(fb);
          }
        }
      }
      for (std::size_t s = 0; s < v.sentences.size(); ++s) {
        LintFlag sb = base;
        sb.field = "sentence " + std::to_string(s + 1);
        lint_text(v.sentences[s], cls, self, classes, compiled, sb, out);
      }
      if (options.tokenizer) {
        const TokenCount n = options.tokenizer->count(v.joined_text(), options.context);
        if (!n.fits) {
          LintFlag f = base;
          f.kind = LintKind::TooLong;
          f.detail = "the whole description is " + std::to_string(n.tokens) + " tokens: encoded as one text it is cut at " +
                     std::to_string(options.context) + " (per-field encoding keeps it)";
          out.push_back(std::move(f));
        }
      }
      const Words words = split_words(v.joined_text());
      for (std::size_t e = 0; e < earlier.size(); ++e) {
        const double j = jaccard(words, earlier[e]);
        if (j >= options.duplicate_threshold) {
          LintFlag f = base;
          f.kind = LintKind::NearDuplicate;
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.2f", j);
          f.detail = "near duplicate of variant " + cls.variants[e].id + " (word overlap " + buf + ")";
          out.push_back(std::move(f));
          break;
        }
      }
      earlier.push_back(words);
    }
  }
  return out;
}

}  // namespace plumage::data
