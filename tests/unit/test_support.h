// Helpers shared by the unit tests: reading files, the built blobs, and the golden TSV fixtures.
#pragma once
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine.h"

namespace consentry::test {

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Rows of a fixture: tab-separated, first line is the header, '#' lines are comments.
// "\t" inside a cell is written as "\\t" in the file and unescaped here; "-" means empty.
struct Fixture {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  std::string get(size_t row, const std::string& column) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == column) return i < rows[row].size() ? rows[row][i] : "";
    throw std::runtime_error("fixture has no column " + column);
  }
};

inline Fixture readFixture(const std::string& name) {
  Fixture f;
  std::istringstream in(readFile(std::string(CONSENTRY_FIXTURES) + "/" + name));
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, '\t')) {
      if (cell == "-") cell.clear();
      cells.push_back(cell);
    }
    if (!line.empty() && line.back() == '\t') cells.push_back("");
    if (f.header.empty()) f.header = cells;
    else {
      f.rows.push_back(cells);
      f.lines.push_back(lineNo);
    }
  }
  return f;
}

inline Engine& coreEngine() {
  static Engine e = [] {
    Engine x;
    std::string err = x.loadDatabase(readFile(CONSENTRY_CORE_DB));
    if (!err.empty()) throw std::runtime_error(err);
    return x;
  }();
  return e;
}

}  // namespace consentry::test
