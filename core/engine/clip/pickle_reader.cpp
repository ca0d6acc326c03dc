#include "core/engine/clip/pickle_reader.h"

#include <cstring>
#include <unordered_map>
#include <utility>

namespace plumage::clip::pt {

namespace {

struct DTypeRow {
  DType dtype;
  const char* storage;  // torch.<storage> class name
  const char* name;
  size_t size;
};

constexpr DTypeRow kDTypes[] = {
    {DType::F64, "DoubleStorage", "float64", 8}, {DType::F32, "FloatStorage", "float32", 4},
    {DType::F16, "HalfStorage", "float16", 2},   {DType::BF16, "BFloat16Storage", "bfloat16", 2},
    {DType::I64, "LongStorage", "int64", 8},     {DType::I32, "IntStorage", "int32", 4},
    {DType::I16, "ShortStorage", "int16", 2},    {DType::I8, "CharStorage", "int8", 1},
    {DType::U8, "ByteStorage", "uint8", 1},      {DType::BOOL, "BoolStorage", "bool", 1},
};

const DTypeRow& row(DType d) {
  for (const auto& r : kDTypes)
    if (r.dtype == d) return r;
  return kDTypes[1];
}

// Values live in one arena and refer to each other by index, so shared and
// even cyclic references (possible through the memo) cost nothing to free.
enum class Kind : uint8_t { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Storage, Tensor, Object };
enum class Callable : uint8_t { OrderedDict, RebuildTensor, RebuildParameter, StorageType, ModuleClass };

struct Value {
  Kind kind = Kind::None;
  uint32_t ref = 0;  // index into the side table of its kind
  int64_t i = 0;     // Int / Bool value; Callable for Global; dtype for a StorageType global
};

struct TensorData {
  uint32_t storage = 0;  // Value index of the Storage
  uint32_t offset = 0, size = 0, stride = 0;  // Value indices
};

struct ObjectData {
  uint32_t class_name = 0;  // string index
  int64_t state = -1;       // Value index of the BUILD state
};

class Unpickler {
 public:
  Unpickler(const uint8_t* data, size_t size, const std::string& source, bool torchscript)
      : p_(data), n_(size), source_(source), torchscript_(torchscript) {}

  uint32_t run() {
    if (n_ > kMaxPickleBytes)
      fail("pickle of " + std::to_string(n_) + " bytes exceeds the limit of " + std::to_string(kMaxPickleBytes));
    for (;;) {
      op_at_ = pos_;
      const uint8_t op = u8();
      if (op == '.') {  // STOP
        if (stack_.empty() || !marks_.empty()) fail("STOP with an unbalanced stack");
        return stack_.back();
      }
      step(op);
    }
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(source_ + ": byte " + std::to_string(op_at_) + ": " + what);
  }

  std::vector<Value> values_;
  std::vector<std::string> strings_;
  std::vector<std::vector<uint32_t>> seqs_;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> dicts_;
  std::vector<StorageRef> storages_;
  std::vector<std::string> storage_keys_;
  std::vector<TensorData> tensors_;
  std::vector<ObjectData> objects_;

 private:
  // ---- input
  void need(size_t k) {
    if (n_ - pos_ < k) fail("pickle truncated");
  }
  uint8_t u8() {
    need(1);
    return p_[pos_++];
  }
  uint64_t le(size_t k) {
    need(k);
    uint64_t v = 0;
    for (size_t j = k; j-- > 0;) v = (v << 8) | p_[pos_ + j];
    pos_ += k;
    return v;
  }
  std::string bytes(uint64_t k) {
    if (k > kMaxPickleString)
      fail("string of " + std::to_string(k) + " bytes exceeds the limit of " + std::to_string(kMaxPickleString));
    need(static_cast<size_t>(k));
    std::string s(reinterpret_cast<const char*>(p_ + pos_), static_cast<size_t>(k));
    pos_ += static_cast<size_t>(k);
    return s;
  }
  std::string line() {
    std::string s;
    for (;;) {
      const char c = static_cast<char>(u8());
      if (c == '\n') return s;
      if (s.size() == 256) fail("GLOBAL name longer than 256 bytes");
      s.push_back(c);
    }
  }

