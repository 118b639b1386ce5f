//===- Array.cpp - Host n-d arrays ----------------------------------------===//

#include "tensorjit/array.h"

#include "lib/runtime/Allocator.h"
#include "lib/runtime/DTypes.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>

namespace tensorjit {

namespace {

/// Large buffers freed recently, by size, for reuse: a fresh large
/// allocation is mapped from the kernel and pays a page fault per 4 KiB on
/// first touch, which costs more than an elementwise kernel over it. A
/// program calling a function in a loop gets its previous outputs' memory
/// back.
class LargeBlockCache {
public:
  static constexpr size_t kMinimum = size_t{1} << 20, kLimit = size_t{1} << 30;

  void *take(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = blocks_.find(bytes);
    if (it == blocks_.end())
      return nullptr;
    void *block = it->second;
    blocks_.erase(it);
    cached_ -= bytes;
    return block;
  }

  void give(void *block, size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cached_ + bytes <= kLimit) {
        blocks_.emplace(bytes, block);
        cached_ += bytes;
        return;
      }
    }
    std::free(block);
  }

  ~LargeBlockCache() {
    for (auto &[bytes, block] : blocks_)
      std::free(block);
  }

private:
  std::mutex mutex_;
  std::multimap<size_t, void *> blocks_;
  size_t cached_ = 0;
};

LargeBlockCache &largeBlocks() {
  // Never destroyed: arrays may outlive static destruction order.
  static auto *cache = new LargeBlockCache;
  return *cache;
}

/// Large blocks handed to compiled code by compiledMalloc, by address.
struct CompiledBlocks {
  std::mutex mutex;
  std::unordered_map<void *, size_t> sizes;
  /// sizes.size(), readable without the lock: while it is 0, a free is a
  /// plain free (the common case for small temporaries).
  std::atomic<size_t> count{0};
};

CompiledBlocks &compiledBlocks() {
  static auto *blocks = new CompiledBlocks;
  return *blocks;
}

/// malloc for compiled code (its temporaries): large blocks come from the
/// cache, like arrays', so a steady-state call does not page-fault them in.
void *compiledMalloc(size_t bytes) {
  if (bytes < LargeBlockCache::kMinimum)
    return std::malloc(bytes);
  size_t rounded = (bytes + 63) / 64 * 64;
  void *block = largeBlocks().take(rounded);
  if (!block && !(block = std::aligned_alloc(64, rounded)))
    return nullptr;
  CompiledBlocks &blocks = compiledBlocks();
  std::lock_guard<std::mutex> lock(blocks.mutex);
  blocks.sizes[block] = rounded;
  blocks.count.store(blocks.sizes.size(), std::memory_order_release);
  return block;
}

void compiledFree(void *block) {
  if (!block)
    return;
  CompiledBlocks &blocks = compiledBlocks();
  if (blocks.count.load(std::memory_order_acquire) != 0) {
    std::unique_lock<std::mutex> lock(blocks.mutex);
    if (auto it = blocks.sizes.find(block); it != blocks.sizes.end()) {
      size_t size = it->second;
      blocks.sizes.erase(it);
      blocks.count.store(blocks.sizes.size(), std::memory_order_release);
      lock.unlock();
      largeBlocks().give(block, size);
      return;
    }
  }
  std::free(block);
}

[[noreturn]] void outOfMemory(size_t bytes) {
  throw Error("tensorjit: out of host memory allocating " +
              std::to_string(bytes) + " bytes");
}

/// A buffer, zeroed unless `uninitialized`, 64-byte aligned (vector loads,
/// as MLIR's own allocations). Small buffers keep their reference count in
/// the same allocation; large ones come from (and return to) the cache.
std::shared_ptr<void> allocate(size_t bytes, bool uninitialized = false) {
  constexpr size_t kAlignment = 64;
  if (bytes >= LargeBlockCache::kMinimum) {
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    void *block = largeBlocks().take(rounded);
    if (!block && !(block = std::aligned_alloc(kAlignment, rounded)))
      outOfMemory(bytes);
    if (!uninitialized)
      std::memset(block, 0, bytes);
    return std::shared_ptr<void>(
        block, [rounded](void *p) { largeBlocks().give(p, rounded); });
  }
  std::shared_ptr<std::byte[]> block;
  try {
    block =
        uninitialized
            ? std::make_shared_for_overwrite<std::byte[]>(bytes + kAlignment)
            : std::make_shared<std::byte[]>(bytes + kAlignment);
  } catch (const std::bad_alloc &) {
    outOfMemory(bytes);
  }
  auto address = reinterpret_cast<uintptr_t>(block.get());
  auto *aligned = reinterpret_cast<std::byte *>((address + kAlignment - 1) /
                                                kAlignment * kAlignment);
  // Shares ownership of the block, points at its aligned part.
  return std::shared_ptr<void>(block, aligned);
}

