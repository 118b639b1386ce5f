// Prints the seed's logistic function through an installed tensorjit.
#include <tensorjit/tensorjit.h>

#include <iostream>

namespace T = tensorjit;

int main() {
  auto x = T::dmatrix("x");
  auto logistic = T::function({x}, 1 / (1 + T::exp(-x)));
  std::cout << logistic(T::array({{0., 1.}, {-1., -2.}})) << "\n";
}
