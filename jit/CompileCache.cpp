//===- CompileCache.cpp - Compiled functions kept on disk -----------------===//

#include "jit/CompileCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <elf.h>
#include <filesystem>
#include <limits>
#include <link.h>

namespace {

/// "TJCC" and the format's version: a file of another version is a miss.
/// A file is the magic, the xxh3 hash of the rest, then the fields: the
/// number of objects (decimal), the objects, the IR of each stage.
constexpr char kMagic[8] = {'T', 'J', 'C', 'C', 0, 0, 0, 2};

/// The GNU build ID of each loaded library the compiled code depends on
/// (name: hex), or empty if libtensorjit's is missing.
std::string libraryBuildIds() {
  struct Found {
    std::string ids;
    bool tensorjit = false;
  } found;
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) {
        auto &found = *static_cast<Found *>(data);
        llvm::StringRef path = info->dlpi_name ? info->dlpi_name : "";
        llvm::StringRef name = llvm::sys::path::filename(path);
        bool tensorjit = name.starts_with("libtensorjit.");
        if (!tensorjit && !name.starts_with("libMLIR.") &&
            !name.starts_with("libLLVM.") && !name.starts_with("libLLVM-"))
          return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &header = info->dlpi_phdr[i];
          if (header.p_type != PT_NOTE)
            continue;
          auto *at =
              reinterpret_cast<const char *>(info->dlpi_addr + header.p_vaddr);
          const char *end = at + header.p_memsz;
          while (at + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) note;
            std::memcpy(&note, at, sizeof(note));
            const char *noteName = at + sizeof(note);
            const char *desc = noteName + ((note.n_namesz + 3) & ~3u);
            if (desc + note.n_descsz > end)
              break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(noteName, "GNU", 4) == 0) {
              absl::StrAppend(&found.ids, name.str(), ":",
                              llvm::toHex(llvm::StringRef(desc, note.n_descsz)),
                              "\n");
              found.tensorjit |= tensorjit;
            }
            at = desc + ((note.n_descsz + 3) & ~3u);
          }
        }
        return 0;
      },
      &found);
  return found.tensorjit ? found.ids : std::string();
}

/// The host CPU's name and features, in a stable order.
std::string hostDescription() {
  std::vector<std::string> features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.push_back(
        absl::StrCat(feature.getValue() ? "+" : "-", feature.getKey().str()));
  std::sort(features.begin(), features.end());
  std::string text = llvm::sys::getHostCPUName().str();
  for (const std::string &feature : features)
    absl::StrAppend(&text, ",", feature);
  return text;
}

/// What identifies libdevice's contents without reading it.
std::string fileStamp(llvm::StringRef path) {
  llvm::sys::fs::file_status status;
  if (path.empty() || llvm::sys::fs::status(path, status))
    return "none";
  return absl::StrCat(
      status.getSize(), "@",
      status.getLastModificationTime().time_since_epoch().count());
}

void appendField(std::string &out, llvm::StringRef field) {
  uint64_t size = field.size();
  out.append(reinterpret_cast<const char *>(&size), sizeof(size));
  out.append(field.data(), field.size());
}

/// Reads the next field of `data` into `field`; false past the end.
bool readField(llvm::StringRef &data, std::string &field) {
  uint64_t size;
  if (data.size() < sizeof(size))
    return false;
  std::memcpy(&size, data.data(), sizeof(size));
  data = data.drop_front(sizeof(size));
  if (data.size() < size)
    return false;
  field = data.take_front(size).str();
  data = data.drop_front(size);
  return true;
}

/// Whether `name` is a cache file's: 64 lowercase hex digits (a key).
bool isKeyName(llvm::StringRef name) {
  return name.size() == 64 && llvm::all_of(name, [](char c) {
           return llvm::isDigit(c) || (c >= 'a' && c <= 'f');
         });
}

/// Whether `name` is a file storeCompile is writing: `key.%%%%%%%%.tmp`.
bool isTemporaryName(llvm::StringRef name) {
  return name.size() == 64 + 13 && isKeyName(name.take_front(64)) &&
         name[64] == '.' && name.ends_with(".tmp");
}

/// A temporary file this old was left by a process that died writing it.
constexpr std::chrono::hours kAbandoned{1};