int64_t elementCount(const Shape &shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size < 0)
      throw Error("tensorjit: negative size " + std::to_string(size) +
                  " in shape " + detail::shape_string(shape));
    count *= size;
  }
  return count;
}

} // namespace

namespace detail {

std::vector<std::pair<std::string, void *>> allocator_runtime_symbols() {
  return {{"malloc", reinterpret_cast<void *>(&compiledMalloc)},
          {"free", reinterpret_cast<void *>(&compiledFree)}};
}

} // namespace detail

Array::Array() : Array(DType::Float64, {}) {}
Array::Array(double value) : Array(DType::Float64, {}) {
  *data<double>() = value;
}
Array::Array(float value) : Array(DType::Float32, {}) {
  *data<float>() = value;
}
Array::Array(int value) : Array(DType::Int64, {}) { *data<int64_t>() = value; }
Array::Array(long value) : Array(DType::Int64, {}) { *data<int64_t>() = value; }
Array::Array(long long value) : Array(DType::Int64, {}) {
  *data<int64_t>() = value;
}
Array::Array(bool value) : Array(DType::Bool, {}) { *data<bool>() = value; }

Array::Array(DType dtype, Shape shape, bool zeroed)
    : dtype_(dtype), shape_(std::move(shape)), size_(elementCount(shape_)),
      data_(allocate(nbytes(), /*uninitialized=*/!zeroed)) {}

Array::Array(DType dtype, Shape shape)
    : Array(dtype, std::move(shape), /*zeroed=*/true) {}

Array Array::empty(DType dtype, Shape shape) {
  return Array(dtype, std::move(shape), /*zeroed=*/false);
}

void Array::check_access(DType requested) const {
  if (requested != dtype_)
    throw Error("Array::data: the array holds " +
                std::string(dtype_name(dtype_)) + ", not " +
                std::string(dtype_name(requested)));
}

int64_t Array::offset(std::initializer_list<int64_t> index) const {
  if (static_cast<int64_t>(index.size()) != ndim())
    throw Error("Array::at: " + std::to_string(index.size()) +
                " indices for an array of rank " + std::to_string(ndim()));
  int64_t flat = 0, axis = 0;
  for (int64_t i : index) {
    int64_t size = shape_[axis];
    if (i < -size || i >= size)
      throw Error("Array::at: index " + std::to_string(i) +
                  " is out of bounds for axis " + std::to_string(axis) +
                  " with size " + std::to_string(size));
    flat = flat * size + (i < 0 ? i + size : i);
    ++axis;
  }
  return flat;
}

double Array::element_as_double(int64_t flat) const {
  return detail::load_double(dtype_, raw_data(), flat);
}
int64_t Array::element_as_int(int64_t flat) const {
  return detail::load_int(dtype_, raw_data(), flat);
}

Array Array::astype(DType dtype) const {
  Array result = empty(dtype, shape_);
  detail::convert_elements(dtype_, raw_data(), dtype, result.raw_data(), size_);
  return result;
}

Array Array::copy() const {
  Array result = empty(dtype_, shape_);
  std::memcpy(result.raw_data(), raw_data(), nbytes());
  return result;
}

std::ostream &operator<<(std::ostream &os, const Array &array) {
  return os << array.str();
}

namespace detail {
Array array_from_doubles(DType dtype, Shape shape,
                         const std::vector<double> &values) {
  Array result(dtype, std::move(shape));
  for (size_t i = 0; i < values.size(); ++i)
    store_double(dtype, result.raw_data(), i, values[i]);
  return result;
}
} // namespace detail

Array zeros(Shape shape, DType dtype) { return Array(dtype, std::move(shape)); }
Array ones(Shape shape, DType dtype) {
  return full(std::move(shape), 1, dtype);
}
Array full(Shape shape, double value, DType dtype) {
  Array result(dtype, std::move(shape));
  for (int64_t i = 0; i < result.size(); ++i)
    detail::store_double(dtype, result.raw_data(), i, value);
  return result;
}

bool allclose(const Array &a, const Array &b, double rtol, double atol) {
  if (a.shape() != b.shape()) {
    // numpy broadcasts; tensorjit's allclose compares equal shapes or a
    // one-element array with anything.
    if (a.size() != 1 && b.size() != 1)
      return false;
  }
  int64_t n = std::max(a.size(), b.size());
  for (int64_t i = 0; i < n; ++i) {
    double x =
        detail::load_double(a.dtype(), a.raw_data(), a.size() == 1 ? 0 : i);
    double y =
        detail::load_double(b.dtype(), b.raw_data(), b.size() == 1 ? 0 : i);
    if (std::isinf(x) || std::isinf(y)) {
      if (x != y)
        return false;
      continue;
    }
    if (!(std::fabs(x - y) <= atol + rtol * std::fabs(y)))
      return false;
  }
  return true;
}

} // namespace tensorjit
