//===- Engine.cpp - JIT compilation of host code (CPU, GPU launches) -----===//

#include "jit/Engine.h"

#include "dialects/tj/TjDialect.h"
#include "jit/CompileCache.h"
#include "jit/CudaRuntime.h"
#include "jit/ModuleParts.h"
#include "jit/Pipeline.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/ExecutionEngine/JITEventListener.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/SystemLibraries.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <system_error>
#include <thread>

using namespace mlir;

namespace {

/// The PTX of every kernel module (gpu.binary objects in "isa" format).
std::string kernelAssembly(ModuleOp module) {
  std::string all;
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute attribute : binary.getObjects())
      if (auto object = dyn_cast<gpu::ObjectAttr>(attribute))
        absl::StrAppend(&all, "// gpu.binary @", binary.getName().str(), "\n",
                        object.getObject().getValue().str(), "\n");
  });
  return all;
}

std::string print(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

/// A target machine for this CPU with all its features (AVX2, AVX-512...).
absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> hostTargetMachine() {
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return absl::InternalError(llvm::toString(builder.takeError()));
  builder->setCPU(llvm::sys::getHostCPUName().str());
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.getKey(), feature.getValue());
  builder->addFeatures(features.getFeatures());
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return absl::InternalError(llvm::toString(machine.takeError()));
  return std::move(*machine);
}

/// Whether this CPU has AVX-512: compiled code then prefers 512-bit
/// vectors and calls libmvec's AVX-512 variants (glibc's exp takes 2.0 ns
/// an element there against 3.6 in its AVX2 variant on the machines of
/// RESULTS.md).
bool hostHasAvx512() {
  static const bool has = [] {
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    auto avx512 = features.find("avx512f");
    return avx512 != features.end() && avx512->second;
  }();
  return has;
}

#define TJ_VECFUNC_ARGS(scalar, vector, width, args)                           \
  {                                                                            \
    scalar, vector, llvm::ElementCount::getFixed(width), false,                \
        "_ZGV_LLVM_N" #width args, std::nullopt                                \
  }
#define TJ_VECFUNC(scalar, vector, width)                                      \
  TJ_VECFUNC_ARGS(scalar, vector, width, "v")

/// libmvec functions LLVM's own table lacks (glibc >= 2.35 has them): SSE
/// and AVX2 variants of tanh, log1p and expm1 in f64 and f32, for the libm
/// calls and, for tanh, also for the intrinsic that convert-math-to-llvm
/// emits (a loop of llvm.tanh would otherwise call scalar tanh per lane).
llvm::ArrayRef<llvm::VecDesc> extraLibmvecFunctions() {
#define TJ_VECFUNCS(scalar, name)                                              \
  TJ_VECFUNC(scalar, "_ZGVbN2v_" name, 2),                                     \
      TJ_VECFUNC(scalar, "_ZGVdN4v_" name, 4),                                 \
      TJ_VECFUNC(scalar "f", "_ZGVbN4v_" name "f", 4),                         \
      TJ_VECFUNC(scalar "f", "_ZGVdN8v_" name "f", 8)
  static const llvm::VecDesc functions[] = {
      TJ_VECFUNCS("tanh", "tanh"),
      TJ_VECFUNCS("log1p", "log1p"),
      TJ_VECFUNCS("expm1", "expm1"),
      TJ_VECFUNC("llvm.tanh.f64", "_ZGVbN2v_tanh", 2),
      TJ_VECFUNC("llvm.tanh.f64", "_ZGVdN4v_tanh", 4),
      TJ_VECFUNC("llvm.tanh.f32", "_ZGVbN4v_tanhf", 4),
      TJ_VECFUNC("llvm.tanh.f32", "_ZGVdN8v_tanhf", 8),
  };
#undef TJ_VECFUNCS
  return functions;
}

