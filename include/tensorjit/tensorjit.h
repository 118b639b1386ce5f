//===- tensorjit.h - The tensorjit API --------------------------*- C++ -*-===//
//
//   #include <tensorjit/tensorjit.h>
//   namespace T = tensorjit;
//   using namespace tensorjit::literals;
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_TENSORJIT_H
#define TENSORJIT_TENSORJIT_H

#include "tensorjit/array.h"
#include "tensorjit/device.h"
#include "tensorjit/dtype.h"
#include "tensorjit/error.h"
#include "tensorjit/function.h"
#include "tensorjit/grad.h"
#include "tensorjit/random.h"
#include "tensorjit/shared.h"
#include "tensorjit/var.h"

#endif // TENSORJIT_TENSORJIT_H
