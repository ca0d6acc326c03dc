#include "core/data/descriptions.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <algorithm>
#include <set>

namespace plumage::data {

using ojson = nlohmann::ordered_json;

namespace {
constexpr const char* kFormat = "plumage-descriptions";
constexpr int kVersion = 1;
}  // namespace

std::string to_string(ReviewStatus s) {
  switch (s) {
    case ReviewStatus::Approved: return "approved";
    case ReviewStatus::Rejected: return "rejected";
    case ReviewStatus::None: break;
  }
  return "none";
}

std::optional<ReviewStatus> review_status_from_string(const std::string& s) {
  if (s == "none" || s.empty()) return ReviewStatus::None;
  if (s == "approved") return ReviewStatus::Approved;
  if (s == "rejected") return ReviewStatus::Rejected;
  return std::nullopt;
}

const std::string* DescriptionVariant::field(const std::string& name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

void DescriptionVariant::set_field(const std::string& name, const std::string& text) {
  for (auto& [k, v] : fields)
    if (k == name) {
      v = text;
      return;
    }
  fields.emplace_back(name, text);
}

std::vector<std::pair<std::string, std::string>> DescriptionVariant::named_segments() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : fields) {
    std::string t = trim(v);
    if (t.empty()) continue;
    if (t.back() != '.' && t.back() != '!' && t.back() != '?') t += '.';
    out.emplace_back(k, k + ": " + t);
  }
  for (std::size_t i = 0; i < sentences.size(); ++i)
    if (!trim(sentences[i]).empty()) out.emplace_back("sentence " + std::to_string(i + 1), trim(sentences[i]));
  return out;
}

std::vector<std::string> DescriptionVariant::segments() const {
  std::vector<std::string> out;
  for (auto& s : named_segments()) out.push_back(std::move(s.second));
  return out;
}

std::string DescriptionVariant::joined_text() const {
  std::string out;
  for (const auto& s : segments()) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<const DescriptionVariant*> ClassDescriptions::usable_variants() const {
  std::vector<const DescriptionVariant*> approved, open;
  for (const auto& v : variants) {
    if (v.status == ReviewStatus::Approved) approved.push_back(&v);
    if (v.status != ReviewStatus::Rejected) open.push_back(&v);
  }
  return approved.empty() ? open : approved;
}

const ClassDescriptions* DescriptionStore::find(const std::string& class_name) const {
  for (const auto& c : classes)
    if (c.class_name == class_name) return &c;
  return nullptr;
}

ClassDescriptions& DescriptionStore::find_or_add(const std::string& class_name, const std::string& display_name) {
  for (auto& c : classes)
    if (c.class_name == class_name) {
      if (c.display_name.empty()) c.display_name = display_name;
      return c;
    }
  classes.push_back({class_name, display_name, {}});
  return classes.back();
}

DescriptionVariant& DescriptionStore::add_variant(const std::string& class_name, DescriptionVariant v) {
  auto& c = find_or_add(class_name);
  auto taken = [&](const std::string& id) {
    return std::any_of(c.variants.begin(), c.variants.end(), [&](const auto& x) { return x.id == id; });
  };
  if (v.id.empty() || taken(v.id)) {
    std::size_t n = c.variants.size() + 1;
    while (taken("v" + std::to_string(n))) ++n;
    v.id = "v" + std::to_string(n);
  }
  c.variants.push_back(std::move(v));
  return c.variants.back();
}

std::size_t DescriptionStore::variant_count() const {
  std::size_t n = 0;
  for (const auto& c : classes) n += c.variants.size();
  return n;
}

std::vector<std::string> default_bird_fields() {
  return {"Size", "Shape", "Coloration", "Pattern", "Head", "Beak", "Eyes", "Wings", "Tail", "Legs and feet", "Habitat"};
}

// ---------------------------------------------------------------- JSON

namespace {

ojson provenance_to_json(const Provenance& p) {
  ojson j = ojson::object();
  j["source"] = p.source;
  j["model"] = p.model;
  j["prompt_template"] = p.prompt_template;
  j["prompt_template_hash"] =
      p.prompt_template_hash.empty() && !p.prompt_template.empty() ? sha256_tag(p.prompt_template)
                                                                   : p.prompt_template_hash;
  j["prompt"] = p.prompt;
  j["created"] = p.created;
  j["raw_text"] = p.raw_text;
  j["parameters"] = p.parameters.is_object() ? p.parameters : ojson::object();
  return j;
}

// Reads JSON with errors that name the key path, e.g. "classes[2].variants[0].status".
struct Reader {
  const std::string& origin;

  [[noreturn]] void fail(const std::string& path, const std::string& msg) const {
    throw DataError(origin, 0, path + ": " + msg);
  }
  const ojson& object(const ojson& j, const std::string& path) const {
    if (!j.is_object()) fail(path, "expected a JSON object");
    return j;
  }
  const ojson& array(const ojson& j, const std::string& path) const {
    if (!j.is_array()) fail(path, "expected a JSON array");
    return j;
  }
  std::string str(const ojson& obj, const std::string& key, const std::string& path, bool required = false) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(path + "." + key, "missing");
      return {};
    }
    if (!it->is_string()) fail(path + "." + key, "expected a string");
    return it->get<std::string>();
  }
  std::vector<std::string> strings(const ojson& obj, const std::string& key, const std::string& path) const {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return out;
    array(*it, path + "." + key);
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
      out.push_back((*it)[i].get<std::string>());
    }
    return out;
  }
  Provenance provenance(const ojson& obj, const std::string& path) const {
    Provenance p;
    auto it = obj.find("provenance");
    if (it == obj.end() || it->is_null()) return p;
    const std::string pp = path + ".provenance";
    object(*it, pp);
    p.source = str(*it, "source", pp);
    p.model = str(*it, "model", pp);
    p.prompt_template = str(*it, "prompt_template", pp);
    p.prompt_template_hash = str(*it, "prompt_template_hash", pp);
    p.prompt = str(*it, "prompt", pp);
    p.created = str(*it, "created", pp);
    p.raw_text = str(*it, "raw_text", pp);
    auto par = it->find("parameters");
    if (par != it->end() && !par->is_null()) p.parameters = object(*par, pp + ".parameters");
    return p;
  }
};

}  // namespace