/// libmvec's AVX-512 variants (8 doubles, 16 floats), none of which LLVM's
/// table has: for the libm calls and the intrinsics both.
llvm::ArrayRef<llvm::VecDesc> avx512LibmvecFunctions() {
#define TJ_AVX512(name)                                                        \
  TJ_VECFUNC(name, "_ZGVeN8v_" name, 8),                                       \
      TJ_VECFUNC(name "f", "_ZGVeN16v_" name "f", 16)
#define TJ_AVX512_BOTH(name)                                                   \
  TJ_AVX512(name), TJ_VECFUNC("llvm." name ".f64", "_ZGVeN8v_" name, 8),       \
      TJ_VECFUNC("llvm." name ".f32", "_ZGVeN16v_" name "f", 16)
  static const llvm::VecDesc functions[] = {
      TJ_AVX512_BOTH("exp"),
      TJ_AVX512_BOTH("log"),
      TJ_AVX512_BOTH("sin"),
      TJ_AVX512_BOTH("cos"),
      TJ_AVX512_BOTH("tan"),
      TJ_AVX512_BOTH("tanh"),
      TJ_AVX512("log1p"),
      TJ_AVX512("expm1"),
      TJ_VECFUNC_ARGS("pow", "_ZGVeN8vv_pow", 8, "vv"),
      TJ_VECFUNC_ARGS("llvm.pow.f64", "_ZGVeN8vv_pow", 8, "vv"),
      TJ_VECFUNC_ARGS("powf", "_ZGVeN16vv_powf", 16, "vv"),
      TJ_VECFUNC_ARGS("llvm.pow.f32", "_ZGVeN16vv_powf", 16, "vv"),
  };
#undef TJ_AVX512_BOTH
#undef TJ_AVX512
  return functions;
}
#undef TJ_VECFUNC
#undef TJ_VECFUNC_ARGS

/// The libm functions compiled code may call (convert-math-to-libm).
bool isPureLibm(llvm::StringRef name) {
  static const llvm::StringSet<> names = {
      "tanh", "tanhf", "log1p", "log1pf", "expm1", "expm1f", "exp",
      "expf", "log",   "logf",  "sin",    "sinf",  "cos",    "cosf",
      "tan",  "tanf",  "atan",  "atanf",  "atan2", "atan2f", "erf",
      "erff", "cbrt",  "cbrtf", "pow",    "powf",  "round",  "roundf"};
  return names.contains(name);
}

/// glibc's vector math library, loaded into the process once: what the
/// optimizer below vectorizes calls to, and what the objects then call.
bool loadLibmvec() {
  static const bool loaded =
      !llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1");
  return loaded;
}

/// LLVM's O3 for `machine`, with glibc's vector math library (libmvec)
/// known to the vectorizer: loops calling exp, log, sin, ... vectorize to
/// its _ZGV* functions, which the JIT finds in the loaded libmvec. On a CPU
/// with AVX-512 the functions prefer 512-bit vectors (LLVM's tuning for
/// these CPUs prefers 256) and the AVX-512 variants are known. The
/// optimized module is printed into `optimized` unless it is null.
void optimize(llvm::Module &module, llvm::TargetMachine &machine,
              std::string *optimized) {
  llvm::PassBuilder builder(&machine, llvm::PipelineTuningOptions());
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::TargetLibraryInfoImpl library(machine.getTargetTriple());
  if (loadLibmvec()) {
    library.addVectorizableFunctionsFromVecLib(llvm::VectorLibrary::LIBMVEC,
                                               machine.getTargetTriple());
    library.addVectorizableFunctions(extraLibmvecFunctions());
    if (hostHasAvx512())
      library.addVectorizableFunctions(avx512LibmvecFunctions());
  }
  if (hostHasAvx512())
    for (llvm::Function &function : module)
      if (!function.isDeclaration())
        function.addFnAttr("prefer-vector-width", "512");
  // Compiled code never reads errno: the libm functions it calls are
  // pure, which lets the vectorizer replace them.
  for (llvm::Function &function : module)
    if (function.isDeclaration() && isPureLibm(function.getName())) {
      function.setDoesNotAccessMemory();
      function.setDoesNotThrow();
      function.setWillReturn();
    }
  // Registered first, so the default registration below keeps it.
  functions.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, modules);
  if (optimized) {
    llvm::raw_string_ostream os(*optimized);
    module.print(os, nullptr);
  }
}

