//===- logistic_regression.cpp - The seed tutorial's training example -----===//
//
// SPEC.md §6: logistic regression on random data, trained by gradient
// descent with T::grad, w and b shared variables updated by the compiled
// step. Prints the cost before and after, the time per step and the
// training accuracy.
//
//   logistic_regression [steps] [cpu|cuda]
// With `cuda`, w and b live on the GPU and every function runs there.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace T = tensorjit;

int run(int argc, char **argv) {
  const int N = 400, feats = 784;
  const int steps = argc > 1 ? std::atoi(argv[1]) : 10000;
  const T::Device device = argc > 2 && std::string(argv[2]) == "cuda"
                               ? T::Device::cuda(0)
                               : T::Device::cpu();
  T::RandomState rng(0);
  T::Array Dx = rng.randn({N, feats});
  T::Array Dy = rng.randint(0, 2, {N});

  auto x = T::matrix("x");
  auto y = T::vector("y");
  auto w = T::shared(rng.randn({feats}), "w", device);
  auto b = T::shared(0., "b", device);

  auto p_1 = 1 / (1 + T::exp(-T::dot(x, w) - b));           // probability of 1
  auto prediction = p_1 > 0.5;                              // the prediction
  auto xent = -y * T::log(p_1) - (1 - y) * T::log(1 - p_1); // cross-entropy
  auto cost = xent.mean() + 0.01 * (w * w).sum(); // with L2 regularization
  auto [gw, gb] = T::grad(cost, {w, b});

  auto train = T::function(
      {x, y}, {prediction, xent},
      {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}, .name = "train"});
  auto predict = T::function({x}, prediction, {.name = "predict"});
  auto evaluate = T::function({x, y}, cost, {.name = "cost"});

  std::cout << "initial cost: " << evaluate(Dx, Dy) << "\n";
  train(Dx, Dy); // compiles
  auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < steps; ++i)
    train(Dx, Dy);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "final cost:   " << evaluate(Dx, Dy) << "\n";
  std::cout << "time per step: " << seconds / std::max(1, steps - 1) * 1e6
            << " us (" << steps << " steps)\n";

  T::Array predicted = predict(Dx);
  int correct = 0;
  for (int i = 0; i < N; ++i)
    correct += predicted.at<bool>(i) == (Dy.at<int64_t>(i) == 1);
  std::cout << "training accuracy: " << 100.0 * correct / N << "% (" << correct
            << " of " << N << ")\n";
  std::cout << "b = " << b.get_value() << "\n";
  return correct == N ? 0 : 1;
}

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const T::Error &error) {
    std::cerr << "logistic_regression: " << error.what() << "\n";
    return 2;
  }
}
