// Workload for the profile captures: C++ frames whose names hold commas, spaces, templates and namespaces.
// Built by the capture (g++ -O1 -g -fno-omit-frame-pointer) as pctl-shapes; spins for argv[1] seconds (default 2.5).
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace geo {
template <typename T> struct Shape {
  T w, h;
  __attribute__((noinline)) T area(int scale, const std::string &tag) const {
    volatile T a = 0;
    for (int i = 0; i < 200000; i++) a = a + w * h * scale;
    return a + tag.size();
  }
};
} // namespace geo

volatile double total;

__attribute__((noinline)) void burn(std::map<std::string, std::vector<int>> &seen, double seconds) {
  auto start = std::chrono::steady_clock::now();
  geo::Shape<double> shape{1.5, 2.5};
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) total = total + shape.area(3, "x");
  seen["done"].push_back(1);
}

int main(int argc, char **argv) {
  std::map<std::string, std::vector<int>> seen;
  burn(seen, argc > 1 ? std::atof(argv[1]) : 2.5);
  return 0;
}
