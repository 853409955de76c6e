// The compiler options of a typical strict consumer of the package on Node (ES modules, NodeNext
// resolution, no @types packages): what the package test type-checks its consumer with, and what
// the benchmark times. Each adds what its job needs (emit, lib checks).
export const consumerCompilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: [],
  strict: true,
};