/// Removes the least recently used cache files of `dir` (by modification
/// time, which a load renews) until the rest take at most `maxBytes`, but
/// never `keep`; also abandoned temporary files. Only the cache's own file
/// names are touched, whatever else is in the directory.
void keepWithin(llvm::StringRef dir, uint64_t maxBytes, llvm::StringRef keep) {
  namespace fs = std::filesystem;
  struct Entry {
    fs::path path;
    uint64_t bytes;
    fs::file_time_type used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  auto now = fs::file_time_type::clock::now();
  std::error_code error;
  for (fs::directory_iterator it(dir.str(), error), end; !error && it != end;
       it.increment(error)) {
    std::string name = it->path().filename().string();
    std::error_code ignored;
    fs::file_time_type used = it->last_write_time(ignored);
    if (ignored)
      continue;
    if (isTemporaryName(name)) {
      if (now - used > kAbandoned)
        fs::remove(it->path(), ignored);
      continue;
    }
    uint64_t bytes = it->file_size(ignored);
    if (ignored || !isKeyName(name) || name == keep)
      continue;
    entries.push_back({it->path(), bytes, used});
    total += bytes;
  }
  std::error_code ignored;
  uint64_t kept = fs::file_size(fs::path(dir.str()) / keep.str(), ignored);
  total += ignored ? 0 : kept;
  if (maxBytes == 0 || total <= maxBytes)
    return;
  std::sort(entries.begin(), entries.end(),
            [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &entry : entries) {
    if (total <= maxBytes)
      break;
    // Another process may have removed it first: it is gone either way.
    fs::remove(entry.path, ignored);
    total -= entry.bytes;
  }
}

} // namespace

namespace mlir::tj {

std::optional<uint64_t> parseByteSize(llvm::StringRef text) {
  uint64_t value;
  if (text.consumeInteger(10, value))
    return std::nullopt;
  uint64_t unit = 1;
  if (!text.empty()) {
    size_t shift = llvm::StringRef("KMGT").find(llvm::toUpper(text.front()));
    if (shift == llvm::StringRef::npos)
      return std::nullopt;
    unit = uint64_t(1) << (10 * (shift + 1));
    text = text.drop_front();
    // 1G, 1GB and 1GiB all mean 2^30 bytes.
    if (!text.consume_front("iB"))
      text.consume_front("B");
  }
  if (!text.empty() || value > std::numeric_limits<uint64_t>::max() / unit)
    return std::nullopt;
  return value * unit;
}

std::string compileCacheKey(llvm::StringRef tjModule, llvm::StringRef symbol,
                            const Target &target) {
  static const std::string build = [] {
    std::string ids = libraryBuildIds();
    return ids.empty() ? ids
                       : absl::StrCat(ids, "LLVM " LLVM_VERSION_STRING "\n",
                                      hostDescription(), "\n");
  }();
  if (build.empty())
    return {};
  const GpuTargetOptions &gpu = target.gpu;
  std::string material =
      absl::StrCat(llvm::StringRef(kMagic, sizeof(kMagic)).str(), "\n", build,
                   "cuda=", target.cuda, " ordinal=", target.ordinal,
                   " gpu-loops-on-cpu=", target.gpuLoopsOnCpu, "\n");
  if (target.cuda || target.gpuLoopsOnCpu)
    absl::StrAppend(&material, "chip=", gpu.chip, " features=", gpu.features,
                    " libdevice=", gpu.libdevice, " ", fileStamp(gpu.libdevice),
                    " block=", gpu.blockSize,
                    " block-reductions=", gpu.blockReductions,
                    " column-outputs=", gpu.columnOutputs,
                    " elements-per-thread=", gpu.elementsPerThread,
                    " mrg-draws=", gpu.mrgDrawsPerThread,
                    " cublas-min=", gpu.cublasMinSize, "\n");
  absl::StrAppend(&material, symbol.str(), "\n", tjModule.str());
  return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(material)),
                     /*LowerCase=*/true);
}

std::optional<CachedCompile> loadCompile(llvm::StringRef dir,
                                         llvm::StringRef key) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, key);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return std::nullopt;
  llvm::StringRef data = (*file)->getBuffer();
  CachedCompile compile;
  StageIR &ir = compile.ir;
  std::string rewrites;
  uint64_t hash = 0;
  bool whole = data.consume_front(llvm::StringRef(kMagic, sizeof(kMagic))) &&
               data.size() >= sizeof(hash);
  if (whole) {
    std::memcpy(&hash, data.data(), sizeof(hash));
    data = data.drop_front(sizeof(hash));
    whole = hash == llvm::xxh3_64bits(data);
  }
  std::string count;
  unsigned objects = 0;
  whole = whole && readField(data, count) &&
          !llvm::StringRef(count).getAsInteger(10, objects) && objects > 0 &&
          objects <= data.size();
  if (whole)
    compile.objects.resize(objects);
  for (std::string &object : compile.objects)
    whole = whole && readField(data, object) && !object.empty();
  for (std::string *field :
       {&ir.tj, &ir.fused, &ir.linalg, &ir.llvm, &ir.ptx, &rewrites})
    whole = whole && readField(data, *field);
  if (!whole || !data.empty()) {
    (void)llvm::sys::fs::remove(path);
    return std::nullopt;
  }
  llvm::SmallVector<llvm::StringRef> names;
  llvm::StringRef(rewrites).split(names, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef name : names)
    ir.rewrites.push_back(name.str());
  // Used now: the last file keepWithin would remove.
  std::error_code ignored;
  std::filesystem::last_write_time(
      path.str().str(), std::filesystem::file_time_type::clock::now(), ignored);
  return compile;
}

void storeCompile(llvm::StringRef dir, llvm::StringRef key,
                  llvm::ArrayRef<std::string> objects, const StageIR &ir,
                  uint64_t maxBytes) {
  if (llvm::sys::fs::create_directories(dir))
    return;
  std::string fields;
  appendField(fields, std::to_string(objects.size()));
  for (const std::string &object : objects)
    appendField(fields, object);
  for (llvm::StringRef field :
       {llvm::StringRef(ir.tj), llvm::StringRef(ir.fused),
        llvm::StringRef(ir.linalg), llvm::StringRef(ir.llvm),
        llvm::StringRef(ir.ptx)})
    appendField(fields, field);
  appendField(fields, llvm::join(ir.rewrites, "\n"));
  uint64_t hash = llvm::xxh3_64bits(fields);
  std::string data(kMagic, sizeof(kMagic));
  data.append(reinterpret_cast<const char *>(&hash), sizeof(hash));
  data += fields;

  llvm::SmallString<256> model(dir), temporary, path(dir);
  llvm::sys::path::append(model, key + ".%%%%%%%%.tmp");
  llvm::sys::path::append(path, key);
  int fd;
  if (llvm::sys::fs::createUniqueFile(model, fd, temporary))
    return;
  bool written;
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << data;
    out.close();
    written = !out.has_error();
    out.clear_error();
  }
  if (!written || llvm::sys::fs::rename(temporary, path))
    (void)llvm::sys::fs::remove(temporary);
  else
    keepWithin(dir, maxBytes, key);
}

} // namespace mlir::tj
