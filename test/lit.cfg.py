# lit configuration for tensorjit's FileCheck tests.
import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "tensorjit"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tensorjit_binary_dir, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.tensorjit_tools_dir,
                             append_path=True)

# mlir-runner needs the runner support libraries to print results.
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_c_runner_utils.so")))
# The runtime functions compiled code calls (the BLAS, tj-linalg-to-blas).
config.substitutions.append(
    ("%tensorjit_runtime",
     os.path.join(config.tensorjit_binary_dir, "lib",
                  "libtensorjit_runtime.so")))
llvm_config.add_tool_substitutions(
    ["tensorjit-opt", "mlir-runner", "FileCheck", "not", "count"],
    [config.tensorjit_tools_dir, config.llvm_tools_dir])

# %memcheck runs our passes' tests under valgrind's memcheck where it is
# installed: libMLIR and libLLVM are not built with AddressSanitizer, so a
# pass that reads an op it erased goes unseen under ASan. A sanitized build
# (the asan preset) runs them plainly: valgrind cannot run ASan binaries.
valgrind = shutil.which("valgrind")
if valgrind and "-fsanitize" not in config.cxx_flags:
    config.substitutions.append(
        ("%memcheck", valgrind + " -q --error-exitcode=99"))
else:
    config.substitutions.append(("%memcheck", ""))

# GPU compilation (test/gpu) needs libdevice; checking the PTX with the
# toolkit's assembler needs ptxas. Neither needs a GPU.
if config.libdevice:
    config.available_features.add("libdevice")
ptxas = shutil.which("ptxas", path=os.pathsep.join(
    [os.environ.get("PATH", ""),
     os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
         config.libdevice or "/usr/local/cuda/nvvm/libdevice"))), "bin"),
     "/usr/local/cuda/bin"]))
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
config.substitutions.append(
    ("%extract_ptx", os.path.join(config.test_source_root, "gpu",
                                  "extract-ptx.py")))
# The GoogleTest binaries (test/gpu runs them to dump the IR they compile).
config.substitutions.append(
    ("%unit_tests", os.path.join(config.tensorjit_binary_dir, "test", "unit")))