  // ---- values
  uint32_t make(Kind k, uint32_t ref = 0, int64_t i = 0) {
    if (values_.size() >= kMaxPickleValues)
      fail("more than " + std::to_string(kMaxPickleValues) + " values (limit)");
    values_.push_back({k, ref, i});
    return static_cast<uint32_t>(values_.size() - 1);
  }
  uint32_t make_str(std::string s) {
    strings_.push_back(std::move(s));
    return make(Kind::Str, static_cast<uint32_t>(strings_.size() - 1));
  }
  uint32_t make_seq(Kind k, std::vector<uint32_t> items) {
    count_items(items.size());
    seqs_.push_back(std::move(items));
    return make(k, static_cast<uint32_t>(seqs_.size() - 1));
  }
  uint32_t make_dict() {
    dicts_.emplace_back();
    return make(Kind::Dict, static_cast<uint32_t>(dicts_.size() - 1));
  }
  void count_items(size_t k) {
    items_ += k;
    if (items_ > kMaxPickleItems)
      fail("containers hold more than " + std::to_string(kMaxPickleItems) + " items in all (limit)");
  }

  // ---- stack
  void push(uint32_t v) {
    if (stack_.size() >= kMaxPickleStack) fail("stack deeper than " + std::to_string(kMaxPickleStack) + " (limit)");
    stack_.push_back(v);
  }
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  uint32_t pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    const uint32_t v = stack_.back();
    stack_.pop_back();
    return v;
  }
  uint32_t top() {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }
  std::vector<uint32_t> pop_mark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const size_t m = marks_.back();
    marks_.pop_back();
    std::vector<uint32_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  const Value& at(uint32_t v) const { return values_[v]; }
  Kind kind(uint32_t v) const { return values_[v].kind; }

  void memo_put(uint64_t idx) {
    if (stack_.size() <= floor()) fail("memo store with an empty stack");
    auto it = memo_.find(idx);
    if (it == memo_.end() && memo_.size() >= kMaxPickleMemo)
      fail("memo holds more than " + std::to_string(kMaxPickleMemo) + " entries (limit)");
    memo_[idx] = stack_.back();
  }
  void memo_get(uint64_t idx) {
    auto it = memo_.find(idx);
    if (it == memo_.end()) fail("memo index " + std::to_string(idx) + " was never stored");
    push(it->second);
  }

  void add_to_dict(uint32_t d, const std::vector<uint32_t>& kv) {
    if (kind(d) != Kind::Dict) fail("SETITEM(S) on something that is not a dict");
    if (kv.size() % 2) fail("SETITEMS with an odd number of items");
    count_items(kv.size() / 2);
    auto& entries = dicts_[at(d).ref];
    for (size_t j = 0; j < kv.size(); j += 2) entries.emplace_back(kv[j], kv[j + 1]);
  }
  void add_to_list(uint32_t l, const std::vector<uint32_t>& items) {
    if (kind(l) != Kind::List) fail("APPEND(S) on something that is not a list");
    count_items(items.size());
    auto& seq = seqs_[at(l).ref];
    seq.insert(seq.end(), items.begin(), items.end());
  }