/// The functions an object defines for Executable, which calls them.
constexpr llvm::StringLiteral kInit = "__tj_init", kFini = "__tj_fini",
                              kPacked = "__tj_packed";

/// The functions of the module's `llvm.global_ctors` or `_dtors` array
/// `name`, in the order they run (ascending priority), the array removed.
std::vector<llvm::Function *> takeStructors(llvm::Module &module,
                                            llvm::StringRef name) {
  llvm::GlobalVariable *array = module.getNamedGlobal(name);
  if (!array)
    return {};
  std::vector<std::pair<uint64_t, llvm::Function *>> entries;
  if (auto *elements =
          llvm::dyn_cast_or_null<llvm::ConstantArray>(array->getInitializer()))
    for (llvm::Value *element : elements->operand_values()) {
      auto *entry = llvm::cast<llvm::ConstantStruct>(element);
      auto *priority = llvm::cast<llvm::ConstantInt>(entry->getOperand(0));
      if (auto *function = llvm::dyn_cast<llvm::Function>(
              entry->getOperand(1)->stripPointerCasts()))
        entries.emplace_back(priority->getZExtValue(), function);
    }
  array->eraseFromParent();
  std::stable_sort(entries.begin(), entries.end(),
                   [](auto &a, auto &b) { return a.first < b.first; });
  std::vector<llvm::Function *> functions;
  for (auto &[priority, function] : entries)
    functions.push_back(function);
  return functions;
}

/// Defines `void name()` calling `callees` in order.
void defineCaller(llvm::Module &module, llvm::StringRef name,
                  llvm::ArrayRef<llvm::Function *> callees) {
  llvm::LLVMContext &context = module.getContext();
  auto *caller = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), false),
      llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", caller));
  for (llvm::Function *callee : callees)
    builder.CreateCall(callee);
  builder.CreateRetVoid();
}

/// Adds `void kPacked(void **args)`, which calls `name` with `*args[i]` as
/// its i-th argument: what Executable::invoke passes.
absl::Status definePacked(llvm::Module &module, llvm::StringRef name) {
  llvm::Function *function = module.getFunction(name);
  if (!function || function->isDeclaration() ||
      !function->getReturnType()->isVoidTy())
    return absl::InternalError(absl::StrCat(
        "tensorjit internal error: compiled code has no ", name.str()));
  llvm::LLVMContext &context = module.getContext();
  auto *pointer = llvm::PointerType::get(context, 0);
  auto *packed = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), {pointer}, false),
      llvm::GlobalValue::ExternalLinkage, kPacked, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", packed));
  llvm::SmallVector<llvm::Value *> arguments;
  for (llvm::Argument &parameter : function->args()) {
    llvm::Value *slot = builder.CreateConstGEP1_64(pointer, packed->getArg(0),
                                                   parameter.getArgNo());
    arguments.push_back(builder.CreateLoad(parameter.getType(),
                                           builder.CreateLoad(pointer, slot)));
  }
  builder.CreateCall(function, arguments);
  builder.CreateRetVoid();
  return absl::OkStatus();
}

/// The host CPU's data layout (every object is compiled for it).
absl::StatusOr<llvm::DataLayout> hostDataLayout() {
  static const absl::StatusOr<llvm::DataLayout> layout =
      []() -> absl::StatusOr<llvm::DataLayout> {
    auto machine = hostTargetMachine();
    if (!machine.ok())
      return machine.status();
    return (*machine)->createDataLayout();
  }();
  return layout;
}

/// The code generator of ORC's IR layer, which Executable never uses: it
/// links objects only (and so builds no target machine for it).
struct ObjectsOnly : llvm::orc::IRCompileLayer::IRCompiler {
  ObjectsOnly() : IRCompiler(llvm::orc::IRSymbolMapper::ManglingOptions()) {}
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
  operator()(llvm::Module &) override {
    return llvm::createStringError("tensorjit's JIT links objects only");
  }
};

absl::Status jitError(llvm::StringRef what, llvm::Error error) {
  return absl::InternalError(
      absl::StrCat("tensorjit internal error: ", what.str(), ": ",
                   llvm::toString(std::move(error))));
}