ojson DescriptionStore::to_json() const {
  ojson j = ojson::object();
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["title"] = title;
  j["fields"] = fields;
  ojson cls = ojson::array();
  for (const auto& c : classes) {
    ojson cj = ojson::object();
    cj["class"] = c.class_name;
    cj["display_name"] = c.display_name;
    ojson vars = ojson::array();
    for (const auto& v : c.variants) {
      ojson vj = ojson::object();
      vj["id"] = v.id;
      vj["status"] = to_string(v.status);
      ojson f = ojson::object();
      for (const auto& [k, t] : v.fields) f[k] = t;
      vj["fields"] = f;
      vj["sentences"] = v.sentences;
      vj["provenance"] = provenance_to_json(v.provenance);
      vars.push_back(vj);
    }
    cj["variants"] = vars;
    cls.push_back(cj);
  }
  j["classes"] = cls;
  ojson fails = ojson::array();
  for (const auto& f : failures) {
    ojson fj = ojson::object();
    fj["class"] = f.class_name;
    fj["error"] = f.error;
    fj["provenance"] = provenance_to_json(f.provenance);
    fails.push_back(fj);
  }
  j["failures"] = fails;
  return j;
}

DescriptionStore DescriptionStore::from_json(const ojson& j, const std::string& origin) {
  Reader r{origin};
  r.object(j, "(top level)");
  const std::string format = r.str(j, "format", "(top level)", true);
  if (format != kFormat) r.fail("format", "expected \"" + std::string(kFormat) + "\", found \"" + format + "\"");
  auto ver = j.find("version");
  if (ver == j.end() || !ver->is_number_integer()) r.fail("version", "missing or not an integer");
  if (ver->get<int>() > kVersion)
    r.fail("version", "file is version " + std::to_string(ver->get<int>()) + ", this program reads up to " +
                          std::to_string(kVersion));
  DescriptionStore s;
  s.title = r.str(j, "title", "(top level)");
  s.fields = r.strings(j, "fields", "(top level)");
  std::set<std::string> seen_classes;
  auto cls = j.find("classes");
  if (cls != j.end()) {
    r.array(*cls, "classes");
    for (std::size_t i = 0; i < cls->size(); ++i) {
      const std::string cp = "classes[" + std::to_string(i) + "]";
      const ojson& cj = r.object((*cls)[i], cp);
      ClassDescriptions c;
      c.class_name = r.str(cj, "class", cp, true);
      if (c.class_name.empty()) r.fail(cp + ".class", "empty class name");
      if (!seen_classes.insert(c.class_name).second) r.fail(cp + ".class", "duplicate class \"" + c.class_name + "\"");
      c.display_name = r.str(cj, "display_name", cp);
      auto vars = cj.find("variants");
      if (vars != cj.end()) {
        r.array(*vars, cp + ".variants");
        std::set<std::string> ids;
        for (std::size_t k = 0; k < vars->size(); ++k) {
          const std::string vp = cp + ".variants[" + std::to_string(k) + "]";
          const ojson& vj = r.object((*vars)[k], vp);
          DescriptionVariant v;
          v.id = r.str(vj, "id", vp);
          if (v.id.empty()) v.id = "v" + std::to_string(k + 1);
          if (!ids.insert(v.id).second) r.fail(vp + ".id", "duplicate variant id \"" + v.id + "\"");
          const std::string st = r.str(vj, "status", vp);
          auto status = review_status_from_string(st);
          if (!status) r.fail(vp + ".status", "unknown status \"" + st + "\" (expected none, approved or rejected)");
          v.status = *status;
          auto f = vj.find("fields");
          if (f != vj.end() && !f->is_null()) {
            r.object(*f, vp + ".fields");
            for (auto it = f->begin(); it != f->end(); ++it) {
              if (!it.value().is_string()) r.fail(vp + ".fields." + it.key(), "expected a string");
              v.fields.emplace_back(it.key(), it.value().get<std::string>());
            }
          }
          v.sentences = r.strings(vj, "sentences", vp);
          v.provenance = r.provenance(vj, vp);
          c.variants.push_back(std::move(v));
        }
      }
      s.classes.push_back(std::move(c));
    }
  }
  auto fails = j.find("failures");
  if (fails != j.end() && !fails->is_null()) {
    r.array(*fails, "failures");
    for (std::size_t i = 0; i < fails->size(); ++i) {
      const std::string fp = "failures[" + std::to_string(i) + "]";
      const ojson& fj = r.object((*fails)[i], fp);
      s.failures.push_back({r.str(fj, "class", fp), r.str(fj, "error", fp), r.provenance(fj, fp)});
    }
  }
  return s;
}

DescriptionStore DescriptionStore::load(const std::string& path) {
  ojson j;
  try {
    j = jsonio::read_file_ordered(path, jsonio::kData);
  } catch (const jsonio::Error& e) {
    throw DataError(path, e.line(), e.problem());
  }
  return from_json(j, path);
}

void DescriptionStore::save(const std::string& path) const {
  write_file_atomic(path, to_json().dump(2) + "\n");
}

}  // namespace plumage::data