  // ---- globals: the whole allow-list
  uint32_t global(const std::string& module, const std::string& name) {
    if (module == "collections" && name == "OrderedDict") return make(Kind::Global, 0, int64_t(Callable::OrderedDict));
    if (module == "torch._utils" && name == "_rebuild_tensor_v2")
      return make(Kind::Global, 0, int64_t(Callable::RebuildTensor));
    if (module == "torch._utils" && name == "_rebuild_parameter")
      return make(Kind::Global, 0, int64_t(Callable::RebuildParameter));
    if (module == "torch")
      for (const auto& r : kDTypes)
        if (name == r.storage) return make(Kind::Global, static_cast<uint32_t>(r.dtype), int64_t(Callable::StorageType));
    if (torchscript_ && (module == "__torch__" || module.rfind("__torch__.", 0) == 0)) {
      strings_.push_back(module + "." + name);
      return make(Kind::Global, static_cast<uint32_t>(strings_.size() - 1), int64_t(Callable::ModuleClass));
    }
    fail("refused global '" + module + "." + name +
         "': a checkpoint may hold only tensors, storages and containers (nothing is executed)");
  }
  Callable callable(uint32_t v, const char* op) {
    if (kind(v) != Kind::Global) fail(std::string(op) + " on something that is not an allowed global");
    return static_cast<Callable>(at(v).i);
  }

  const std::vector<uint32_t>& tuple_items(uint32_t v, const char* what) {
    if (kind(v) != Kind::Tuple) fail(std::string(what) + " must be a tuple");
    return seqs_[at(v).ref];
  }

  uint32_t reduce(uint32_t fn, uint32_t args) {
    const Callable c = callable(fn, "REDUCE");
    const auto& a = tuple_items(args, "REDUCE arguments");
    switch (c) {
      case Callable::OrderedDict:
        if (!a.empty()) fail("OrderedDict called with arguments");
        return make_dict();
      case Callable::RebuildTensor: {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.size() != 6 && a.size() != 7) fail("_rebuild_tensor_v2 takes 6 or 7 arguments");
        if (kind(a[0]) != Kind::Storage) fail("_rebuild_tensor_v2: first argument is not a storage");
        if (kind(a[1]) != Kind::Int) fail("_rebuild_tensor_v2: storage offset is not an integer");
        tuple_items(a[2], "_rebuild_tensor_v2: size");
        tuple_items(a[3], "_rebuild_tensor_v2: stride");
        tensors_.push_back({a[0], a[1], a[2], a[3]});
        return make(Kind::Tensor, static_cast<uint32_t>(tensors_.size() - 1));
      }
      case Callable::RebuildParameter:
        // (data, requires_grad, backward_hooks): the parameter is its data.
        if (a.size() != 3 || kind(a[0]) != Kind::Tensor) fail("_rebuild_parameter: expected (tensor, bool, hooks)");
        return a[0];
      case Callable::StorageType:
      case Callable::ModuleClass:
        break;
    }
    fail("REDUCE: this global cannot be called");
  }

  uint32_t persistent_load(uint32_t pid) {
    const auto& a = tuple_items(pid, "persistent id");
    if (a.size() != 5 || kind(a[0]) != Kind::Str || strings_[at(a[0]).ref] != "storage")
      fail("persistent id is not ('storage', type, key, location, size)");
    if (kind(a[1]) != Kind::Global || callable(a[1], "storage") != Callable::StorageType)
      fail("persistent id names no known storage type");
    if (kind(a[2]) != Kind::Str || kind(a[3]) != Kind::Str || kind(a[4]) != Kind::Int || at(a[4]).i < 0)
      fail("persistent id: key and location must be strings, size a non-negative integer");
    const std::string& key = strings_[at(a[2]).ref];
    // Keys name archive records (data/<key>): no path characters.
    bool ok = !key.empty() && key.size() <= 64;
    for (char ch : key) ok = ok && ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_');
    if (!ok) fail("storage key '" + key.substr(0, 64) + "' is not a plain record name");
    const auto dtype = static_cast<DType>(at(a[1]).ref);
    const auto numel = static_cast<uint64_t>(at(a[4]).i);
    storages_.push_back({dtype, numel});
    storage_keys_.push_back(key);
    return make(Kind::Storage, static_cast<uint32_t>(storages_.size() - 1));
  }