/// Runs `build`'s passes on `module`, collecting diagnostics on failure.
absl::Status runPasses(ModuleOp module,
                       llvm::function_ref<void(OpPassManager &)> build,
                       const char *what) {
  PassManager pm(module.getContext());
  build(pm);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &d) {
    absl::StrAppend(&diagnostics, "\n  ", d.str());
    return success();
  });
  if (failed(pm.run(module)))
    return absl::InternalError(absl::StrCat("tensorjit internal error: ", what,
                                            " failed", diagnostics));
  return absl::OkStatus();
}

} // namespace

namespace mlir::tj {

MLIRContext &compileContext() {
  static MLIRContext *context = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    registerAllToLLVMIRTranslations(registry);
    registry.insert<TjDialect>();
    auto *created = new MLIRContext(registry);
    // The dialects lib/emit builds; the passes load the others they make
    // (their dependent dialects) when they run. Loading every registered
    // dialect took 13 to 18 ms, paid by each process's first compile.
    created->loadDialect<TjDialect, func::FuncDialect, arith::ArithDialect,
                         tensor::TensorDialect,
                         bufferization::BufferizationDialect,
                         memref::MemRefDialect>();
    // Compiles are serialized by compileMutex(): no thread pool needed
    // (tj-gpu-serialize turns one on while it compiles a GPU function's
    // kernel modules in parallel, under that lock).
    created->disableMultithreading();
    return created;
  }();
  return *context;
}

std::mutex &compileMutex() {
  static std::mutex mutex;
  return mutex;
}

Executable::~Executable() {
  // Unloads the kernels (the module's global destructors).
  if (fini_)
    fini_();
}

