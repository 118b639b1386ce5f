//===- TjTypes.td - tj dialect types ---------------------------*- tablegen -*-===//

#ifndef TENSORJIT_TJ_TYPES
#define TENSORJIT_TJ_TYPES

include "dialects/tj/TjDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Tj_RngKind : I32EnumAttr<"RngKind", "a random number generator", [
    I32EnumAttrCase<"MT19937", 0, "mt19937">,
    I32EnumAttrCase<"MRG31k3p", 1, "mrg31k3p">]> {
  let cppNamespace = "::mlir::tj";
  let genSpecializedAttr = 0;
}

def Tj_RngType : TypeDef<Tj_Dialect, "Rng"> {
  let mnemonic = "rng";
  let summary = "The state of a random number generator";
  let description = [{
    A generator state is a value: random ops take one and return the draw
    and the next state, so a graph's random numbers depend only on the
    states it is given. `tj.make_rng` and `tj.rng_data` convert to and from
    the state's storage, which `tj-lower-to-linalg` uses in place of the
    type:

    - `!tj.rng<mt19937>`: numpy's legacy `RandomState`, stored as
      `tensor<314xi64>` (624 key words as 32-bit integers, the position and
      the has-gauss flag as two 32-bit integers, the cached gaussian as a
      double). Its draws are made by the runtime (`tj_rt_mt19937_*`), since
      MT19937 is sequential.
    - `!tj.rng<mrg31k3p>`: Theano's MRG31k3p, stored as `tensor<?x6xi32>`,
      one row per stream; element `i` of a draw comes from stream
      `i mod streams`. Its draws are generated inline.
  }];
  let parameters = (ins EnumParameter<Tj_RngKind>:$kind);
  let assemblyFormat = "`<` $kind `>`";
}

#endif // TENSORJIT_TJ_TYPES