  void build() {
    const uint32_t state = pop();
    const uint32_t target = top();
    if (kind(target) == Kind::Object) {
      objects_[at(target).ref].state = state;
    } else if (kind(target) != Kind::Dict) {
      // An OrderedDict's state is its attributes (a state dict's _metadata): unused.
      fail("BUILD on something that is neither a dict nor a module object");
    }
  }

  void step(uint8_t op) {
    switch (op) {
      case 0x80: if (u8() > 5) fail("unsupported pickle protocol"); break;  // PROTO
      case 0x95: le(8); break;                                            // FRAME
      case '(':                                                           // MARK
        if (marks_.size() >= kMaxPickleStack) fail("too many MARKs (limit)");
        marks_.push_back(stack_.size());
        break;
      case '}': push(make_dict()); break;                        // EMPTY_DICT
      case ']': push(make_seq(Kind::List, {})); break;           // EMPTY_LIST
      case ')': push(make_seq(Kind::Tuple, {})); break;          // EMPTY_TUPLE
      case 't': push(make_seq(Kind::Tuple, pop_mark())); break;  // TUPLE
      case 'l': push(make_seq(Kind::List, pop_mark())); break;   // LIST
      case 0x85: case 0x86: case 0x87: {                         // TUPLE1..3
        std::vector<uint32_t> items(op - 0x84);
        for (size_t j = items.size(); j-- > 0;) items[j] = pop();
        push(make_seq(Kind::Tuple, std::move(items)));
        break;
      }
      case 'd': {  // DICT
        const auto kv = pop_mark();
        const uint32_t d = make_dict();
        add_to_dict(d, kv);
        push(d);
        break;
      }
      case 's': {  // SETITEM
        const uint32_t v = pop(), k = pop();
        add_to_dict(top(), {k, v});
        break;
      }
      case 'u': { const auto kv = pop_mark(); add_to_dict(top(), kv); break; }        // SETITEMS
      case 'a': { const uint32_t v = pop(); add_to_list(top(), {v}); break; }         // APPEND
      case 'e': { const auto items = pop_mark(); add_to_list(top(), items); break; }  // APPENDS
      case 'J': push(make(Kind::Int, 0, static_cast<int32_t>(le(4)))); break;         // BININT
      case 'K': push(make(Kind::Int, 0, static_cast<int64_t>(le(1)))); break;         // BININT1
      case 'M': push(make(Kind::Int, 0, static_cast<int64_t>(le(2)))); break;         // BININT2
      case 0x8a: {                                                                    // LONG1
        const size_t k = u8();
        if (k > 8) fail("integer wider than 64 bits");
        uint64_t v = k ? le(k) : 0;
        if (k && k < 8 && (v >> (8 * k - 1)) & 1) v |= ~uint64_t{0} << (8 * k);  // sign-extend
        push(make(Kind::Int, 0, static_cast<int64_t>(v)));
        break;
      }
      case 'G': le(8); push(make(Kind::Float)); break;     // BINFLOAT (value unused)
      case 0x88: push(make(Kind::Bool, 0, 1)); break;      // NEWTRUE
      case 0x89: push(make(Kind::Bool, 0, 0)); break;      // NEWFALSE
      case 'N': push(make(Kind::None)); break;             // NONE
      case 'X': push(make_str(bytes(le(4)))); break;       // BINUNICODE
      case 0x8c: push(make_str(bytes(le(1)))); break;      // SHORT_BINUNICODE
      case 0x8d: push(make_str(bytes(le(8)))); break;      // BINUNICODE8
      case 'q': memo_put(le(1)); break;                    // BINPUT
      case 'r': memo_put(le(4)); break;                    // LONG_BINPUT
      case 0x94: memo_put(memo_.size()); break;            // MEMOIZE
      case 'h': memo_get(le(1)); break;                    // BINGET
      case 'j': memo_get(le(4)); break;                    // LONG_BINGET
      case '0': pop(); break;                              // POP
      case '1': pop_mark(); break;                         // POP_MARK
      case 'c': {                                          // GLOBAL
        const std::string module = line();
        const std::string name = line();
        push(global(module, name));
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        const uint32_t name = pop(), module = pop();
        if (kind(name) != Kind::Str || kind(module) != Kind::Str) fail("STACK_GLOBAL needs two strings");
        push(global(strings_[at(module).ref], strings_[at(name).ref]));
        break;
      }
      case 'R': {  // REDUCE
        const uint32_t args = pop(), fn = pop();
        push(reduce(fn, args));
        break;
      }
      case 0x81: {  // NEWOBJ
        const uint32_t args = pop(), cls = pop();
        if (callable(cls, "NEWOBJ") != Callable::ModuleClass || !tuple_items(args, "NEWOBJ arguments").empty())
          fail("NEWOBJ is allowed only for TorchScript module classes, without arguments");
        objects_.push_back({at(cls).ref, -1});
        push(make(Kind::Object, static_cast<uint32_t>(objects_.size() - 1)));
        break;
      }
      case 'b': build(); break;                          // BUILD
      case 'Q': push(persistent_load(pop())); break;     // BINPERSID
      default: {
        static const char* hex = "0123456789abcdef";
        fail(std::string("unsupported pickle opcode 0x") + hex[op >> 4] + hex[op & 15]);
      }
    }
  }

  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0, op_at_ = 0;
  std::string source_;
  bool torchscript_;
  std::vector<uint32_t> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, uint32_t> memo_;
  size_t items_ = 0;
};