namespace {

/// The most threads a compile's LLVM half runs on.
size_t compileThreads() {
  static const size_t threads =
      std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  return threads;
}

/// The size (LLVM instructions, before optimization) from which a module
/// is compiled in parts: the LR training step has 879, its cost function
/// 439, exp(x) + 1 32. A part costs a thread, a copy of the module and a
/// bitcode round trip, about a millisecond.
constexpr size_t kMinInstructionsToSplit = 300;

/// LLVM's optimization (printed into `optimized` unless null) and code
/// generation of `module` for `machine`: an object.
absl::StatusOr<std::string> compilePart(llvm::Module &module,
                                        llvm::TargetMachine &machine,
                                        std::string *optimized) {
  optimize(module, machine, optimized);
  llvm::orc::SimpleCompiler compiler(machine);
  auto object = compiler(module);
  if (!object)
    return jitError("code generation failed", object.takeError());
  return (*object)->getBuffer().str();
}

/// The passes from tj to the LLVM dialect, then LLVM's: the host objects
/// (one per part the module was compiled in), with the IR of each stage in
/// `ir` (whose `tj` is set).
absl::StatusOr<std::vector<std::string>> buildObjects(ModuleOp module,
                                                      const std::string &symbol,
                                                      const Target &target,
                                                      StageIR &ir) {
  CpuPipelineOptions options;
  // The signature makes every size-1 dimension a static 1 (Signature in
  // lib/emit/Emit.h), so no dynamic size is a broadcast 1.
  options.assumeNoRuntimeBroadcast = true;
  if (target.cuda || target.gpuLoopsOnCpu)
    options.mrgDrawsPerThread = target.gpu.mrgDrawsPerThread;
  if (absl::Status status = runPasses(
          module,
          [&](OpPassManager &pm) { buildTjFusionPipeline(pm, options); },
          "optimizing the tj graph");
      !status.ok())
    return status;
  ir.fused = print(module);
  if (absl::Status status = runPasses(
          module,
          [&](OpPassManager &pm) { buildTjLoweringPipeline(pm, options); },
          "lowering to linalg");
      !status.ok())
    return status;
  ir.linalg = print(module);
  module->walk([&](func::FuncOp function) {
    if (auto names = function->getAttrOfType<ArrayAttr>("tj.rewrites"))
      for (Attribute name : names)
        ir.rewrites.push_back(cast<StringAttr>(name).getValue().str());
  });
  if (absl::Status status = runPasses(
          module,
          [&](OpPassManager &pm) {
            if (target.cuda) {
              GpuTargetOptions gpu = target.gpu;
              gpu.compileThreads = compileThreads();
              buildLinalgToGpuPipeline(pm, gpu);
            } else if (target.gpuLoopsOnCpu) {
              buildGpuLoopsOnCpuPipeline(pm, target.gpu);
            } else {
              buildLinalgToLLVMPipeline(pm);
            }
          },
          target.cuda ? "lowering to GPU kernels" : "lowering to LLVM");
      !status.ok())
    return status;
  ir.llvm = print(module);
  if (target.cuda)
    ir.ptx = kernelAssembly(module);

  auto machine = hostTargetMachine();
  if (!machine.ok())
    return machine.status();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return absl::InternalError(
        "tensorjit internal error: translating to LLVM IR failed");
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  // ORC runs no constructors of an object it links: the ones that load the
  // kernels run from kInit, the ones that unload them from kFini.
  defineCaller(*llvmModule, kInit,
               takeStructors(*llvmModule, "llvm.global_ctors"));
  defineCaller(*llvmModule, kFini,
               takeStructors(*llvmModule, "llvm.global_dtors"));
  if (absl::Status status = definePacked(*llvmModule, "_mlir_ciface_" + symbol);
      !status.ok())
    return status;

  // A large module compiles in parts, each on a thread with its own
  // context (jit/ModuleParts.h); this thread compiles the first.
  std::vector<std::string> parts =
      splitOffParts(*llvmModule, compileThreads(), kMinInstructionsToSplit);
  std::vector<absl::StatusOr<std::string>> objects(parts.size() + 1);
  std::vector<std::string> optimized(parts.size() + 1);
  auto keep = [&](size_t part) {
    return target.keepOptimizedIR ? &optimized[part] : nullptr;
  };
  {
    auto compileSplitOff = [&](size_t part) {
      llvm::LLVMContext context;
      auto module = llvm::parseBitcodeFile(
          llvm::MemoryBufferRef(parts[part - 1], symbol), context);
      if (!module) {
        objects[part] =
            jitError("reading a part of the module", module.takeError());
        return;
      }
      auto machine = hostTargetMachine();
      objects[part] = machine.ok()
                          ? compilePart(**module, **machine, keep(part))
                          : machine.status();
    };
    std::vector<std::thread> workers;
    size_t started = 0;
    // A thread that cannot start leaves its part and the rest to this one.
    try {
      for (; started < parts.size(); ++started)
        workers.emplace_back(compileSplitOff, started + 1);
    } catch (const std::system_error &) {
    }
    objects[0] = compilePart(*llvmModule, **machine, keep(0));
    for (size_t part = started + 1; part <= parts.size(); ++part)
      compileSplitOff(part);
    for (std::thread &worker : workers)
      worker.join();
  }
  std::vector<std::string> built;
  for (auto [part, object] : llvm::enumerate(objects)) {
    if (!object.ok())
      return object.status();
    built.push_back(std::move(*object));
    if (target.keepOptimizedIR) {
      if (part)
        absl::StrAppend(&ir.optimized, "\n; part ", part, "\n");
      ir.optimized += optimized[part];
    }
  }
  return built;
}

/// A new JIT that has linked `objects` against the runtime's symbols and the
/// process's (libmvec among them).
absl::StatusOr<std::unique_ptr<llvm::orc::LLJIT>>
linkObjects(const std::vector<std::string> &objects, const std::string &label,
            const Executable::RuntimeSymbols &runtime) {
  absl::StatusOr<llvm::DataLayout> layout = hostDataLayout();
  if (!layout.ok())
    return layout.status();
  loadLibmvec();
  auto jit =
      llvm::orc::LLJITBuilder()
          .setDataLayout(*layout)
          .setPlatformSetUp(llvm::orc::setUpInactivePlatform)
          .setLinkProcessSymbolsByDefault(false)
          .setCompileFunctionCreator(
              [](llvm::orc::JITTargetMachineBuilder)
                  -> llvm::Expected<
                      std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                return std::make_unique<ObjectsOnly>();
              })
          .setObjectLinkingLayerCreator(
              [](llvm::orc::ExecutionSession &session)
                  -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
                auto layer =
                    std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                        session, [](const llvm::MemoryBuffer &) {
                          return std::make_unique<llvm::SectionMemoryManager>();
                        });
                // perf sees the compiled functions where LLVM supports it.
                if (llvm::JITEventListener *perf =
                        llvm::JITEventListener::createPerfJITEventListener())
                  layer->registerJITEventListener(*perf);
                return layer;
              })
          .create();
  if (!jit)
    return jitError("creating the JIT failed", jit.takeError());
  llvm::orc::JITDylib &main = (*jit)->getMainJITDylib();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      layout->getGlobalPrefix());
  if (!process)
    return jitError("searching the process failed", process.takeError());
  main.addGenerator(std::move(*process));
  llvm::orc::MangleAndInterner interner((*jit)->getExecutionSession(), *layout);
  llvm::orc::SymbolMap symbols;
  for (const auto &[name, address] : runtime)
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                               llvm::JITSymbolFlags::Exported};
  if (llvm::Error error = main.define(llvm::orc::absoluteSymbols(symbols)))
    return jitError("defining the runtime's symbols failed", std::move(error));
  for (const std::string &object : objects)
    if (llvm::Error error = (*jit)->addObjectFile(
            llvm::MemoryBuffer::getMemBufferCopy(object, label)))
      return jitError("linking the compiled code failed", std::move(error));
  return std::move(*jit);
}

} // namespace

