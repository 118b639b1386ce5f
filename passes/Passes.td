//===- Passes.td - tensorjit passes ----------------------------*- tablegen -*-===//

#ifndef TENSORJIT_PASSES
#define TENSORJIT_PASSES

include "mlir/Pass/PassBase.td"

def TjLowerToLinalg : Pass<"tj-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower the tj dialect to linalg, tensor, arith and math";
  let description = [{
    Every tj op becomes linalg, tensor, arith or math ops on tensors with the
    same (static or dynamic) shapes. Elementwise ops become one
    `linalg.generic` whose indexing maps broadcast static size-1 dimensions.
    A dynamic dimension that may be 1 at run time while the result's is not
    is broadcast at run time: the operand is read with `tensor.extract` at
    index 0 where its size is 1. `tj.grad` must be expanded by `tj-autodiff`
    first; the pass reports it as an error.

    `!tj.rng` values become their storage tensors. mrg31k3p draws are
    generated inline (`scf.for` over the streams); mt19937 draws call the
    runtime's `tj_rt_mt19937_<op>` on buffers (`bufferization.to_buffer`,
    `memref.alloc`, `bufferization.to_tensor restrict writable`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"assumeNoRuntimeBroadcast", "assume-no-runtime-broadcast", "bool",
           /*default=*/"false",
           "Assume a dynamic dimension is never a broadcast size 1 (the JIT "
           "guarantees it by compiling size-1 dimensions as static 1), so "
           "dynamic sizes in one position are equal and need no run-time "
           "broadcasting">,
    Option<"mrgDrawsPerThread", "mrg-draws-per-thread", "int64_t",
           /*default=*/"0",
           "MRG31k3p: each iteration of the loop over streams draws this "
           "many of a stream's numbers, from its state jumped ahead by "
           "matrix powers (the same bits; for a GPU's threads); 0 draws all "
           "of a stream's numbers in one iteration">
  ];
}