// Walks the result for tensors, naming them by dotted path.
class Collector {
 public:
  Collector(const Unpickler& u, const std::string& source) : u_(u), source_(source) {}

  PickleContents collect(uint32_t root, bool torchscript) {
    const Kind k = u_.values_[root].kind;
    if (torchscript ? k != Kind::Object : k != Kind::Dict)
      throw FormatError(source_ + ": the pickled object is not " +
                        (torchscript ? "a TorchScript module" : "a dict of tensors (a state dict)"));
    if (!torchscript) root = unwrap_state_dict(root);
    walk(root, "", 0);
    if (out_.tensors.empty()) throw FormatError(source_ + ": holds no tensors");
    return std::move(out_);
  }

 private:
  // open_clip training checkpoints: {"epoch": ..., "state_dict": {...}, ...}.
  uint32_t unwrap_state_dict(uint32_t d) const {
    for (const auto& [k, v] : u_.dicts_[u_.values_[d].ref])
      if (u_.values_[k].kind == Kind::Str && u_.strings_[u_.values_[k].ref] == "state_dict" &&
          u_.values_[v].kind == Kind::Dict)
        return v;
    return d;
  }

  std::string key_name(uint32_t k) const {
    const Value& v = u_.values_[k];
    if (v.kind == Kind::Str) return u_.strings_[v.ref];
    if (v.kind == Kind::Int) return std::to_string(v.i);
    return "";
  }

  void walk(uint32_t v, const std::string& name, int depth) {
    if (depth > kMaxNesting)
      throw FormatError(source_ + ": '" + name.substr(0, 40) + "...' nested deeper than " +
                        std::to_string(kMaxNesting) + " levels");
    if (++visits_ > kMaxPickleValues)
      throw FormatError(source_ + ": object graph too large to walk (shared references?)");
    auto child = [&](const std::string& key) { return name.empty() ? key : name + "." + key; };
    const Value& val = u_.values_[v];
    switch (val.kind) {
      case Kind::Tensor: add_tensor(u_.tensors_[val.ref], name); break;
      case Kind::Dict:
        for (const auto& [k, item] : u_.dicts_[val.ref]) {
          const std::string key = key_name(k);
          if (!key.empty()) walk(item, child(key), depth + 1);
        }
        break;
      case Kind::List:
      case Kind::Tuple: {
        const auto& items = u_.seqs_[val.ref];
        for (size_t j = 0; j < items.size(); ++j) walk(items[j], child(std::to_string(j)), depth + 1);
        break;
      }
      case Kind::Object: {
        const ObjectData& o = u_.objects_[val.ref];
        if (o.state >= 0) walk(static_cast<uint32_t>(o.state), name, depth + 1);
        break;
      }
      default: break;  // numbers, strings, flags: not weights
    }
  }

