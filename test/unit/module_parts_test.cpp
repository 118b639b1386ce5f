//===- module_parts_test.cpp - Splitting a module to compile in parallel --===//
//
// jit/ModuleParts: which functions and globals go to which part, what the
// parts declare of each other, and when nothing is split. The compiled
// code of split modules is checked by every test of a large function (the
// LR training step and the others of threads_test and training_test).
//
//===----------------------------------------------------------------------===//

#include "jit/ModuleParts.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

/// A step calling an inlinable helper, a function of its own module
/// (local) and, not to be inlined, a loop over a local table.
constexpr const char *kModule = R"(
@table = internal constant [4 x double] [double 1.0, double 2.0, double 3.0, double 4.0]
@shared = global double 0.0

define internal double @local(double %x) {
  %y = fmul double %x, %x
  ret double %y
}

define double @helper(double %x) {
  %y = fadd double %x, 1.0
  ret double %y
}

define void @loop(ptr %p, i64 %n) noinline {
entry:
  br label %body
body:
  %i = phi i64 [ 0, %entry ], [ %next, %body ]
  %slot = getelementptr double, ptr %p, i64 %i
  %v = load double, ptr %slot
  %k = and i64 %i, 3
  %entry.t = getelementptr [4 x double], ptr @table, i64 0, i64 %k
  %t = load double, ptr %entry.t
  %w = fmul double %v, %t
  %s = load double, ptr @shared
  %u = fadd double %w, %s
  store double %u, ptr %slot
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %body
exit:
  ret void
}

define void @step(ptr %p, i64 %n) {
  call void @loop(ptr %p, i64 %n)
  %v = load double, ptr %p
  %a = call double @helper(double %v)
  %b = call double @local(double %a)
  %c = fadd double %b, %v
  store double %c, ptr %p
  ret void
}
)";

std::unique_ptr<llvm::Module> parse(llvm::LLVMContext &context,
                                    const char *text = kModule) {
  llvm::SMDiagnostic error;
  auto module = llvm::parseAssemblyString(text, error, context);
  if (!module)
    ADD_FAILURE() << error.getMessage().str();
  return module;
}

/// The names of the functions and variables `module` defines.
std::set<std::string> defined(const llvm::Module &module) {
  std::set<std::string> names;
  for (const llvm::GlobalValue &global : module.global_values())
    if (!global.isDeclaration())
      names.insert(global.getName().str());
  return names;
}

bool verifies(const llvm::Module &module) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  bool broken = llvm::verifyModule(module, &os);
  EXPECT_FALSE(broken) << errors;
  return !broken;
}

TEST(ModuleParts, EachGroupGoesToOnePartAndTheOthersDeclareIt) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = parse(context);
  ASSERT_TRUE(module);
  // Three threads, but two groups: two parts.
  std::vector<std::string> parts = mlir::tj::splitOffParts(*module, 3, 10);
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_TRUE(verifies(*module));

  llvm::LLVMContext otherContext;
  auto other = llvm::parseBitcodeFile(llvm::MemoryBufferRef(parts[0], "part"),
                                      otherContext);
  ASSERT_TRUE(bool(other)) << llvm::toString(other.takeError());
  ASSERT_TRUE(verifies(**other));

  // The step with what it inlines or uses locally; the noinline loop with
  // its local table. @shared, defined once, goes with either.
  std::set<std::string> first = defined(*module), second = defined(**other);
  std::set<std::string> step = {"step", "helper", "local"};
  std::set<std::string> loop = {"loop", "table"};
  bool stepFirst = first.count("step");
  std::set<std::string> &withStep = stepFirst ? first : second;
  std::set<std::string> &withLoop = stepFirst ? second : first;
  for (const std::string &name : step)
    EXPECT_TRUE(withStep.count(name)) << name;
  for (const std::string &name : loop)
    EXPECT_TRUE(withLoop.count(name)) << name;
  EXPECT_EQ(first.count("shared") + second.count("shared"), 1u);
  for (const std::string &name : first)
    EXPECT_FALSE(second.count(name)) << name << " is defined twice";

  // Each part declares what it calls or reads in the other, externally.
  const llvm::Module &stepPart = stepFirst ? *module : **other;
  const llvm::Function *loopDeclaration = stepPart.getFunction("loop");
  ASSERT_NE(loopDeclaration, nullptr);
  EXPECT_TRUE(loopDeclaration->isDeclaration());
  EXPECT_TRUE(loopDeclaration->hasExternalLinkage());
}

TEST(ModuleParts, ASmallModuleIsNotSplit) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = parse(context);
  ASSERT_TRUE(module);
  std::set<std::string> before = defined(*module);
  EXPECT_TRUE(mlir::tj::splitOffParts(*module, 2, 1000).empty());
  EXPECT_TRUE(mlir::tj::splitOffParts(*module, 1, 10).empty());
  EXPECT_EQ(defined(*module), before);
}

TEST(ModuleParts, FunctionsSharingALocalThroughAConstantStayTogether) {
  // Both read @table[1] through the same constant expression.
  constexpr const char *kSharing = R"(
@table = internal constant [4 x double] [double 1.0, double 2.0, double 3.0, double 4.0]

define double @first(double %x) noinline {
  %t = load double, ptr getelementptr inbounds ([4 x double], ptr @table, i64 0, i64 1)
  %y = fmul double %x, %t
  ret double %y
}

define double @second(double %x) noinline {
  %t = load double, ptr getelementptr inbounds ([4 x double], ptr @table, i64 0, i64 1)
  %y = fadd double %x, %t
  ret double %y
}
)";
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = parse(context, kSharing);
  ASSERT_TRUE(module);
  EXPECT_TRUE(mlir::tj::splitOffParts(*module, 2, 1).empty());
  EXPECT_EQ(defined(*module),
            (std::set<std::string>{"first", "second", "table"}));
}

TEST(ModuleParts, OneGroupIsNotSplit) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = parse(context);
  ASSERT_TRUE(module);
  // Inlinable, the loop belongs with the step.
  module->getFunction("loop")->removeFnAttr(llvm::Attribute::NoInline);
  std::set<std::string> before = defined(*module);
  EXPECT_TRUE(mlir::tj::splitOffParts(*module, 2, 10).empty());
  EXPECT_EQ(defined(*module), before);
}

} // namespace
