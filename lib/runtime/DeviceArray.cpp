//===- DeviceArray.cpp - Arrays in GPU memory -----------------------------===//

#include "lib/runtime/DeviceArray.h"

#include "jit/CudaRuntime.h"

#include "absl/strings/str_cat.h"

#include <functional>
#include <numeric>

namespace tensorjit {

namespace cuda = mlir::tj::cuda;

std::string Device::str() const {
  return is_cuda() ? absl::StrCat("cuda:", ordinal_) : "cpu";
}

int Device::cuda_device_count() {
  absl::StatusOr<int> count = cuda::deviceCount();
  return count.ok() ? *count : 0;
}

namespace detail {

namespace {
[[noreturn]] void fail(const std::string &what, const absl::Status &status) {
  throw Error(absl::StrCat(what, ": ", status.message()));
}
[[noreturn]] void fail(absl::FunctionRef<std::string()> what,
                       const absl::Status &status) {
  fail(what(), status);
}
} // namespace

void use_device(const Device &device, absl::FunctionRef<std::string()> what) {
  if (!device.is_cuda())
    return;
  if (device.ordinal() < 0)
    throw Error(absl::StrCat(what(), ": no CUDA device ", device.ordinal(),
                             " (ordinals start at 0)"));
  if (absl::Status status = cuda::setDevice(device.ordinal()); !status.ok())
    fail(what, status);
}

size_t DeviceArray::nbytes() const {
  return std::accumulate(shape_.begin(), shape_.end(), size_t{1},
                         std::multiplies<>()) *
         itemsize(dtype_);
}

DeviceArray DeviceArray::empty(int ordinal, DType dtype, Shape shape) {
  DeviceArray array;
  array.dtype_ = dtype;
  array.shape_ = std::move(shape);
  array.ordinal_ = ordinal;
  auto what = [&] {
    return absl::StrCat("allocating a ", std::string(dtype_name(dtype)),
                        " array on cuda:", ordinal);
  };
  use_device(Device::cuda(ordinal), what);
  absl::StatusOr<void *> pointer = cuda::allocate(ordinal, array.nbytes());
  if (!pointer.ok())
    fail(what, pointer.status());
  array.data_ = std::shared_ptr<void>(
      *pointer, [ordinal](void *p) { cuda::release(ordinal, p); });
  return array;
}

DeviceArray DeviceArray::from_host(int ordinal, const Array &host) {
  DeviceArray array = empty(ordinal, host.dtype(), host.shape());
  if (absl::Status status = cuda::copyToDevice(ordinal, array.data(),
                                               host.raw_data(), host.nbytes());
      !status.ok())
    fail(absl::StrCat("copying an array to cuda:", ordinal), status);
  return array;
}

Array DeviceArray::to_host() const {
  Array host = Array::empty(dtype_, shape_);
  if (absl::Status status =
          cuda::copyToHost(ordinal_, host.raw_data(), data(), nbytes());
      !status.ok())
    fail(absl::StrCat("copying an array from cuda:", ordinal_), status);
  return host;
}

} // namespace detail
} // namespace tensorjit