  std::vector<int64_t> ints(uint32_t tuple, const std::string& name, const char* what) const {
    std::vector<int64_t> out;
    for (uint32_t item : u_.seqs_[u_.values_[tuple].ref]) {
      const Value& x = u_.values_[item];
      if (x.kind != Kind::Int || x.i < 0)
        throw FormatError(source_ + ": tensor '" + name + "': " + what + " holds a value that is not a non-negative integer");
      out.push_back(x.i);
    }
    return out;
  }

  void add_tensor(const TensorData& t, const std::string& name) {
    if (!seen_.emplace(name, true).second) throw FormatError(source_ + ": duplicate tensor name '" + name + "'");
    const auto fail = [&](const std::string& what) { throw FormatError(source_ + ": tensor '" + name + "': " + what); };
    TensorRef r;
    r.name = name;
    const uint32_t s = u_.values_[t.storage].ref;
    const StorageRef& storage = u_.storages_[s];
    r.storage_key = u_.storage_keys_[s];
    r.shape = ints(t.size, name, "size");
    r.stride = ints(t.stride, name, "stride");
    r.storage_offset = u_.values_[t.offset].i;
    if (r.shape.size() > static_cast<size_t>(kMaxTensorDims)) fail("more than " + std::to_string(kMaxTensorDims) + " dimensions");
    if (r.shape.size() != r.stride.size()) fail("size and stride differ in length");
    if (r.storage_offset < 0) fail("negative storage offset");
    // The furthest element the view reaches must lie inside the storage.
    int64_t numel = 1, last = r.storage_offset, step = 0;
    bool overflow = false;
    for (size_t d = 0; d < r.shape.size(); ++d) {
      overflow |= __builtin_mul_overflow(numel, r.shape[d], &numel);
      if (r.shape[d] > 0) {
        overflow |= __builtin_mul_overflow(r.shape[d] - 1, r.stride[d], &step);
        overflow |= __builtin_add_overflow(last, step, &last);
      }
    }
    if (overflow) fail("size x stride overflows");
    uint64_t bytes = 0;
    if (__builtin_mul_overflow(storage.numel, static_cast<uint64_t>(row(storage.dtype).size), &bytes) ||
        bytes > (uint64_t{1} << 62))
      fail("storage '" + r.storage_key + "' declares an impossible size");
    if (numel > 0 && static_cast<uint64_t>(last) >= storage.numel)
      fail("reaches element " + std::to_string(last) + " of storage '" + r.storage_key + "', which holds " +
           std::to_string(storage.numel));
    auto [it, fresh] = out_.storages.emplace(r.storage_key, storage);
    if (!fresh && (it->second.dtype != storage.dtype || it->second.numel != storage.numel))
      fail("storage '" + r.storage_key + "' is declared twice with different types or sizes");
    out_.tensors.push_back(std::move(r));
  }

  const Unpickler& u_;
  const std::string& source_;
  PickleContents out_;
  std::map<std::string, bool> seen_;
  size_t visits_ = 0;
};

}  // namespace

const char* dtype_name(DType d) { return row(d).name; }
size_t dtype_size(DType d) { return row(d).size; }

PickleContents read_pickle(const uint8_t* data, size_t size, const std::string& source, bool torchscript) {
  Unpickler u(data, size, source, torchscript);
  const uint32_t root = u.run();
  return Collector(u, source).collect(root, torchscript);
}

}  // namespace plumage::clip::pt