absl::StatusOr<std::unique_ptr<Executable>>
Executable::compile(OwningOpRef<ModuleOp> module, const std::string &symbol,
                    const RuntimeSymbols &runtime, const Target &target) {
  if (target.cuda && !llvm::sys::fs::exists(target.gpu.libdevice))
    return absl::FailedPreconditionError(absl::StrCat(
        "compiling for CUDA needs libdevice (the CUDA toolkit's "
        "nvvm/libdevice/libdevice.10.bc), not found at '",
        target.gpu.libdevice, "': set TENSORJIT_LIBDEVICE to its path"));
  std::unique_ptr<Executable> executable(new Executable);
  StageIR &ir = executable->ir_;
  ir.tj = print(*module);

  std::string key = target.cacheDir.empty() || target.keepOptimizedIR
                        ? std::string()
                        : compileCacheKey(ir.tj, symbol, target);
  std::vector<std::string> objects;
  if (!key.empty())
    if (std::optional<CachedCompile> cached = loadCompile(target.cacheDir, key);
        cached && cached->ir.tj == ir.tj) {
      objects = std::move(cached->objects);
      ir = std::move(cached->ir);
      executable->fromCache_ = true;
    }
  if (objects.empty()) {
    absl::StatusOr<std::vector<std::string>> built =
        buildObjects(*module, symbol, target, ir);
    if (!built.ok())
      return built.status();
    objects = std::move(*built);
    if (!key.empty())
      storeCompile(target.cacheDir, key, objects, ir, target.cacheMaxBytes);
  }

  absl::StatusOr<std::unique_ptr<llvm::orc::LLJIT>> jit =
      linkObjects(objects, symbol, runtime);
  if (!jit.ok())
    return jit.status();
  std::array<void *, 3> addresses;
  for (auto [name, address] : llvm::zip_equal(
           std::array<llvm::StringRef, 3>{kPacked, kInit, kFini}, addresses)) {
    auto found = (*jit)->lookup(name);
    if (!found)
      return jitError(absl::StrCat("compiled code has no ", name.str()),
                      found.takeError());
    address = found->toPtr<void *>();
  }
  executable->jit_ = std::move(*jit);
  executable->entry_ = reinterpret_cast<void (*)(void **)>(addresses[0]);
  // The destructors run when the executable goes, even if loading fails.
  executable->fini_ = reinterpret_cast<void (*)()>(addresses[2]);
  // The constructors load the kernels (mgpuModuleLoadJIT); the driver's
  // complaints are recorded, not thrown.
  reinterpret_cast<void (*)()>(addresses[1])();
  if (target.cuda)
    if (absl::Status loaded = cuda::takeLaunchError(); !loaded.ok())
      return loaded;
  return executable;
}

} // namespace mlir::tj