def TjAutodiff : Pass<"tj-autodiff", "::mlir::func::FuncOp"> {
  let summary = "Replace tj.grad with the adjoint graph (reverse mode)";
  let description = [{
    For each cost that tj.grad ops differentiate, builds one backward sweep
    over the ops the cost depends on, in reverse order, from each op's
    VJPOpInterface rule; cotangents are summed back over broadcast
    dimensions (`unbroadcast`) and accumulated where a value has several
    uses. Every tj.grad of that cost is replaced by its operand's adjoint.
    Grads are expanded in program order, so a grad of a gradient
    differentiates the already expanded inner sweep. Integer values carry no
    gradient: a tj.grad whose `wrt` gets no adjoint (the cost reaches it
    only through integers, floor, ceil, round, comparisons or argmax, or not
    at all) is zeros shaped like `wrt`. T::grad refuses a `wrt` that is not
    among the cost's ancestors; here canonicalization may have dropped it
    (a select of a constant condition).

    Broadcasting must be static, as the JIT emits it: an operand that is
    broadcast has the size-1 dimension as a static 1 in its type. A dynamic
    dimension that is 1 at run time while the result's is not (which
    tj-lower-to-linalg would broadcast at run time) is not summed back.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def TjStabilize : Pass<"tj-stabilize", "::mlir::func::FuncOp"> {
  let summary = "Rewrite numerically unstable expressions (Theano's stabilize)";
  let description = [{
    - `1 / (1 + exp(a))` -> `sigmoid(-a)` (the seed's logistic function),
    - `log(sigmoid(x))` -> `-softplus(-x)`,
    - `log(1 - sigmoid(x))` -> `-softplus(x)`,
    - `log(1 + exp(x))` and `log1p(exp(x))` -> `softplus(x)`,
    - `log(sum(exp(x)))` -> `m + log(sum(exp(x - m)))`, m = max(x).
    Run before tj-autodiff (so gradients are built from the stable forms)
    and after it. Each rewrite is counted; the function gets the attribute
    `tj.rewrites` listing the names of those that fired.
  }];
}

def TjFuseElementwise : Pass<"tj-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Group elementwise tj ops into tj.fused regions";
  let description = [{
    Elementwise ops joined by producer-consumer edges whose results have one
    shape form a group, and each group of two or more ops becomes one
    `tj.fused` op. `tj-lower-to-linalg` makes that one `linalg.generic`, one
    loop nest. A value of the group used outside it (by another op, as a
    function output or as a shared variable's update) becomes a result of
    the fused op, so the kernel writes several outputs in one pass. Ops
    whose results have another shape (a broadcast scalar, a reduction) stay
    outside, as inputs or users. A group stays convex: an op whose other
    operand depends on the group through an op outside it (e.g.
    `x - max(x)` after `x` was computed in the group) does not join.

    With `assume-no-runtime-broadcast` (what the JIT compiles: no dynamic
    size is a broadcast 1), a `tensor.dim` of an elementwise result first
    reads the size from an operand whose size in that dimension is dynamic,
    back to the first value that is not elementwise. Then a chain that
    only needs another's size (a gradient's `1/n`) no longer depends on
    it, and the two fuse.
  }];
  let options = [
    Option<"assumeNoRuntimeBroadcast", "assume-no-runtime-broadcast", "bool",
           /*default=*/"false",
           "Dynamic sizes are never broadcast 1s: sizes of elementwise "
           "results are their operands'">,
  ];
}

def TjLinalgToBlas : Pass<"tj-linalg-to-blas", "::mlir::ModuleOp"> {
  let summary = "Call an optimized BLAS for contractions on buffers";
  let description = [{
    After bufferization, `linalg.matmul`, `linalg.matvec`, `linalg.vecmat`
    and `linalg.dot` on f32 or f64 buffers become calls of
    `tj_rt_blas_{gemm,gemv,gevm,dot}_{f32,f64}` (C interface, declared in
    the module) with two last f64 arguments alpha and beta: they compute
    C = alpha A B + beta C. The operands are cast to fully dynamic strided
    layouts; the runtime passes row-major or transposed views to the BLAS by
    their strides.

    - alpha is 1 and beta is 1, accumulating as the linalg ops do, unless a
      `linalg.fill` of zeros into the same buffer comes before the op in its
      block with no op between that may read or write the buffer: then the
      fill is erased and beta is 0.
    - A product into a `memref.alloc` filled with zeros, read by nothing
      but one elementwise `linalg.generic` later in the block whose body
      yields `E + alpha * t`, `alpha * t + E` or `E - alpha * t` (t the
      product's element, used once; alpha a float constant other than 0,
      or absent; E not using t), whose output is not an operand of the
      product, and whose product operands nothing between writes: the
      generic becomes one without the product computing E into its output,
      followed by the call accumulating alpha A B there (beta 1). The
      temporary, its fill and its deallocation go.
    - An operand that is a `memref.alloc` written by a 2-d
      `linalg.transpose`, read only by contractions this pass replaces,
      whose source nothing between writes and which is not the product's
      output, is passed as a `memref.transpose` view of the source; the
      transpose and the temporary go.

    Aliasing: views (view-like ops, `memref.transpose`) of distinct
    `memref.alloc`/`alloca` results or distinct function arguments are
    taken not to share memory, as the buffers tensorjit passes its
    bufferized functions do not (outputs and update buffers are never an
    input's); any other pair of buffers may.

    With `library=cublas` (the GPU pipeline, on device buffers) only
    `linalg.matmul` is replaced, by `tj_rt_cublas_gemm_{f32,f64}` (same
    arguments; the declaration carries `tj.device_library`, which
    tj-gpu-parallelize leaves on the host), and only when it has at least
    `min-size` (>= 1) multiply-adds (m n k, known at run time) and then
    the runtime's `tj_rt_cublas_ready() -> i1` (declared likewise) says
    cuBLAS is usable: an `scf.if` runs the call or else the op as it was
    (with its fill), which the GPU pipeline makes kernels of. An elementwise
    `linalg.generic` right after the op that reads its output goes into
    both branches. Operands are passed as they are (no transposed views,
    no accumulation into a later kernel).
  }];
  let options = [
    Option<"library", "library", "std::string", /*default=*/"\"openblas\"",
           "openblas (CPU buffers) or cublas (device buffers)">,
    Option<"minSize", "min-size", "int64_t", /*default=*/"1",
           "cublas: the fewest multiply-adds (m n k) a product calls it for "
           "(at least 1)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def TjFuseOverRows : Pass<"tj-fuse-over-rows", "::mlir::ModuleOp"> {
  let summary = "Compute x.w, the row chain after it and g.x in one pass over x";
  let description = [{
    A `linalg.vecmat` g.x on tensors whose vector g is made row by row
    (row-wise elementwise generics, fills) from a `linalg.matvec` x.w of
    the same matrix is tiled along its rows: an `scf.for` over tiles of
    `rows-per-tile` rows accumulates into the vecmat's output, and each
    tile computes its rows of x.w, of the chain and of g first, so the
    tile of x is in cache when the vecmat reads it. Fused ops whose results
    are used elsewhere are yielded by the loop, not computed twice. The
    tile's matvec and vecmat become generics (loops, not BLAS calls), the
    vecmat's interchanged to run row by row.

    The rows are split between the threads the runtime gives the matrix
    (`tj_rt_cpu_threads(rows * columns)`): an `scf.forall` over chunks of
    `ceil(rows / threads)` rows (the last tile of each clipped at its end),
    each running the loop over its rows into its own row of
    partial products, which are summed after it. tj-cpu-parallelize runs
    the chunks (after scf-forall-to-parallel) one a thread.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"rowsPerTile", "rows-per-tile", "int64_t", /*default=*/"32",
           "Rows of the matrix each iteration of the loop takes">
  ];
}

def TjUnshareInits : Pass<"tj-unshare-inits", "::mlir::func::FuncOp"> {
  let summary = "Give every use of a tensor.empty or a fill of one its own copy";
  let description = [{
    CSE merges identical `tensor.empty` ops and the `linalg.fill`s of
    them (a fill is `linalg.fill` or a generic without inputs), so that two
    reductions can share one zero-filled init. In MLIR 22
    `eliminate-empty-tensors` then makes both write into one output buffer
    (test/e2e/shared-init.mlir). This pass undoes that sharing, one clone
    per use, right before empty-tensor elimination, which can then let
    every kernel write straight into its output.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TjCpuReductions : Pass<"tj-cpu-reductions", "::mlir::func::FuncOp"> {
  let summary = "Keep reductions' accumulators in registers, reassociable";
  let description = [{
    In each `scf.for` whose body loads one element of a buffer, at indices
    fixed for the loop, and later stores to it, while nothing else in the
    loop may touch that buffer (BufferAccess: distinct function arguments
    and allocations do not alias), the element is loaded once before the
    loop, carried through it (an iter_arg) and stored once after. That is
    what `convert-linalg-to-parallel-loops` makes of a reduction, whose
    output element is otherwise read and written each iteration. Inner
    loops go first, so a reduction over several dimensions carries its
    element through all of them. When the stored value comes from
    `arith.addf`, `mulf`, `maximumf`, `minimumf`, `maxnumf` or `minnumf`
    of the carried one, that op gets the `reassoc` fast-math flag, so that
    LLVM's loop vectorizer keeps several partial results in vector
    registers: a float sum then runs at memory speed instead of one add's
    latency per element, and sums in another order than the sequential
    one (as numpy's pairwise sums and XLA's vectorized ones do).

    A reduction over outer rows, an `scf.for` whose body is one
    `scf.parallel` over the row's outputs (a column sum), is unrolled by
    8 rows and jammed when the parallel loop's body (at most 12
    operations) loads its output element once, stores it once and
    otherwise only reads memory and computes: the loop steps 8 rows at a
    time, each output element is loaded, combined with the 8 rows' values
    in order and stored, and a loop as before does the rows left over. The
    sums are the same bits; the element's load and store, and the row
    loop's set-up, come once per 8 rows (column sums of 1e5 x 100 doubles
    ran 1.25x faster). Not a loop inside another loop (a tile of
    tj-fuse-over-rows, in cache, where the copies cost more than they
    save), nor one over `tj_rt_cpu_threads` rows (the threads' partial
    results, fewer than 8 rows). LLVM vectorizes the jammed loop without
    run-time overlap checks only because tj-alias-scopes tells it that the
    8 rows and the output are distinct buffers.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def TjCopiesToLinalg : Pass<"tj-copies-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "memref.copy that would call MLIR's memrefCopy as linalg.copy";
  let description = [{
    MemRefToLLVM lowers `memref.copy` to `llvm.memcpy` only between
    contiguous buffers (identity layouts, or static shapes contiguous in
    row-major order); any other copy becomes a call to `memrefCopy`, a C
    runner utility compiled code does not link. Bufferization leaves such
    copies of strided slices where it cannot write in place. Those become
    `linalg.copy`, lowered to loops with the other kernels; with `all`,
    every copy does (what the GPU's kernels need). A copy of a buffer onto
    itself is erased.
  }];
  let options = [
    Option<"all", "all", "bool", /*default=*/"false",
           "Every copy, contiguous or not">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def TjCpuParallelize : Pass<"tj-cpu-parallelize", "::mlir::ModuleOp"> {
  let summary = "Run large parallel loops on several CPU threads";
  let description = [{
    Each outermost `scf.parallel` without reductions whose body reads
    memory and makes no call (allocations are malloc's, thread-safe; what
    `convert-linalg-to-parallel-loops` makes of a kernel; fills are left
    alone) moves into a private function of the range of one dimension
    (the first that is not a static 1), `<function>_loop<N>(lo, hi,
    captured...)`, marked noinline so that the loop is compiled once. In
    its place, the runtime is asked how many threads the loop deserves,
    `tj_rt_cpu_threads(elements)`, elements being its innermost iterations
    (the product of its trip counts and of the loops it contains whose
    bounds are known before it; loops side by side add up); a loop over
    [0, tj_rt_cpu_threads(...)) (tj-fuse-over-rows's chunks) takes that
    call's count instead, one iteration a thread. With one
    thread, the function is called on the whole range. With more, each
    thread t of an `omp.parallel` region calls it on the t-th contiguous
    part of the range (of the team it gets), rounded to `alignment`
    iterations when that dimension is the innermost loop, so that threads
    do not share cache lines. Nested parallel loops stay sequential. The
    runtime (lib/runtime/CpuThreads.cpp) decides from the size, so small
    kernels pay one call and no thread.

    First, a reduction over outer rows (an outermost `scf.for` whose body
    is one `scf.parallel` over the outputs, beside pure index arithmetic:
    a column sum), with those right after it over the same outputs
    (tj-cpu-reductions' 8-row loop and the rows left over), moves into one
    parallel loop over [0, tj_rt_cpu_threads(their elements)) chunks of
    the outputs (multiples of `alignment`), each chunk running the loops
    over rows on its outputs. Each output still combines its rows in order
    on one thread. Only loops whose columns are independent (each store
    indexed by the column split, each load of a buffer stored to reading
    the stored element); not a loop over tj_rt_cpu_threads rows (the fold
    of the threads' partial rows).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::omp::OpenMPDialect",
                           "::mlir::scf::SCFDialect"];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"16",
           "Iterations each thread's range of a one-dimensional loop is a "
           "multiple of">
  ];
}

def TjGpuParallelize : Pass<"tj-gpu-parallelize", "::mlir::func::FuncOp"> {
  let summary = "Turn linalg on buffers into GPU-ready parallel loops";
  let description = [{
    Prepares a bufferized host function for `gpu-map-parallel-loops` and
    `convert-parallel-loops-to-gpu`, so that everything that touches memory
    runs on the device and the host only computes sizes and launches:
    - `memref.copy` becomes `linalg.copy`; every linalg op is generalized,
      its parallel dimensions are moved outermost, and it becomes an
      `scf.parallel` over them (reductions loop sequentially inside each
      thread); a `linalg.fill` of a reduction's output just before it
      becomes a store at the start of each thread that owns an element;
    - an `scf.for` marked `tj.independent_iterations` (the mrg31k3p
      streams) becomes an `scf.parallel`;
    - a 0-d buffer the host allocates and stores a value computed on the
      host in (from sizes and arguments, no memory read), and that is
      otherwise only read, is replaced by that value: kernels take it as
      an argument, with no one-thread kernel to store it;
    - a run of other memory accesses outside any parallel loop (a scalar
      store, a full reduction, an mrg31k3p draw) is wrapped in a
      one-iteration `scf.parallel`: one GPU thread runs it, in order;
    - each parallel loop is collapsed to one dimension, so that consecutive
      threads touch consecutive elements and the grid has room for any
      size, and tiled by `block-size` (the threads of a block); one mapped
      to the GPU already (tj-split-reductions' block reductions) stays as
      it is; one whose body is only loads, then computations, then stores
      runs `elements-per-thread` iterations in each thread (t, t + block
      size, ...), every iteration's loads first (at indices clamped to the
      last; with `gpu-allocations`, held there by an NVPTX inline asm of
      moves, which keeps LLVM's machine sinking from moving each load past
      the branches before its first use) and the stores of those in range
      last;
    - `memref.alloc`/`memref.dealloc` become `gpu.alloc`/`gpu.dealloc`,
      and a constant global that a parallel loop reads is read there (a
      `memref.get_global` in the loop, which kernel outlining copies into
      the kernel's module: device memory), not through a host pointer.
    A call of a host function on memory (the mt19937 runtime, the BLAS) or
    a value read from device memory that the host needs is an error.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect"];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of each parallel loop">,
    Option<"elementsPerThread", "elements-per-thread", "int64_t",
           /*default=*/"1",
           "Iterations per thread of a loop of loads, computations and "
           "stores, its loads first">,
    Option<"gpuAllocations", "gpu-allocations", "bool", /*default=*/"true",
           "Make allocations gpu.alloc (off: keep memref.alloc, to run the "
           "loops on the CPU in tests)">
  ];
}

def TjSplitReductions : Pass<"tj-split-reductions", "::mlir::func::FuncOp"> {
  let summary = "Split reductions on buffers into parallel partial folds";
  let description = [{
    A `linalg.generic` on buffers (named reductions such as the products
    are generalized first) that folds r elements into each of m outputs,
    one output owned by each parallel iteration (m = 1 for a full
    reduction), with an associative and commutative combiner (addf, mulf,
    maximumf, minimumf, maxnumf, minnumf, addi, muli, max/min si/ui, andi,
    ori, xori) applied to the accumulator once, becomes `scf.parallel`
    over m * C threads, C = min(ceil(r / 32), max(1, partials / m)),
    thread (o, c) folding the elements c, c + C, c + 2C, ... of output o
    (the threads of one output are neighbours when the largest input's
    innermost dimension is reduced, so that neighbours read neighbours),
    and `scf.parallel` over the m outputs, each folding its C partials into
    its initial value (as the first operand, as linalg's reduction does).
    A full reduction has a second level in between, min(ceil(C / 32), 256)
    threads, so that its last step is short. Each fold loads 8 elements
    before it combines them, so that a thread waits once for 8 loads.
    Floating-point folds are thus reassociated. The choice is made at run
    time, under an `scf.if`: with fewer than `minimum-size` elements per
    output, or more than partials / 2 outputs (their own threads then fill
    the machine), the reduction stays as it is. A `linalg.fill` of the
    output just before goes into both branches: the last step starts from
    its value. Used by the GPU pipeline, where a reduction otherwise runs
    one thread per output.

    With `cooperative-threads` T > 0, a reduction whose threads can read
    neighbouring elements gets a third branch, taken first, of one block of
    threads per output or per few outputs. Rows: for a full reduction, or
    one whose largest input's innermost dimension is reduced, when 32 < r
    <= 32 T and m < 2^31, `scf.parallel` over the m outputs mapped to
    blocks (`block_x`), in which an `scf.parallel` over min(T, r) threads
    (`thread_x`) with the output's initial value as its init folds the
    elements t, t + T, ... in each thread and combines the folds in its
    `scf.reduce`; after it, the output is stored and the epilogue runs on
    it. Columns: for one whose largest input's innermost dimension is the
    last parallel one, W = min(m, T, outputs-per-block) neighbouring
    outputs a block with P = T / W threads each, when 32 < r <= 32 P and
    2m <= partials (with more outputs, their own threads read neighbours
    and fill the machine): `scf.parallel` over ceil(m / W) blocks, in it one
    over the W outputs (`thread_x`, output o = block * W + x, the last
    output's index past the end), in it the reduction over min(P, r)
    threads (`thread_y`), after which the output is stored and the epilogue
    run if o < m. With P = 1 there is no such branch. In either form, an epilogue that may write a buffer the
    reduction reads, which other blocks may still be reading, follows the
    loops instead. The element type must be an integer or float of at most
    32 bits or of 64 (what gpu.all_reduce lowers). tj-gpu-block-reductions
    makes each form one kernel; on the CPU they run as loops.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
  let options = [
    Option<"partials", "partials", "int64_t", /*default=*/"65536",
           "Threads of the first step, at most">,
    Option<"minimumSize", "minimum-size", "int64_t", /*default=*/"128",
           "Fewer elements per output than this (at run time) keep the "
           "plain reduction">,
    Option<"cooperativeThreads", "cooperative-threads", "int64_t",
           /*default=*/"0",
           "Threads of a block that reduces one output together (at most "
           "1024); 0: no such branch">,
    Option<"outputsPerBlock", "outputs-per-block", "int64_t",
           /*default=*/"4",
           "Neighbouring outputs of a column reduction a cooperative block "
           "holds, W (1 to 32)">
  ];
}

def TjGpuBlockReductions
    : Pass<"tj-gpu-block-reductions", "::mlir::func::FuncOp"> {
  let summary = "Make block-mapped reductions kernels that combine in blocks";
  let description = [{
    `convert-parallel-loops-to-gpu` cannot lower an `scf.parallel` with a
    reduction. This pass lowers the two forms tj-split-reductions makes,
    one-dimensional `scf.parallel` loops from 0 step 1 whose bounds are
    defined outside the outermost, each becoming a `gpu.launch` of one
    block per iteration of the loop mapped to `block_x`:
    - rows: holding one mapped to `thread_x` with one reduction, one thread
      per iteration. Its `scf.reduce` region becomes a `gpu.all_reduce`
      over the block;
    - columns: holding, last, one mapped to `thread_x` (no reduction), which
      holds one mapped to `thread_y` with one reduction: a block of x by y
      threads. Each thread stores its fold in workgroup memory at
      y * blockDim.x + x (as many slots as the bounds allow: constants, or
      the smaller of a constant and something, else 1024), and while more
      than one row of folds is left, the first half (rounded up) combines
      the second into its own, between `gpu.barrier`s.
    What comes before the reduction loop (reads only) runs in every thread,
    the reduction loop's body in its thread; its result is the combined
    folds combined into its init, from which the rest of the body it is in
    runs in each output's first thread (x = 0 for rows, y = 0 for columns).
    Any other mapped `scf.parallel` with a reduction is an error.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect"];
}

def TjGpuLaunchAccesses
    : Pass<"tj-gpu-launch-accesses", "::mlir::ModuleOp"> {
  let summary = "Tell the runtime which buffers each kernel launch reads "
                "and writes";
  let description = [{
    Before each `gpu.launch_func` (after kernel outlining), calls
    `tj_rt_gpu_access(pointer, writes)` (declared here, i64 x i64) once per
    memref operand: its aligned pointer, and 1 if the kernel may write it
    (an op of the kernel writes, frees or allocates through a view of that
    argument), else 0. A launch gets no call if its kernel has an op whose
    effects are unknown, or a write through memory not derived from a
    memref argument (other than its own allocas and workgroup or private
    memory), or if it passes memory other than ranked memrefs (a pointer,
    an unranked memref): the runtime orders a launch told nothing after
    and before everything. Terminators, `gpu.barrier` and `gpu.all_reduce`
    (whose region is walked like any other) touch no buffer. The runtime orders a CUDA
    graph's kernels by these accesses: kernels that only read what another
    writes, or write what it reads, wait for it; the others may run side by
    side.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TjGpuMergeModules : Pass<"tj-gpu-merge-modules", "::mlir::ModuleOp"> {
  let summary = "Move the kernels into one gpu.module, or one per compile "
                "thread";
  let description = [{
    After `gpu-kernel-outlining`, which puts each kernel in a `gpu.module`
    of its own with copies of the symbols it uses: the kernels move into
    `parts` modules (fewer if there are fewer kernels, or if a module would
    hold less than `min-part-size` operations of kernels). Each group of
    about equal size (the largest kernels first, each to the smallest
    group) merges into its first module in the host module's order: a
    kernel moved there is named after the module it leaves (unique in the
    host module) if it was that module's only kernel, else keeps its name;
    either is renamed further if taken. The other symbols are kept once per
    module (copies of one name must print alike, else it is an error), and
    each `gpu.launch_func` names its kernel's new module. A module is one
    `gpu.binary`: libdevice is linked and the NVPTX backend set up once per
    module rather than once per kernel, the modules compile on threads of
    their own (`tj-gpu-serialize`), and the driver loads one module per
    part. Each module gets NVPTX's LLVM data layout (`llvm.data_layout`,
    i64 aligned to 8 bytes, as libdevice has it): with none, LLVM's default
    aligns i64 to 4 and every i64 load or store becomes two 32-bit ones.
  }];
  let options = [
    Option<"parts", "parts", "unsigned", /*default=*/"1",
           "The most kernel modules to leave (compile threads)">,
    Option<"minPartSize", "min-part-size", "unsigned", /*default=*/"0",
           "The fewest operations of kernels a module holds when they are "
           "split (0: no minimum)">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def TjGpuSerialize : Pass<"tj-gpu-serialize", "::mlir::ModuleOp"> {
  let summary = "Compile each gpu.module to PTX on a thread of its own";
  let description = [{
    What upstream's `gpu-module-to-binary{format=isa}` does (each
    `gpu.module` replaced by a `gpu.binary` holding one object per target,
    through the targets' own serializer: for `#nvvm.target`, libdevice
    linked, LLVM's optimization and the NVPTX backend), with the modules
    compiled in parallel rather than one after another: on the context's
    thread pool, which the pass enables for the compile if the context
    runs single-threaded (as the JIT's does) and disables again after.
    `tj-gpu-merge-modules{parts=N}` sets how many modules there are.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def TjAliasScopes : Pass<"tj-alias-scopes", "::mlir::ModuleOp"> {
  let summary = "Tell LLVM which loads and stores touch distinct buffers";
  let description = [{
    Every `llvm.load` and `llvm.store` whose address is traced to the buffer
    it is in gets that buffer's alias scope, and as `noalias` the scopes of
    the other buffers accessed in the same compiled function (the entry and
    the loops outlined from it, one scope domain for them). Once LLVM has
    outlined the OpenMP regions and loaded the pointers of memref
    descriptors, it can no longer tell a malloc'd buffer from an output, and
    vectorizes loops behind run-time overlap checks; the scopes answer that.

    An address is traced back through `getelementptr`, descriptor fields
    (`extractvalue` of `insertvalue`) and the aligned pointer of a
    `memref.alloc` (`inttoptr` of the malloc'd address rounded up) to a
    buffer:
    - a `malloc`, `aligned_alloc` or `calloc` result, or an `alloca`;
    - an entry function's memref argument (its allocated and aligned
      pointers, adjacent in the expanded descriptor): tensorjit passes its
      compiled functions distinct buffers for what they write, and inputs
      only read (see BufferAccess.h). An entry is a function with
      `llvm.emit_c_interface`, not its `_mlir_ciface_` wrapper;
    - an argument of a private function (an outlined loop) that every call
      passes the same traced buffer.
    Anything else (a pointer loaded from memory, a select, a loop-carried
    block argument) is not traced, and its accesses keep no scope, so
    nothing is claimed about them.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // TENSORJIT_PASSES
